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
- **lookalike**: one CVR under several company ids; a company new this year whose CVR was guided
  the year before under another id; near-identical names (``name_key``) under several company ids in
  one municipality, unless each has its own CVR number.
- **jump** (per company_ratio target on the activities): the year-to-date share's change in the
  last month, against the spread of the earlier months' changes, when it crossed the threshold.

All vectorised (polars): no loop over rows. Bursts and late registrations after the period need
the year to be over; the rows read are those of the year and the year before (``reads``).
"""

from __future__ import annotations

import calendar
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cached_property
from itertools import pairwise
from statistics import fmean, pstdev

import polars as pl

from hubmonitor.contract.filters import Where
from hubmonitor.contract.model import Contract
from hubmonitor.contract.signals import SignalRules
from hubmonitor.contract.targets import CompanyRatioTarget
from hubmonitor.engine.context import UsableRows, Window, where_expr
from hubmonitor.engine.pace import month_ends
from hubmonitor.engine.reads import SIGNAL_YEARS_BACK
from hubmonitor.io.canonical import hashed
from hubmonitor.report import SIGNAL_EVIDENCE, SignalResult

EVIDENCE_COLUMNS: dict[str, pl.DataType | type[pl.DataType]] = dict(zip(SIGNAL_EVIDENCE, (
    pl.String, pl.Int32, pl.String, pl.String, pl.String, pl.String, pl.String, pl.Date, pl.Datetime("us"),
    pl.String, pl.String), strict=True))
NAME = hashed("company_name")  # each row's hash of the company's name (``io/canonical.py``)
_EVIDENCE_ROWS = {**EVIDENCE_COLUMNS, "_name": pl.UInt64}  # as built: the name still a hash


HAS_CVR = pl.col("cvr").is_not_null() & (pl.col("cvr").str.len_chars() > 0)  # an empty cell stays ""


Evidence = pl.LazyFrame  # a signal's company-level evidence, as a query: collected only when it is asked for


@dataclass
class Signals:
    """The year's signals and their company-level evidence (``EVIDENCE_COLUMNS``; empty unless asked for)."""

    results: list[SignalResult]
    evidence: pl.DataFrame


@dataclass(frozen=True)
class Year:
    """What the signals of one year read: its usable rows (to the as-of date) and the year before's."""

    year: int
    window: Window  # the period evaluated (to the as-of date)
    period_end: date
    rows: pl.DataFrame  # usable activity rows in the window
    before: pl.DataFrame  # usable activity rows of the year before
    # the company names as read (``SourceTable.company_values``): the rows hold their hashes (``NAME``)
    names: pl.Series = field(default_factory=lambda: pl.Series("v", [], dtype=pl.String))

    @property
    def over(self) -> bool:
        return self.window.end >= self.period_end

    @cached_property
    def hashes(self) -> pl.DataFrame:
        """The year's rows' company ids and CVR numbers as 64-bit hashes, row for row (``_h``; ``_c``,
        null without a CVR): each signal compares these numbers, hashed once, not the strings."""
        return _hashes(self.rows)

    @cached_property
    def hashes_before(self) -> pl.DataFrame:
        return _hashes(self.before)

    def hashed(self) -> pl.LazyFrame:
        """The year's rows with their hashes (``hashes``), as a query."""
        return self.rows.hstack(self.hashes).lazy()

    @cached_property
    def new_rows(self) -> pl.DataFrame:
        """Each company's first row of the year (earliest date, then the export's order), for the
        companies with no row the year before: read by the burst of new companies and the look-alikes.
        One group_by on hashed ids for the row numbers, not a sort of every row; of those rows only
        the columns an evidence row shows and the hashes are taken."""
        before = self.hashes_before.lazy().select("_h").unique()
        first = (self.hashes.lazy().select("_h", self.rows["date"]).with_row_index("_i")
                 .group_by("_h").agg(pl.col("_i").get(pl.col("date").arg_min()))  # rows in order: the first earliest
                 .join(before, on="_h", how="anti").select(pl.col("_i").sort()).collect()["_i"])
        shown = [c for c in (*_SHOWN, NAME) if c in self.rows.columns]
        return self.rows.select(shown).hstack(self.hashes)[first]

    def named(self, hashes: pl.Series) -> pl.DataFrame:
        """The names of ``hashes`` (``_name``) as ``company_name``: looked up in ``names``, each distinct
        name once (a name repeated across files has one hash)."""
        table = pl.DataFrame({"company_name": self.names}).lazy()
        return (table.with_columns(pl.col("company_name").hash().alias("_name"))
                .filter(pl.col("_name").is_in(hashes.drop_nulls().implode()))
                .filter(pl.col("_name").is_first_distinct()).collect())

    @cached_property
    def companies_with_cvr(self) -> int:
        """The year's companies with a CVR number (the look-alikes' base)."""
        return int(self.hashes.lazy().filter(pl.col("_c").is_not_null()).select(pl.col("_h").n_unique())
                   .collect().item())


def _hashes(rows: pl.DataFrame) -> pl.DataFrame:
    return rows.select(pl.col("company_id").hash().alias("_h"), pl.when(HAS_CVR).then(pl.col("cvr").hash()).alias("_c"))


# the activity columns an evidence row shows (``_evidence``), besides the name's hash
_SHOWN = ("activity_id", "company_id", "cvr", "municipality", "date", "registered_at")


SUBJECTS: dict[str, tuple[tuple[str, str], pl.Expr | None]] = {
    "activities": (("aktiviteter", "activities"), None),
    "referred": (("henvisninger", "referrals"), pl.col("referred")),
    "growth_programme": (("vækstforløb", "growth programmes"), pl.col("growth_programme")),
}


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def _pct(x: float) -> str:
    return f"{x * 100:.1f}".replace(".", ",") + " %"


def _empty() -> Evidence:
    return pl.LazyFrame(schema=_EVIDENCE_ROWS)


def _evidence(rows: pl.DataFrame | pl.LazyFrame, signal: str, year: int, detail: tuple[pl.Expr, pl.Expr]) -> Evidence:
    """``rows`` (activity rows) as evidence rows of ``signal``, the explanation in Danish and English.
    The company's name is found from its hash (``_name``) once every signal's evidence is in
    (``compute_signals``): the rows keep the hash only."""
    names = rows.collect_schema().names()

    def col(name: str, dtype: pl.DataType | type[pl.DataType]) -> pl.Expr:
        return (pl.col(name).cast(dtype) if name in names else pl.lit(None, dtype)).alias(name)

    return rows.lazy().select(
        pl.lit(signal, pl.String).alias("signal"), pl.lit(year, pl.Int32).alias("year"),
        col("activity_id", pl.String), col("company_id", pl.String), col("cvr", pl.String),
        pl.lit(None, pl.String).alias("company_name"), col("municipality", pl.String), col("date", pl.Date),
        col("registered_at", pl.Datetime("us")), detail[0].cast(pl.String).alias("detail"),
        detail[1].cast(pl.String).alias("detail_en"), col(NAME, pl.UInt64).alias("_name"))


def _signal(sid: str, kind: str, title: tuple[str, str], rule: tuple[str, str], unit: str, threshold: float,
            value: float | None, evidence: int, investigate: bool, **extra: object) -> SignalResult:
    """A signal assessed: its statistic against its threshold (``extra``: baseline, details)."""
    return SignalResult.model_validate({
        "id": sid, "kind": kind, "title": title[0], "title_en": title[1], "rule": rule[0], "rule_en": rule[1],
        "unit": unit, "threshold": threshold, "value": value, "evidence": evidence,
        "status": "investigate" if investigate else "no_remark", **extra})


def _registered_late() -> tuple[pl.Expr, pl.Expr]:
    """The evidence's words for a row registered late: 'dateret 01.06.2024, registreret 15.01.2025'."""
    return (pl.format("dateret {}, registreret {}", pl.col("date").dt.strftime("%d.%m.%Y"),
                      pl.col("registered_at").dt.strftime("%d.%m.%Y")),
            pl.format("dated {}, registered {}", pl.col("date").dt.strftime("%Y-%m-%d"),
                      pl.col("registered_at").dt.strftime("%Y-%m-%d")))


def _not_assessed(sid: str, kind: str, title: tuple[str, str], rule: tuple[str, str], unit: str, threshold: float,
                  why: tuple[str, str]) -> SignalResult:
    return SignalResult(id=sid, kind=kind, title=title[0], title_en=title[1], rule=rule[0], rule_en=rule[1],
                        unit=unit, threshold=threshold, status="not_assessed", reason=why[0], reason_en=why[1])


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
        return _not_assessed(sid, "burst", title, rule, "share", rules.burst_factor,
                             ("året er ikke omme", "the year is not over")), _empty()
    start = _last_weeks(y.period_end, weeks)
    rows, flag = (y.new_rows, None) if subject == "new_companies" else (y.rows, SUBJECTS[subject][1])
    items, late = _counts(rows, flag, start)
    share = _share(late, items)
    baseline, basis = None, "other_weeks"
    if subject != "new_companies":
        earlier_start = _last_weeks(_in_year(y.period_end, y.year - 1), weeks)
        before, before_late = _counts(y.before, flag, earlier_start)
        if before >= rules.burst_min_baseline:
            baseline, basis = _share(before_late, before), "year_before"
    if baseline is None:  # the share the year's other weeks would give the last weeks, day for day
        days = (y.period_end - y.window.start).days + 1
        baseline = _share(round((items - late) * (7 * weeks) / max(1, days - 7 * weeks)), items) if items else None
    threshold = max(rules.burst_factor * (baseline or 0.0), (baseline or 0.0) + rules.burst_points)
    investigate = (share is not None and late >= rules.burst_min_rows and share >= threshold)
    result = _signal(sid, "burst", title, rule, "share", round(threshold, 12), share, late, investigate,
                     baseline=baseline, details={"items": items, "in_last_weeks": late,
                                                 "from": start.isoformat(), "baseline": basis})
    if not investigate:
        return result, _empty()
    dated = pl.col("date") >= start
    detail = (pl.format("dateret {} i de sidste {} uger", pl.col("date").dt.strftime("%d.%m.%Y"), pl.lit(weeks)),
              pl.format("dated {} in the last {} weeks", pl.col("date").dt.strftime("%Y-%m-%d"), pl.lit(weeks)))
    return result, _evidence(rows.lazy().filter(dated if flag is None else flag & dated), sid, y.year, detail)


# --- bulk registrations ---------------------------------------------------------------------------------------

BULK_SUBJECTS = {"referred": pl.col("referred"), "growth_programme": pl.col("growth_programme"),
                 "individual": pl.col("activity_type") == "individuel"}
BULK_NAMES = {"referred": ("henvisninger", "referrals"), "growth_programme": ("vækstforløb", "growth programmes"),
              "individual": ("individuelle vejledninger", "individual guidance activities")}


def _timed(y: Year) -> bool:
    """Does the export give registration times: any of the year's rows with a ``registered_at``?"""
    return "registered_at" in y.rows.columns and y.rows["registered_at"].null_count() < y.rows.height


NO_TIMES = ("eksporten har ingen registreringstidspunkter (registered_at)",
            "the export has no registration times (registered_at)")


def bulk(y: Year, subject: str, rules: SignalRules) -> tuple[SignalResult, Evidence]:
    names, sid, minutes = BULK_NAMES[subject], f"bulk.{subject}", rules.bulk_minutes
    title = (f"Mange {names[0]} registreret på kort tid", f"Many {names[1]} registered within a short time")
    rule = (f"Det største antal {names[0]} registreret inden for {minutes} minutter (kolonnen registered_at); bør "
            f"undersøges ved {rules.bulk_rows} eller flere.",
            f"The largest number of {names[1]} registered within {minutes} minutes (the registered_at column); to "
            f"be looked into at {rules.bulk_rows} or more.")
    if not _timed(y):
        return _not_assessed(sid, "bulk", title, rule, "count", rules.bulk_rows, NO_TIMES), _empty()
    subject_rows = BULK_SUBJECTS[subject].fill_null(False)
    items = int(y.rows.select(subject_rows.sum()).item())
    times = (y.rows.lazy().filter(subject_rows & pl.col("registered_at").is_not_null())
             .select(pl.col("registered_at").sort()).collect().to_series())
    # for each time, the rows registered from it to ``minutes`` later: one sorted search, no loop
    ends = times.search_sorted(times + timedelta(minutes=minutes), side="left")
    counts = ends - pl.Series(range(times.len()), dtype=ends.dtype)
    top = int(counts.max() or 0) if times.len() else 0  # type: ignore[arg-type]
    investigate = top >= rules.bulk_rows
    result = _signal(sid, "bulk", title, rule, "count", rules.bulk_rows, top, top if investigate else 0, investigate,
                     details={"rows": items, "without_time": items - times.len()})
    if not investigate:
        return result, _empty()
    # the first busiest window: the ``top`` rows registered from its first time to ``minutes`` later
    start = times[int(counts.arg_max() or 0)]
    within = pl.col("registered_at").is_between(start, start + timedelta(minutes=minutes), closed="left")
    window = y.rows.lazy().filter(subject_rows & within).sort("registered_at", maintain_order=True)
    detail = (pl.format("{} registreret inden for {} min fra {}", pl.lit(top), pl.lit(minutes),
                        pl.lit(start.strftime("%d.%m.%Y kl. %H.%M"))),
              pl.format("{} registered within {} min from {}", pl.lit(top), pl.lit(minutes),
                        pl.lit(start.strftime("%Y-%m-%d %H:%M"))))
    return result, _evidence(window, sid, y.year, detail)


# --- late registrations ---------------------------------------------------------------------------------------

def after_period(y: Year, rules: SignalRules) -> tuple[SignalResult, Evidence]:
    sid, grace = "late.after_period", rules.late_grace_days
    title = ("Registreret efter periodens slutning", "Registered after the period ended")
    rule = (f"Rækker dateret i perioden, men registreret mere end {grace} dage efter periodens slutning; bør "
            f"undersøges ved {rules.late_rows} eller flere.",
            f"Rows dated in the period but registered more than {grace} days after it ended; to be looked into at "
            f"{rules.late_rows} or more.")
    if not _timed(y):
        return _not_assessed(sid, "late", title, rule, "count", rules.late_rows, NO_TIMES), _empty()
    if not y.over:
        return _not_assessed(sid, "late", title, rule, "count", rules.late_rows,
                             ("året er ikke omme", "the year is not over")), _empty()
    limit = datetime.combine(y.period_end + timedelta(days=grace + 1), datetime.min.time())
    after = pl.col("registered_at") >= limit
    timed, late = (int(n) for n in y.rows.select(pl.col("registered_at").is_not_null().sum().alias("n"),
                                                 after.sum().alias("late")).row(0))
    investigate = late >= rules.late_rows
    result = _signal(sid, "late", title, rule, "count", rules.late_rows, late, late, investigate,
                     details={"rows": timed})
    return result, _evidence(y.rows.lazy().filter(after), sid, y.year, _registered_late()) if late else _empty()


def lag(y: Year, rules: SignalRules) -> tuple[SignalResult, Evidence]:
    sid, days = "late.lag", rules.lag_days
    title = ("Registreret længe efter aktiviteten", "Registered long after the activity")
    rule = (f"Andelen af årets rækker registreret mere end {days} dage efter aktivitetens dato; bør undersøges ved "
            f"{_pct(rules.lag_share)} eller mere.",
            f"The share of the year's rows registered more than {days} days after the activity's date; to be looked "
            f"into at {rules.lag_share * 100:g} % or more.")
    if not _timed(y):
        return _not_assessed(sid, "late", title, rule, "share", rules.lag_share, NO_TIMES), _empty()
    lagging = (pl.col("registered_at").dt.date() - pl.col("date")).dt.total_days() > days
    timed, late = (int(n) for n in y.rows.select(pl.col("registered_at").is_not_null().sum().alias("n"),
                                                 lagging.sum().alias("late")).row(0))
    share = late / timed
    investigate = share >= rules.lag_share
    result = _signal(sid, "late", title, rule, "share", rules.lag_share, share, late, investigate,
                     details={"rows": timed})
    if not investigate:
        return result, _empty()
    return result, _evidence(y.rows.lazy().filter(lagging), sid, y.year, _registered_late())


# --- look-alike companies ---------------------------------------------------------------------------------------

def _lookalike_limit(y: Year, rules: SignalRules) -> tuple[int, int]:
    """The year's companies with a CVR, and how many look-alikes make a signal: ``lookalike_share``
    of them, at least ``lookalike_min`` (a few in thousands is ordinary CRM noise: merged records)."""
    companies = y.companies_with_cvr
    return companies, max(rules.lookalike_min, math.ceil(rules.lookalike_share * companies))


def _lookalike_rule(what: tuple[str, str], rules: SignalRules) -> tuple[str, str]:
    share = f"{rules.lookalike_share * 100:g}"
    return (f"{what[0]}; bør undersøges ved {share.replace('.', ',')} % af årets virksomheder med CVR-nummer, "
            f"mindst {rules.lookalike_min}.",
            f"{what[1]}; to be looked into at {share} % of the year's companies with a CVR number, at least "
            f"{rules.lookalike_min}.")


def same_cvr(y: Year, rules: SignalRules) -> tuple[SignalResult, Evidence]:
    sid = "lookalike.cvr"
    title = ("Samme CVR-nummer under flere virksomheds-id'er", "One CVR number under several company ids")
    rule = _lookalike_rule(("CVR-numre, der i årets rækker står ved mere end ét virksomheds-id",
                            "CVR numbers that stand with more than one company id in the year's rows"), rules)
    pairs = y.hashes.lazy().filter(pl.col("_c").is_not_null()).unique()
    shared = pairs.group_by("_c").len().filter(pl.col("len") > 1).collect()  # hashed: no string keys
    companies, limit = _lookalike_limit(y, rules)
    investigate = shared.height >= limit
    result = _signal(sid, "lookalike", title, rule, "count", limit, shared.height, shared.height, investigate,
                     details={"companies": companies})
    if not investigate:
        return result, _empty()
    rows = (y.hashed().filter(pl.col("_c").is_in(shared["_c"].implode()))
            .unique(["_c", "_h"], keep="first", maintain_order=True))
    ids = pl.col("cvr").count().over("cvr")
    detail = (pl.format("CVR står ved {} virksomheds-id'er", ids), pl.format("CVR stands with {} company ids", ids))
    return result, _evidence(rows, sid, y.year, detail)


def returning(y: Year, rules: SignalRules) -> tuple[SignalResult, Evidence]:
    sid = "lookalike.returning"
    title = ("Nye virksomheder, hvis CVR blev vejledt året før under et andet id",
             "New companies whose CVR was guided the year before under another id")
    rule = _lookalike_rule(("Virksomheder uden aktivitet året før under deres id, men hvis CVR-nummer året før "
                            "stod ved et andet id",
                            "Companies with no activity the year before under their id, whose CVR number stood "
                            "with another id the year before"), rules)
    companies, limit = _lookalike_limit(y, rules)
    if y.before.height == 0:
        return _not_assessed(sid, "lookalike", title, rule, "count", limit,
                             (f"ingen aktiviteter fra {y.year - 1}", f"no activities from {y.year - 1}")), _empty()
    earlier = (y.before.select(pl.col("company_id").alias("earlier_id")).hstack(y.hashes_before).lazy()
               .filter(pl.col("_c").is_not_null()).rename({"_h": "_e"})
               .unique(["_c", "_e"], keep="first", maintain_order=True))
    # the new companies (their first row) whose CVR stood with another id the year before
    found = (y.new_rows.lazy().filter(pl.col("_c").is_not_null())
             .join(earlier, on="_c", how="inner", maintain_order="left_right")
             .filter(pl.col("_h") != pl.col("_e")).unique("_h", keep="first", maintain_order=True))
    count = found.select(pl.len()).collect().item()
    investigate = count >= limit
    result = _signal(sid, "lookalike", title, rule, "count", limit, count, count, investigate,
                     details={"companies": companies})
    detail = (pl.format("CVR vejledt {} under id {}", pl.lit(y.year - 1), pl.col("earlier_id")),
              pl.format("CVR guided in {} under id {}", pl.lit(y.year - 1), pl.col("earlier_id")))
    return result, _evidence(found, sid, y.year, detail) if investigate else _empty()


# Legal forms at a name's end, set aside before names are compared ("Hansen Byg ApS" and "Hansen Byg
# A/S"): after a space, comma, full stop or dash; "as" is A/S typed without its slash ("is" is left: a word).
LEGAL_FORM = (r"(?:[\s,.\-]+(?:aps|ivs|as|a/s|i/s|k/s|p/s|a\.s|s\.?m\.?b\.?a|a\.?m\.?b\.?a|f\.?m\.?b\.?a|"
              r"g/s|p\.?s)\.?)+\s*$")
_SPELLINGS = {"æ": "ae", "ø": "oe", "å": "aa", "ä": "ae", "ö": "oe", "ü": "ue", "é": "e", "è": "e", "&": "og"}


def name_key(name: pl.Expr) -> pl.Expr:
    """What two names must share to look alike: lower case, the legal form at the end left out, æ/ø/å
    spelled ae/oe/aa (and ä, ö, ü, é, è; & as og), then only the letters a–z and the digits, without
    spaces ("Jensen & Søn A/S" and "JENSEN OG SOEN" are both "jensenogsoen"). Empty: no key. A name
    with a character beyond ASCII and Latin-1 is NFKC-normalised first (``name_keys``)."""
    return (name.str.to_lowercase().str.replace(LEGAL_FORM, "")
            .str.replace_many(list(_SPELLINGS), list(_SPELLINGS.values())).str.replace_all(r"[^a-z0-9]+", ""))


# A character outside printable ASCII and the Latin-1 letters: a name holding one is NFKC-normalised
# before its key is made (full-width "ＨＡＮＳＥＮ", ligatures, a decomposed "å"); the others need not
# be, and normalising every name costs as much as the rest of the key together.
_ODD = r"[^\x20-\x7e\u00c0-\u00d6\u00d8-\u00de\u00e0-\u00f6\u00f8-\u00fe]"


def name_keys(names: pl.DataFrame) -> pl.DataFrame:
    """``names`` (``_name``: the hash, ``company_name``) with ``_k``: the hash of each name's key
    (``name_key``), null where the key is empty (no letter or digit to compare)."""
    odd = names["company_name"].str.contains(_ODD)
    if odd.any():
        names = pl.concat([names.filter(~odd),
                           names.filter(odd).with_columns(pl.col("company_name").str.normalize("NFKC"))])
    keyed = names.select("_name", name_key(pl.col("company_name")).alias("_k"))
    return keyed.select("_name", pl.when(pl.col("_k") != "").then(pl.col("_k").hash()).alias("_k"))


NO_NAMES = ("eksporten har ingen virksomhedsnavne (company_name)", "the export has no company names (company_name)")


def same_name(y: Year, rules: SignalRules) -> tuple[SignalResult, Evidence]:
    sid = "lookalike.name"
    title = ("Næsten ens navne i samme kommune", "Near-identical names in the same municipality")
    rule = _lookalike_rule((
        "Navne, der er ens, når store og små bogstaver, mellemrum, tegn, selskabsformen (A/S, IVS …) og stavemåden "
        "æ/ae, ø/oe, å/aa ses bort fra, og som i årets rækker står ved flere virksomheds-id'er i samme kommune, "
        "uden at hver har sit eget CVR-nummer",
        "Names that are the same once case, spaces, punctuation, the legal form (A/S, IVS …) and the spellings "
        "æ/ae, ø/oe, å/aa are set aside, standing with several company ids in the same municipality in the year's "
        "rows without each having its own CVR number"), rules)
    companies, limit = _lookalike_limit(y, rules)
    if NAME not in y.rows.columns or y.names.len() == 0 or y.rows[NAME].null_count() == y.rows.height:
        return _not_assessed(sid, "lookalike", title, rule, "count", limit, NO_NAMES), _empty()
    # each company's (hashed) names and CVR numbers per municipality: hashes only, no strings
    pairs = (y.hashed().filter(pl.col(NAME).is_not_null() & pl.col("municipality").is_not_null())
             .select("_h", "municipality", pl.col(NAME).alias("_name"), "_c").unique().collect())
    # each name's key, hashed: the comparison is of numbers
    keys = name_keys(y.named(pairs["_name"]))
    keyed = pairs.lazy().join(keys.lazy(), on="_name").filter(pl.col("_k").is_not_null())
    groups = (keyed.group_by("municipality", "_k")
              .agg(pl.col("_h").n_unique().alias("_ids"), pl.col("_c").drop_nulls().n_unique().alias("_cvrs"))
              .filter((pl.col("_ids") > 1) & (pl.col("_ids") > pl.col("_cvrs"))).collect())
    investigate = groups.height >= limit
    result = _signal(sid, "lookalike", title, rule, "count", limit, groups.height, groups.height, investigate,
                     details={"companies": companies})
    if not investigate:
        return result, _empty()
    flagged = keyed.join(groups.lazy(), on=["municipality", "_k"]).select("_h", "municipality", "_name", "_k", "_ids")
    rows = (y.hashed().join(flagged, left_on=["_h", "municipality", NAME], right_on=["_h", "municipality", "_name"],
                            maintain_order="left")
            .unique(["_h", "municipality", NAME], keep="first", maintain_order=True))
    ids = pl.col("_ids")
    detail = (pl.format("navnet står næsten ens ved {} virksomheds-id'er i kommunen", ids),
              pl.format("the name stands nearly alike with {} company ids in the municipality", ids))
    return result, _evidence(rows, sid, y.year, detail)


# --- sudden jumps -------------------------------------------------------------------------------------------

def _month_ends(window: Window) -> list[date]:
    """The month ends of the window (``pace.month_ends``), and its last day when that ends no month."""
    ends = month_ends(window.start, window.end)
    return ends if ends and ends[-1] == window.end else [*ends, window.end]


def _course(y: Year, target: CompanyRatioTarget, ends: Sequence[date]) -> list[float | None]:
    """The target's year-to-date value at each of ``ends``, as the metric computes it at the year end:
    distinct companies of the numerator over the sum of each denominator term's (by hashed id)."""
    def firsts(where: Where) -> pl.Series:
        return (y.hashed().filter(where_expr(where)).group_by("_h").agg(pl.col("date").min())
                .collect()["date"].sort())

    def counted(series: pl.Series) -> list[int]:
        return [int(n) for n in series.search_sorted(pl.Series(ends, dtype=pl.Date), side="right")]

    numerator = counted(firsts(target.numerator))
    terms = [counted(firsts(w)) for w in target.denominator]
    return [n / d if (d := sum(t[i] for t in terms)) else None for i, n in enumerate(numerator)]


def jump(y: Year, target: CompanyRatioTarget, threshold: float | None, rules: SignalRules
         ) -> tuple[SignalResult, Evidence]:
    sid = f"jump.{target.id}"
    title = (f"Pludseligt spring i {target.title}", f"Sudden jump in {target.title_en or target.title}")
    rule = (f"Ændringen i årets løbende værdi i den seneste måned sammenlignes med de tidligere måneders ændringer; "
            f"bør undersøges, når den er mindst {rules.jump_points * 100:g} procentpoint og over gennemsnittet plus "
            f"{rules.jump_sd:g} standardafvigelser, og værdien i den måned kom over målet.",
            f"The change in the year-to-date value in the latest month, compared with the earlier months' changes; "
            f"to be looked into when it is at least {rules.jump_points * 100:g} points and above their mean plus "
            f"{rules.jump_sd:g} standard deviations, and the value crossed the target in that month.")
    ends = _month_ends(y.window)
    values = _course(y, target, ends)
    known = [v for v in values if v is not None]
    if len(known) < 4 or values[-1] is None or values[-2] is None:
        return _not_assessed(sid, "jump", title, rule, "pp", rules.jump_points,
                             ("for få måneder med en værdi", "too few months with a value")), _empty()
    changes = [b - a for a, b in pairwise(known)]
    earlier, last = changes[:-1], changes[-1]
    mean, spread = fmean(earlier), pstdev(earlier)
    limit = max(mean + rules.jump_sd * spread, rules.jump_points)
    crossed = threshold is not None and known[-2] < threshold <= known[-1]
    investigate = last >= limit and crossed
    result = _signal(sid, "jump", title, rule, "pp", round(limit * 100, 10), round(last * 100, 10), 0, investigate,
                     baseline=round(mean * 100, 10),
                     details={"month_ends": [d.isoformat() for d in ends], "values": values, "target": threshold,
                              "crossed": crossed})
    if not investigate:
        return result, _empty()
    month_start = date(ends[-1].year, ends[-1].month, 1)
    rows = y.rows.filter((pl.col("date") >= month_start) & where_expr(target.numerator))
    result = result.model_copy(update={"evidence": rows.height})
    detail = (pl.format("talt med i tælleren i {}", pl.lit(month_start.strftime("%m.%Y"))),
              pl.format("counted in the numerator in {}", pl.lit(month_start.strftime("%Y-%m"))))
    return result, _evidence(rows, sid, y.year, detail)


# --- all of them ------------------------------------------------------------------------------------------------

def year_of(activity_rows: UsableRows, window: Window, period_end: date, names: pl.Series | None = None) -> Year:
    """The rows one year's signals read: the window's usable activities and the year before's;
    ``names``: the company names as read (``SourceTable.company_values``), for the look-alike names."""
    before = activity_rows.window(Window(date(window.start.year - SIGNAL_YEARS_BACK, 1, 1),
                                         date(window.start.year - 1, 12, 31)))
    if names is None:
        return Year(window.start.year, window, period_end, activity_rows.window(window), before)
    return Year(window.start.year, window, period_end, activity_rows.window(window), before, names)


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
    if not evidence:
        return Signals(results, _empty().drop("_name").collect())
    found = pl.concat(pl.collect_all([query for _, query in done]))
    if found.height:  # the names of the few companies behind the signals, from their hashes
        names = y.named(found["_name"])
        found = found.drop("company_name").join(names, on="_name", how="left", maintain_order="left")
    return Signals(results, found.select(list(EVIDENCE_COLUMNS)))


def folder_signals(activity_rows: UsableRows, data_date: date | None, names: pl.Series | None = None
                   ) -> list[tuple[int, Signals]]:
    """Each year's signals in a data folder without a contract (``check-data``): every year with a
    usable activity, each against its year before, at the default thresholds; a year the data
    date falls in is looked at up to that date."""
    out = []
    for year in sorted(activity_rows.years()):
        end = date(year, 12, 31)
        last = min(end, data_date) if data_date is not None and data_date >= date(year, 1, 1) else end
        out.append((year, compute_signals(year_of(activity_rows, Window(date(year, 1, 1), last), end, names))))
    return out


__all__ = ["EVIDENCE_COLUMNS", "SIGNAL_YEARS_BACK", "SignalRules", "Signals", "Year", "compute_signals",
           "folder_signals", "year_of"]
