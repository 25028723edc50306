"""Integrity signals (issue 21): patterns in a year's data that a reviewer should ask about —
questions, not accusations. Each signal states its rule, compares one statistic with its threshold
(``contract.signals.SignalRules``: a contract's ``signals:`` block, else the defaults) and counts its evidence; the
company-level evidence (which rows, which companies) is returned apart, for the hub's internal
CSV, and never enters the results or the pages.

- **burst** (per subject: activities, referral flags, growth-programme flags, new companies): the
  share of the year's items dated in its last ``weeks`` weeks, against the same share the year
  before (or, without enough items that year, the share the year's other weeks would give them).
- **bulk** (referral and growth-programme flags, individual activities): the most rows registered
  within any ``minutes`` minutes (``registered_at``; not assessed where the export lacks it).
- **late**: rows counted in the year but registered more than ``grace_days`` after the period
  ended; rows registered more than ``lag_days`` after their date.
- **lookalike** (``engine/lookalike.py``): one CVR under several company ids; a company new this year
  whose CVR was guided the year before under another id; near-identical names (``name_key``) under
  several company ids in one municipality, unless each has its own CVR number.
- **jump** (per company_ratio target on the activities): the year-to-date share's change in the
  last month, against the spread of the earlier months' changes, when it crossed the threshold.

All vectorised (polars): no loop over rows. Bursts and late registrations after the period need
the year to be over; the rows read are those of the year and the year before (``reads``). What a
signal reads and how its result and evidence are made: ``engine/signal_year.py``. The evidence is a
query, collected only for check-data's internal CSV (an evaluation does not keep it).
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping, Sequence
from datetime import date, datetime, timedelta
from itertools import pairwise
from statistics import fmean, pstdev

import polars as pl

from hubmonitor.contract.filters import Where
from hubmonitor.contract.model import Contract
from hubmonitor.contract.signals import SignalRules
from hubmonitor.contract.targets import CompanyRatioTarget
from hubmonitor.engine.context import UsableRows, Window, where_expr
from hubmonitor.engine.lookalike import name_key, name_keys, returning, same_cvr, same_name
from hubmonitor.engine.pace import month_ends
from hubmonitor.engine.reads import SIGNAL_YEARS_BACK, year_over
from hubmonitor.engine.signal_year import (
    EVIDENCE_COLUMNS,
    NAME,
    Evidence,
    Signals,
    Year,
    assessed,
    evidence_of,
    no_evidence,
    not_assessed,
    pct,
    share_of,
)
from hubmonitor.report import SignalResult

SUBJECTS: dict[str, tuple[tuple[str, str], pl.Expr | None]] = {
    "activities": (("aktiviteter", "activities"), None),
    "referred": (("henvisninger", "referrals"), pl.col("referred")),
    "growth_programme": (("vækstforløb", "growth programmes"), pl.col("growth_programme")),
}


def _registered_late() -> tuple[pl.Expr, pl.Expr]:
    """The evidence's words for a row registered late: 'dateret 01.06.2024, registreret 15.01.2025'."""
    return (pl.format("dateret {}, registreret {}", pl.col("date").dt.strftime("%d.%m.%Y"),
                      pl.col("registered_at").dt.strftime("%d.%m.%Y")),
            pl.format("dated {}, registered {}", pl.col("date").dt.strftime("%Y-%m-%d"),
                      pl.col("registered_at").dt.strftime("%Y-%m-%d")))


# --- bursts -------------------------------------------------------------------------------------------------

def _counts(rows: pl.DataFrame, flag: pl.Expr | None, start: date) -> tuple[int, int]:
    """The rows a burst counts (every row, or those with the subject's flag) and those of them dated
    from ``start``: one pass, no copy."""
    dated = pl.col("date") >= start
    if flag is None:
        items, late = rows.select(pl.len().alias("n"), dated.sum().alias("late")).row(0)
    else:
        counted = flag.fill_null(False)
        items, late = rows.select(counted.sum().alias("n"), (counted & dated).sum().alias("late")).row(0)
    return int(items), int(late)


def _in_year(day: date, year: int) -> date:
    """``day``'s month and day in ``year`` (29 February in a year without it: the 28th)."""
    if (day.month, day.day) == (2, 29) and not calendar.isleap(year):
        return date(year, 2, 28)
    return day.replace(year=year)


def _last_weeks(end: date, weeks: int) -> date:
    return end - timedelta(days=7 * weeks - 1)


def burst(y: Year, subject: str, rules: SignalRules) -> tuple[SignalResult, Evidence]:
    names = SUBJECTS[subject][0] if subject in SUBJECTS else ("nye virksomheder", "new companies")
    sid, weeks = f"burst.{subject}", rules.burst_weeks
    title = (f"Mange {names[0]} i periodens sidste {weeks} uger", f"Many {names[1]} in the period's last {weeks} weeks")
    rule = (f"Andelen af årets {names[0]} dateret i de sidste {weeks} uger før periodens slutning sammenlignes med "
            f"samme andel året før (eller med den andel, årets øvrige uger giver, når året før har under "
            f"{rules.burst_min_baseline}); bør undersøges ved mindst {rules.burst_factor:g} gange den og mindst "
            f"{rules.burst_points * 100:g} procentpoint over, med mindst {rules.burst_min_rows} i ugerne.",
            f"The share of the year's {names[1]} dated in the last {weeks} weeks before the period's end, compared "
            f"with the same share the year before (or with the share the year's other weeks give, when the year "
            f"before has fewer than {rules.burst_min_baseline}); to be looked into at {rules.burst_factor:g} times "
            f"it or more and at least {rules.burst_points * 100:g} points above, with at least "
            f"{rules.burst_min_rows} in those weeks.")
    if not y.over:
        # the threshold is a share only once the baseline is known: until then the factor, as a ratio
        return not_assessed(sid, "burst", title, rule, "ratio", rules.burst_factor,
                             ("året er ikke omme", "the year is not over")), no_evidence()
    start = _last_weeks(y.period_end, weeks)
    rows, flag = (y.new_rows, None) if subject == "new_companies" else (y.rows, SUBJECTS[subject][1])
    items, late = _counts(rows, flag, start)
    share = share_of(late, items)
    baseline, basis = None, "other_weeks"
    if subject != "new_companies":
        earlier_start = _last_weeks(_in_year(y.period_end, y.year - 1), weeks)
        before, before_late = _counts(y.before, flag, earlier_start)
        if before >= rules.burst_min_baseline:
            baseline, basis = share_of(before_late, before), "year_before"
    if baseline is None:  # the share the year's other weeks would give the last weeks, day for day
        days = (y.period_end - y.window.start).days + 1
        baseline = share_of(round((items - late) * (7 * weeks) / max(1, days - 7 * weeks)), items) if items else None
    threshold = max(rules.burst_factor * (baseline or 0.0), (baseline or 0.0) + rules.burst_points)
    investigate = (share is not None and late >= rules.burst_min_rows and share >= threshold)
    result = assessed(sid, "burst", title, rule, "share", round(threshold, 12), share, late, investigate,
                     baseline=baseline, details={"items": items, "in_last_weeks": late,
                                                 "from": start.isoformat(), "baseline": basis})
    if not investigate:
        return result, no_evidence()
    dated = pl.col("date") >= start
    detail = (pl.format("dateret {} i de sidste {} uger", pl.col("date").dt.strftime("%d.%m.%Y"), pl.lit(weeks)),
              pl.format("dated {} in the last {} weeks", pl.col("date").dt.strftime("%Y-%m-%d"), pl.lit(weeks)))
    return result, evidence_of(rows.lazy().filter(dated if flag is None else flag & dated), sid, y.year, detail)


# --- bulk registrations ---------------------------------------------------------------------------------------

BULK_SUBJECTS = {"referred": pl.col("referred"), "growth_programme": pl.col("growth_programme"),
                 "individual": pl.col("activity_type") == "individuel"}
BULK_NAMES = {"referred": ("henvisninger", "referrals"), "growth_programme": ("vækstforløb", "growth programmes"),
              "individual": ("individuelle vejledninger", "individual guidance activities")}


def _untimed(y: Year) -> tuple[str, str] | None:
    """Why the registration times cannot be looked at: the year has no activity to look at, or the
    export gives no ``registered_at`` (the column is missing or empty on every row); None: they can."""
    if y.rows.height == 0:
        return NO_ROWS
    if "registered_at" not in y.rows.columns or y.rows["registered_at"].null_count() == y.rows.height:
        return NO_TIMES
    return None


NO_TIMES = ("eksporten har ingen registreringstidspunkter (registered_at)",
            "the export has no registration times (registered_at)")
NO_ROWS = ("ingen aktiviteter i perioden", "no activities in the period")


def bulk(y: Year, subject: str, rules: SignalRules) -> tuple[SignalResult, Evidence]:
    names, sid, minutes = BULK_NAMES[subject], f"bulk.{subject}", rules.bulk_minutes
    title = (f"Mange {names[0]} registreret på kort tid", f"Many {names[1]} registered within a short time")
    rule = (f"Det største antal {names[0]} registreret inden for {minutes} minutter (kolonnen registered_at); bør "
            f"undersøges ved {rules.bulk_rows} eller flere.",
            f"The largest number of {names[1]} registered within {minutes} minutes (the registered_at column); to "
            f"be looked into at {rules.bulk_rows} or more.")
    if (untimed := _untimed(y)) is not None:
        return not_assessed(sid, "bulk", title, rule, "count", rules.bulk_rows, untimed), no_evidence()
    subject_rows = BULK_SUBJECTS[subject].fill_null(False)
    items = int(y.rows.select(subject_rows.sum()).item())
    timed = 0
    busiest: tuple[int, datetime | None, str | None] = (0, None, None)  # (rows, from when, in which folder)
    # each folder's own registrations (several folders: several CRMs, whose minutes are not one queue; a
    # review: five hubs' 9, 6, 8, 10 and 8 in an hour were 23 together, "to be looked into")
    for folder in y.folders or (None,):
        mine = subject_rows if folder is None else subject_rows & pl.col("_file").str.starts_with(f"{folder}/")
        times = (y.rows.lazy().filter(mine & pl.col("registered_at").is_not_null())
                 .select(pl.col("registered_at").sort()).collect().to_series())
        timed += times.len()
        if not times.len():
            continue
        # for each time, the rows registered from it to ``minutes`` later: one sorted search, no loop
        ends = times.search_sorted(times + timedelta(minutes=minutes), side="left")
        counts = ends - pl.Series(range(times.len()), dtype=ends.dtype)
        top = int(counts.max() or 0)  # type: ignore[arg-type]
        if top > busiest[0]:  # (the first busiest window: its first time, to ``minutes`` later)
            busiest = (top, times[int(counts.arg_max() or 0)], folder)
    top, start, folder = busiest
    investigate = top >= rules.bulk_rows
    result = assessed(sid, "bulk", title, rule, "count", rules.bulk_rows, top, top if investigate else 0, investigate,
                     details={"rows": items, "without_time": items - timed, **({"folder": folder} if folder else {})})
    if not investigate or start is None:
        return result, no_evidence()
    within = pl.col("registered_at").is_between(start, start + timedelta(minutes=minutes), closed="left")
    if folder is not None:
        within = within & pl.col("_file").str.starts_with(f"{folder}/")
    window = y.rows.lazy().filter(subject_rows & within).sort("registered_at", maintain_order=True)
    where = ("", "") if folder is None else (f" i {folder}", f" in {folder}")
    detail = (pl.format("{} registreret inden for {} min fra {}{}", pl.lit(top), pl.lit(minutes),
                        pl.lit(start.strftime("%d.%m.%Y kl. %H.%M")), pl.lit(where[0])),
              pl.format("{} registered within {} min from {}{}", pl.lit(top), pl.lit(minutes),
                        pl.lit(start.strftime("%Y-%m-%d %H:%M")), pl.lit(where[1])))
    return result, evidence_of(window, sid, y.year, detail)


# --- late registrations ---------------------------------------------------------------------------------------

def _timed_and(rows: pl.DataFrame, late: pl.Expr) -> tuple[int, int]:
    """The rows with a registration time, and those of them registered ``late``: one pass."""
    timed, n = rows.select(pl.col("registered_at").is_not_null().sum().alias("n"), late.sum().alias("late")).row(0)
    return int(timed), int(n)


def after_period(y: Year, rules: SignalRules) -> tuple[SignalResult, Evidence]:
    sid, grace = "late.after_period", rules.late_grace_days
    title = ("Registreret efter periodens slutning", "Registered after the period ended")
    rule = (f"Rækker dateret i perioden, men registreret mere end {grace} dage efter periodens slutning; bør "
            f"undersøges ved {rules.late_rows} eller flere.",
            f"Rows dated in the period but registered more than {grace} days after it ended; to be looked into at "
            f"{rules.late_rows} or more.")
    if (untimed := _untimed(y)) is not None:
        return not_assessed(sid, "late", title, rule, "count", rules.late_rows, untimed), no_evidence()
    if not y.over:
        return not_assessed(sid, "late", title, rule, "count", rules.late_rows,
                             ("året er ikke omme", "the year is not over")), no_evidence()
    limit = datetime.combine(y.period_end + timedelta(days=grace + 1), datetime.min.time())
    after = pl.col("registered_at") >= limit
    timed, late = _timed_and(y.rows, after)
    investigate = late >= rules.late_rows
    result = assessed(sid, "late", title, rule, "count", rules.late_rows, late, late, investigate,
                     details={"rows": timed})
    return result, evidence_of(y.rows.lazy().filter(after), sid, y.year, _registered_late()) if late else no_evidence()


def lag(y: Year, rules: SignalRules) -> tuple[SignalResult, Evidence]:
    sid, days = "late.lag", rules.lag_days
    title = ("Registreret længe efter aktiviteten", "Registered long after the activity")
    rule = (f"Andelen af årets rækker registreret mere end {days} dage efter aktivitetens dato; bør undersøges ved "
            f"{pct(rules.lag_share)} eller mere.",
            f"The share of the year's rows registered more than {days} days after the activity's date; to be looked "
            f"into at {rules.lag_share * 100:g} % or more.")
    if (untimed := _untimed(y)) is not None:
        return not_assessed(sid, "late", title, rule, "share", rules.lag_share, untimed), no_evidence()
    lagging = (pl.col("registered_at").dt.date() - pl.col("date")).dt.total_days() > days
    timed, late = _timed_and(y.rows, lagging)
    share = late / timed
    investigate = share >= rules.lag_share
    result = assessed(sid, "late", title, rule, "share", rules.lag_share, share, late, investigate,
                     details={"rows": timed})
    if not investigate:
        return result, no_evidence()
    return result, evidence_of(y.rows.lazy().filter(lagging), sid, y.year, _registered_late())

# --- sudden jumps -------------------------------------------------------------------------------------------

def _month_ends(window: Window) -> list[date]:
    """The month ends of the window (``pace.month_ends``), and its last day when that ends no month."""
    ends = month_ends(window.start, window.end)
    return ends if ends and ends[-1] == window.end else [*ends, window.end]


def _course(y: Year, target: CompanyRatioTarget, ends: Sequence[date]) -> list[float | None] | None:
    """The target's year-to-date value at each of ``ends``, as the metric computes it at the year end:
    distinct companies of the numerator over the sum of each denominator term's (by hashed id). None
    where a numerator's company is in no term, as the metric then has no figure (``company_ratio``)."""
    def firsts(where: Where) -> pl.Series:
        return (y.hashed().filter(where_expr(where)).group_by("_h").agg(pl.col("date").min())
                .collect()["date"].sort())

    if not target.numerator_in_a_term:
        inside = pl.concat([y.hashed().filter(where_expr(w)).select("_h") for w in target.denominator])
        if (y.hashed().filter(where_expr(target.numerator)).select("_h")
                .join(inside, on="_h", how="anti").limit(1).collect().height):
            return None

    def counted(series: pl.Series) -> list[int]:
        return [int(n) for n in series.search_sorted(pl.Series(ends, dtype=pl.Date), side="right")]

    numerator = counted(firsts(target.numerator))
    terms = [counted(firsts(w)) for w in target.denominator]
    return [n / d if (d := sum(t[i] for t in terms)) else None for i, n in enumerate(numerator)]


def _mid_sentence(title: str) -> str:
    """A target's title inside a sentence: its capital dropped ("Pludseligt spring i balance mellem …"),
    unless it is a name ("Net Promoter Score") or an abbreviation ("NPS")."""
    first, space, rest = title.partition(" ")
    if first[:1].isupper() and first[1:2].islower() and not rest[:1].isupper():
        return first[:1].lower() + first[1:] + space + rest
    return title


def jump(y: Year, target: CompanyRatioTarget, threshold: float | None, rules: SignalRules
         ) -> tuple[SignalResult, Evidence]:
    sid = f"jump.{target.id}"
    title = (f"Pludseligt spring i {_mid_sentence(target.title)}",
             f"Sudden jump in {_mid_sentence(target.title_en or target.title)}")
    rule = (f"Ændringen i årets løbende værdi i den seneste måned sammenlignes med de tidligere måneders ændringer; "
            f"bør undersøges, når den er mindst {rules.jump_points * 100:g} procentpoint og over gennemsnittet plus "
            f"{rules.jump_sd:g} standardafvigelser, og værdien i den måned kom over målet.",
            f"The change in the year-to-date value in the latest month, compared with the earlier months' changes; "
            f"to be looked into when it is at least {rules.jump_points * 100:g} points and above their mean plus "
            f"{rules.jump_sd:g} standard deviations, and the value crossed the target in that month.")
    ends = _month_ends(y.window)
    values = _course(y, target, ends)
    if values is None:
        return not_assessed(sid, "jump", title, rule, "pp", round(rules.jump_points * 100, 10),
                            ("tællerens virksomheder er ikke alle i nævneren, så målet har intet tal",
                             "the numerator's companies are not all in the denominator, so the target has no "
                             "figure")), no_evidence()
    known = [v for v in values if v is not None]
    if len(known) < 4 or values[-1] is None or values[-2] is None:
        return not_assessed(sid, "jump", title, rule, "pp", round(rules.jump_points * 100, 10),  # in points
                             ("for få måneder med en værdi", "too few months with a value")), no_evidence()
    changes = [b - a for a, b in pairwise(known)]
    earlier, last = changes[:-1], changes[-1]
    mean, spread = fmean(earlier), pstdev(earlier)
    limit = max(mean + rules.jump_sd * spread, rules.jump_points)
    crossed = threshold is not None and known[-2] < threshold <= known[-1]
    investigate = last >= limit and crossed
    result = assessed(sid, "jump", title, rule, "pp", round(limit * 100, 10), round(last * 100, 10), 0, investigate,
                     baseline=round(mean * 100, 10),
                     details={"month_ends": [d.isoformat() for d in ends], "values": values, "target": threshold,
                              "crossed": crossed})
    if not investigate:
        return result, no_evidence()
    month_start = date(ends[-1].year, ends[-1].month, 1)
    rows = y.rows.filter((pl.col("date") >= month_start) & where_expr(target.numerator))
    result = result.model_copy(update={"evidence": rows.height})
    detail = (pl.format("talt med i tælleren i {}", pl.lit(month_start.strftime("%m.%Y"))),
              pl.format("counted in the numerator in {}", pl.lit(month_start.strftime("%Y-%m"))))
    return result, evidence_of(rows, sid, y.year, detail)


# --- all of them ------------------------------------------------------------------------------------------------

def year_of(activity_rows: UsableRows, window: Window, period_end: date, names: pl.Series,
            rows: pl.DataFrame | None = None, folders: tuple[str, ...] = ()) -> Year:
    """The rows one year's signals read: the window's usable activities (``rows``, when the caller
    has them cut already: a window within the year is a copy) and the year before's; ``names``: the
    company names as read (``SourceTable.company_values``), for the look-alike names."""
    before = activity_rows.window(Window(date(window.start.year - SIGNAL_YEARS_BACK, 1, 1),
                                         date(window.start.year - 1, 12, 31)))
    return Year(window.start.year, window, period_end, activity_rows.window(window) if rows is None else rows,
                before, names, folders)


def compute_signals(y: Year, contract: Contract | None = None, rules: SignalRules | None = None,
                    goals: Mapping[str, float | None] | None = None, *, evidence: bool = True) -> Signals:
    """Every signal of the year ``y``; with a contract also the jumps of its company_ratio targets
    (``goals``: each target's resolved single threshold, the one the jump must cross). The company-level
    evidence is collected only with ``evidence`` (an evaluation does not keep it: only check-data's
    internal CSV shows it), the queries together."""
    rules = rules or (contract.signals if contract is not None else SignalRules())
    done = [burst(y, s, rules) for s in ("activities", "referred", "growth_programme", "new_companies")]
    done += [bulk(y, s, rules) for s in ("referred", "growth_programme", "individual")]
    done += [after_period(y, rules), lag(y, rules), same_cvr(y, rules), returning(y, rules), same_name(y, rules)]
    done += [jump(y, t, (goals or {}).get(t.id), rules) for t in (contract.targets if contract is not None else ())
             if isinstance(t, CompanyRatioTarget)]
    results = [r for r, _ in done]
    if not y.rows.height:  # no activity in the year (a contract of service goals reads none): nothing to assess,
        # not "ingen bemærkning" for half of them (a review)
        results = [r if r.status == "not_assessed" else r.model_copy(update={
            "status": "not_assessed", "value": None, "baseline": None, "evidence": 0, "reason": NO_ROWS[0],
            "reason_en": NO_ROWS[1]}) for r in results]
    if not evidence:
        return Signals(results, no_evidence().drop("_name").collect())
    found = pl.concat(pl.collect_all([query for _, query in done]))
    if found.height:  # the names of the few companies behind the signals, from their hashes
        names = y.named(found["_name"])
        found = found.drop("company_name").join(names, on="_name", how="left", maintain_order="left")
    return Signals(results, found.select(list(EVIDENCE_COLUMNS)))


def folder_signals(activity_rows: UsableRows, data_date: date | None, names: pl.Series, *,
                   today: date | None = None, declared: bool = False, folders: tuple[str, ...] = ()
                   ) -> list[tuple[int, Signals]]:
    """Each year's signals in a data folder without a contract (``check-data``): every year with a
    usable activity, each against its year before, at the default thresholds; a year the data
    date falls in is looked at up to that date, unless the calendar has passed its end and the date
    is the latest row's, not ``declared`` (``reads.year_over``, as ``evaluate`` has it); a year that
    begins after the data date (planned activities after ``today``) is not looked at."""
    out = []
    for year in sorted(activity_rows.years()):
        start, end = date(year, 1, 1), date(year, 12, 31)
        if data_date is not None and data_date < start:
            continue
        last = end  # a year the data date falls in, not over, is looked at up to it
        if data_date is not None and not year_over(start, end, data_date, declared=declared, today=today):
            last = data_date
        out.append((year, compute_signals(year_of(activity_rows, Window(start, last), end, names, folders=folders))))
    return out


# the signals' parts, re-exported: one place to import them from
__all__ = ["EVIDENCE_COLUMNS", "NAME", "SIGNAL_YEARS_BACK", "SignalRules", "Signals", "Year", "after_period", "bulk",
           "burst", "compute_signals", "folder_signals", "jump", "lag", "name_key", "name_keys", "returning",
           "same_cvr", "same_name", "year_of"]
