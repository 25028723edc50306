"""A backtest in the terminal (``hubmonitor backtest``): every target of the draft with its value,
verdict and margin per past year, how many whole years met it, then the calibration in words."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from hubmonitor.engine.backtest import Backtest, BacktestYear, TargetBacktest, year_margin
from hubmonitor.render.calibration_text import SUMMARY_HEAD, calibration_summary, threshold_text
from hubmonitor.render.format import (
    STATUS_ICON,
    expected_text,
    number,
    result_value_text,
    shown_status,
    target_text,
    value_text,
)
from hubmonitor.render.terminal import _by_target, _heading, _table, fit
from hubmonitor.report import GRANT_KINDS

TEXTS = {
    "title": {"da": "Udkast til resultatkontrakt {year} på de seneste års data",
              "en": "Draft performance contract {year} on the past years' data"},
    "draft": {"da": "Udkast", "en": "Draft"},
    "data": {"da": "data", "en": "data"},
    "goal": {"da": "Udkastets mål", "en": "Draft's target"},
    "met": {"da": "Opfyldt", "en": "Met"},
    "of": {"da": "af", "en": "of"},
    "whole_years": {"da": "hele år", "en": "whole years"},
    "running": {"da": "{year}: data til og med {day} (året er ikke omme: vurderet på tempo, ikke talt med som opfyldt)",
                "en": "{year}: data up to {day} (the year is not over: judged on pace, not counted as met)"},
    "ended_early": {"da": "{year}: data slutter {day}, mere end en måned før året er omme (ikke et helt år: ikke talt "
                          "med som opfyldt og ikke brugt i kalibreringen)",
                    "en": "{year}: the data end {day}, more than a month before the year does (not a whole year: not "
                          "counted as met and not used in the calibration)"},
    "margin": {"da": "Margin: afstanden fra målet, + på den opfyldte side og − på den anden (for ≥ værdien minus "
                     "målet, for ≤ målet minus værdien); for et spænd afstanden til nærmeste grænse. I et år "
                     "vurderet på tempo: afstanden fra det forventede til den sidste dag, der er opgjort til "
                     "(målet pro rata, eller sæsonprofilens forventning, hvor den afgjorde).",
               "en": "Margin: the distance from the target, + on the side that meets it and − on the other (for ≥ "
                     "the value minus the target, for ≤ the target minus the value); for a band the distance to "
                     "the nearer edge. In a year judged on its pace: the distance from what was expected by the last "
                     "day evaluated (the target pro rata, or the seasonal profile's expectation where that "
                     "decided)."},
    "against_expected": {"da": "mod forventet", "en": "against the expected"},
    "calibration": {"da": "Kalibrering (hvad niveauet i {year} kan blive, ud fra årene før)",
                    "en": "Calibration (what the level in {year} may be, from the years before)"},
    "too_few": {"da": "Færre sædvanlige svar end målets mindste antal", "en": "Fewer usual answers than the target's "
                "minimum"},
    "limits": {"da": ("Chancerne dækker kun stikprøveusikkerhed ved sidste hele års niveau (binomialfordelingen, "
                      "eksakt); tendenserne er rette linjer gennem få år (mindste kvadrater, "
                      "95 %-forudsigelsesinterval). Ingen af dem er en prognose. Siden (hubmonitor dashboard) "
                      "forklarer hvert tal og metodernes begrænsninger."),
               "en": ("The chances cover only sampling uncertainty at the last whole year's level (the binomial "
                      "distribution, exact); the trends are straight lines through few years (least squares, 95 % "
                      "prediction interval). Neither is a forecast. The page (hubmonitor dashboard) explains each "
                      "number and the methods' limits.")},
    "same_engine": {"da": "Udkastet er beregnet med samme motor og regler som en underskrevet kontrakt, "
                          "som om det var indgået for hvert af årene.",
                    "en": "The draft is computed by the same engine and rules as a signed contract, as if it had "
                          "been signed for each of the years."},
}


def tx(key: str, lang: str, **values: object) -> str:
    return TEXTS[key][lang].format(**values)


def incomplete_note(year: BacktestYear, lang: str, dated: Callable[[date], object] = str) -> str | None:
    """Why a year is not whole, its days written by ``dated``: not over (judged on pace), or over with
    its data ending early; None for a whole year."""
    if year.complete:
        return None
    if year.data_end is not None:
        return tx("ended_early", lang, year=year.year, day=dated(year.data_end))
    return tx("running", lang, year=year.year, day=dated(year.as_of))


def last_day(year: BacktestYear) -> date:
    """The last day of a year's data shown under it: where its data end early, else its as-of day."""
    return year.data_end if year.data_end is not None else year.as_of


def margin_text(margin: float | None, unit: str, lang: str = "da") -> str:
    """A margin in the target's unit with its sign, e.g. '+2,1 procentpoint', '−1.020'; '' without one."""
    if margin is None:
        return ""
    sign = "+" if margin > 0 else "−" if margin < 0 else "±"
    size = abs(margin)
    if unit == "share":
        return f"{sign}{value_text(size * 100, 'pp', lang)}"
    return f"{sign}{value_text(size, unit, lang)}"


def year_margin_text(t: TargetBacktest, i: int, lang: str = "da") -> str:
    """A year's margin as ``margin_text``; in a year judged on its pace, with what it is taken to: "−19,1
    mod forventet 1.421,1" (a KL review: "−192,0" beside "≥ 1.900" read as the distance to the target,
    and was to an expectation by 30 September nowhere said)."""
    result = t.results[i]
    expected = result.paced_against() if result.pace is not None else None
    if expected is None:
        return margin_text(t.margins[i], t.unit, lang)
    # the margin to the expectation named, as ``year_margin`` takes it (a backtest file written before
    # holds the margin to the seasonal expectation beside a status pro rata decided: "−192,0 mod forventet
    # 1.421,1" read as one)
    shown = margin_text(year_margin(result), t.unit, lang)
    return f"{shown} {tx('against_expected', lang)} {expected_text(expected, t.unit, lang, beside=result)}" if shown \
        else shown


def years_text(years: list[int]) -> str:
    """'2022–2025' for consecutive years, else '2023, 2025'."""
    if len(years) > 1 and years == list(range(years[0], years[-1] + 1)):
        return f"{years[0]}–{years[-1]}"
    return ", ".join(str(y) for y in years)


def draft_goal_text(t: TargetBacktest, backtest: Backtest, lang: str = "da") -> str:
    """The draft's own threshold for its year, e.g. '≥ 5.500' or '≥ 60 (2026–2027)' for a target on
    the draft's whole period; the grant as what it is split over."""
    if t.kind in GRANT_KINDS:
        return target_text(t.results[-1], lang) if t.results else ""
    if t.goal is None:
        return "–"
    text = threshold_text(t.goal, t.unit, lang)
    if t.over_period and backtest.draft_span is not None:
        text += f" ({backtest.draft_span[0]}–{backtest.draft_span[1]})"
    return text


def year_cell(t: TargetBacktest, i: int, lang: str) -> str:
    """One year of a target: its value, verdict icon and margin, e.g. '4.480 ✘ −1.020'."""
    result = t.results[i]
    if t.kind in GRANT_KINDS:  # money, not a verdict: the amount alone, as the page's cell (a review)
        return result_value_text(result, lang)
    icon = STATUS_ICON.get(shown_status(result), "")
    shown = year_margin_text(t, i, lang)
    return " ".join(part for part in (result_value_text(result, lang), icon, shown) if part)


def met_cell(t: TargetBacktest, lang: str) -> str:
    """'2 af 3' whole years met (of those with a verdict); '' for the grant."""
    if t.kind in GRANT_KINDS:
        return ""
    return f"{number(t.met, 0, lang)} {tx('of', lang)} {number(t.judged, 0, lang)}"


def backtest_text(backtest: Backtest, lang: str = "da", width: int | None = None) -> str:
    """The backtest as lines fitted to ``width`` (None: no limit)."""
    years = [str(y.year) for y in backtest.years]
    rows: list[list[str]] = [["Id", tx("goal", lang), *years, tx("met", lang)]]
    for t in backtest.targets:
        cells = [year_cell(t, i, lang) for i in range(len(years))]
        rows.append([t.id, draft_goal_text(t, backtest, lang), *cells, met_cell(t, lang)])
    running = [note for y in backtest.years if (note := incomplete_note(y, lang)) is not None]
    table = _table(rows, right=set())
    if width is not None and max(len(line) for line in table) > width:
        table = _by_target(rows, width)
    span = years_text([y.year for y in backtest.years])
    head = [f"{tx('title', lang, year=backtest.draft_year)}: {backtest.hub}",
            f"{tx('draft', lang)}: {backtest.draft_file} · {tx('data', lang)}: {backtest.data} · {span}", *running]
    lines = [*_heading(head, width), "", *table, "", *fit([tx("margin", lang), tx("same_engine", lang)], width)]
    calibrated = [t for t in backtest.targets if t.calibration is not None]
    if calibrated:
        lines += ["", *fit([tx("calibration", lang, year=backtest.draft_year)], width)]  # (it ran past 62 columns)
        labels = SUMMARY_HEAD[lang]
        for t in calibrated:
            assert t.calibration is not None
            row = calibration_summary(t.calibration, t.unit, lang)
            parts = [f"{label}: {value}" for label, value in zip(labels, row, strict=True) if value != "–"]
            if t.calibration.too_few:
                parts.insert(0, f"{tx('too_few', lang)} ({number(t.calibration.min_answers or 0, 0, lang)})")
            lines += fit([f"{t.id}: " + "; ".join(parts)], width)
        lines += ["", *fit([tx("limits", lang)], width)]
    return "\n".join(lines) + "\n"
