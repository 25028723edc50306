"""Two engine fixes from the reviews of 6 December 2026 (night), every figure counted by hand.

1. The municipal spread with ``expected_from: target`` on a window without a single usable CRM
   activity (every row quarantined, or every row after the as-of day) is insufficient data, as it
   is with ``expected_from: guided`` and as every other CRM target is; it used to say "0 of 2
   municipalities inside the band, not met" and invite every municipality to dialogue. With usable
   rows a municipality without companies is still below its band and invited to dialogue.
2. A duration target's open case (no end, or an end after the as-of day) whose paused days exceed
   the time it has been open is excluded as ``open`` (``open_within_limit`` for share_within), not
   as ``negative_duration``; only a finished case can end before it starts.

Egedal (46240) and Billund (27200) stand exactly 17 : 10 (hub population 73440 = 27 × 2720), so
with a target number of 27 the expected numbers at the year end are Egedal 17 (band 15,3–18,7) and
Billund 10 (band 9–11).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from helpers import act, complete, groups, make_data, quarantined, run, steps, target, write_contract

from hubmonitor.render.format import dialogue_names

HUB: dict[str, Any] = {"erhvervshus": "Hovedstaden", "municipalities": ["Egedal", "Billund"]}
CRM = "crm_activities.csv"
YEAR_END = date(2024, 12, 31)
MID_YEAR = date(2024, 6, 30)  # 182 of 366 days of 2024, the as-of day included


def _spreads(folder: Path) -> Path:
    """Both readings of the spread of individually guided companies: from the target number 27 and
    from the companies guided."""
    return write_contract(folder, [
        target("T.target", "municipal_spread", "all", expected_from="target", expected_total=27,
               where={"activity_type": "individuel"}),
        target("T.guided", "municipal_spread", "all", where={"activity_type": "individuel"}),
    ], **HUB)


def _assert_no_data(result: Any, undated: int = 0) -> None:
    """``undated``: rows quarantined without a readable date, said beside the reason (a review of 7 December
    2026, evening: they may be the period's)."""
    assert (result.value, result.status) == (None, "insufficient_data")
    more = (f"; {undated} CRM-aktiviteter uden læsbar dato er i karantæne og kan høre til perioden (se datakvaliteten)",
            f"; {undated} CRM activities without a readable date are quarantined and may belong to the period (see "
            "the data quality)") if undated else ("", "")
    assert (result.reason, result.reason_en) == ("ingen CRM-aktiviteter i perioden" + more[0],
                                                 "no CRM activities in the period" + more[1])
    assert result.groups == []  # no municipality below any band, none to dialogue
    assert "dialogue" not in result.details
    assert steps(result) == {"outside_hub": 0}


# --- 1. the spread without a usable activity -----------------------------------------------------

def test_spread_from_the_target_number_with_every_row_quarantined(tmp_path: Path) -> None:
    """Both rows carry a date the reader cannot parse (03/05/2024: a wrong date format): both are
    quarantined, the year holds no usable activity. Before the fix the target reading said 0 of 2
    inside, not met, with Egedal and Billund to dialogue."""
    data = make_data(tmp_path / "data", activities=[
        act("A1", "03/05/2024", "C1", "Egedal"),  # row 2
        act("A2", "04/05/2024", "C2", "Billund"),  # row 3
    ])
    report = run(_spreads(tmp_path), data, as_of=YEAR_END)
    assert quarantined(report) == [(CRM, 2, "date", "bad-date"), (CRM, 3, "date", "bad-date")]
    _assert_no_data(report.target("T.target"), undated=2)
    _assert_no_data(report.target("T.guided"), undated=2)
    assert dialogue_names(report) == []


def test_spread_from_the_target_number_during_the_year_before_any_activity(tmp_path: Path) -> None:
    """As of 30 June 2024 (the pace path: the target number pro-rated to 27 × 182 / 366): the three
    individually guided companies are all dated 1 September, after the as-of day, so the window
    1 January – 30 June holds no usable activity. Before the fix: 0 of 2 inside, not met, both to
    dialogue (0 < 8,454 × 0,9 and 0 < 4,973 × 0,9)."""
    data = make_data(tmp_path / "data", activities=[
        act("A1", "2024-09-01", "C1", "Egedal"),
        act("A2", "2024-09-01", "C2", "Egedal"),
        act("A3", "2024-09-01", "C3", "Billund"),
    ])
    report = run(_spreads(tmp_path), data, as_of=MID_YEAR)
    _assert_no_data(report.target("T.target"))
    _assert_no_data(report.target("T.guided"))
    assert dialogue_names(report) == []


def test_spread_with_usable_rows_still_invites_a_municipality_without_companies(tmp_path: Path) -> None:
    """Not changed by the fix. 16 individually guided companies in Egedal, none in Billund.
    Target number 27: Egedal 16 within 15,3–18,7; Billund 0 below 9–11: 1 of 2, Billund to dialogue.
    Companies guided (16): e(Egedal) = 17 × 16 / 27 = 10,074, band 9,067–11,081, 16 above;
    e(Billund) = 10 × 16 / 27 = 5,926, band 5,333–6,519, 0 below: 0 of 2, Billund to dialogue."""
    rows = [act(f"E{i}", "2024-05-01", f"E{i}", "Egedal") for i in range(16)]
    report = run(_spreads(tmp_path), make_data(tmp_path / "data", activities=rows), as_of=YEAR_END)
    spread = report.target("T.target")
    by = groups(spread)
    assert (by["Egedal"].expected, by["Billund"].expected) == (17.0, 10.0)
    assert {k: (g.value, g.status, g.dialogue) for k, g in by.items()} == {
        "Egedal": (16, "within", False), "Billund": (0, "below", True)}
    assert (spread.value, spread.numerator, spread.denominator, spread.status) == (1, 1, 2, "not_met")
    assert spread.details["dialogue"] == ["Billund"]
    guided = report.target("T.guided")
    by = groups(guided)
    assert by["Egedal"].expected == pytest.approx(17 * 16 / 27)
    assert by["Billund"].expected == pytest.approx(10 * 16 / 27)
    assert {k: (g.value, g.status) for k, g in by.items()} == {"Egedal": (16, "above"), "Billund": (0, "below")}
    assert (guided.value, guided.status, guided.details["dialogue"]) == (0, "not_met", ["Billund"])
    assert dialogue_names(report) == ["Billund"]


def test_spread_during_the_year_with_only_a_collective_activity_is_still_judged(tmp_path: Path) -> None:
    """Not changed by the fix: a usable row in the window (a collective activity in Egedal, 1 March)
    but no individually guided company. As of 30 June the target number is 27 × 182 / 366 = 13,426:
    Egedal 17 × 182 / 366 = 8,454 (low 7,608), Billund 10 × 182 / 366 = 4,973 (low 4,475); 0 is below
    both: 0 of 2, both to dialogue. The guided reading has no expectation: insufficient data."""
    rows = [act("A1", "2024-03-01", "C1", "Egedal", kind="kollektiv")]
    report = run(_spreads(tmp_path), make_data(tmp_path / "data", activities=rows), as_of=MID_YEAR)
    spread = report.target("T.target")
    by = groups(spread)
    assert by["Egedal"].expected == pytest.approx(17 * 182 / 366)
    assert by["Billund"].expected == pytest.approx(10 * 182 / 366)
    assert {k: (g.value, g.status) for k, g in by.items()} == {"Egedal": (0, "below"), "Billund": (0, "below")}
    assert (spread.value, spread.status, spread.details["dialogue"]) == (0, "not_met", ["Egedal", "Billund"])
    assert spread.details["expected_now"] == pytest.approx(27 * 182 / 366)
    guided = report.target("T.guided")
    assert (guided.value, guided.status) == (None, "insufficient_data")
    assert guided.reason == "ingen virksomheder i erhvervshusets kommuner"


# --- 2. an open case with more paused days than days open -----------------------------------------

CASES = {"cases": {"label": "sager", "label_en": "cases", "columns": {
    "date": {"kind": "date"},
    "received": {"kind": "date", "label": "modtaget", "label_en": "received"},
    "decided": {"kind": "date", "label": "afgjort", "label_en": "decided"},
    "paused": {"kind": "integer", "label": "ansøgers tid", "label_en": "applicant's time"}}}}

# id, received (also the row's date), decided, paused: calendar days less paused days. An open case
# is measured to the end of the as-of day (31 December 2024: to 1 January 2025 00:00).
CASE_ROWS = [
    ("D1", "2024-03-01", "2024-03-11", "0"),   # 10 d: finished
    ("D2", "2024-04-01", "2024-04-05", "0"),   # 4 d: finished
    ("D3", "2024-05-01", "2024-05-03", "5"),   # 2 − 5 = −3: finished, negative (more paused than days)
    ("D4", "2024-06-20", "2024-07-20", "15"),  # 30 − 15 = 15: finished; as of 30 June open: 11 − 15 = −4
    ("D5", "2024-07-10", "2024-07-05", "0"),   # −5: finished, ends before it starts: negative
    ("D6", "2024-12-20", "", "30"),            # open: 12 − 30 = −18 by 1 Jan 2025: open, not negative
    ("D7", "2024-12-30", "", "0"),             # open: 2 d by 1 Jan 2025
]


def _cases(folder: Path, targets: list[dict[str, Any]]) -> tuple[Path, Path]:
    data = folder / "data"
    data.mkdir(parents=True)
    lines = ["id,date,received,decided,paused", *(f"{i},{r},{r},{d},{p}" for i, r, d, p in CASE_ROWS)]
    (data / "cases.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    complete(data)
    path = write_contract(folder, targets)
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    doc = {**{k: v for k, v in doc.items() if k != "targets"}, "data": CASES, "targets": doc["targets"]}
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path, data


def _case(tid: str, threshold: Any, **fields: Any) -> dict[str, Any]:
    return target(tid, "duration", threshold, source="cases", start="received", end="decided", paused="paused",
                  **fields)


def test_an_open_case_with_more_paused_days_than_days_is_open(tmp_path: Path) -> None:
    """At the year end. Finished and counted: D1 10, D2 4, D4 15 → mean 29 / 3, longest 15.
    Negative: D3 (−3), D5 (−5) = 2. Open: D6 (−18: its 30 paused days exceed its 12 days open) and
    D7 = 2. Before the fix D6 was negative: negative_duration 3, open 1. Share within 5 days: D2 of
    D1, D2, D4 = 1 / 3 (no open case is late: D6 −18 and D7 2 are within 5 days, left out as
    open_within_limit = 2; before the fix 1)."""
    contract, data = _cases(tmp_path, [
        _case("T.mean", 10, measure="mean"),
        _case("T.max", 20, measure="max"),
        _case("T.share", 0.5, measure="share_within", within={"days": 5}),
    ])
    report = run(contract, data, as_of=YEAR_END)
    mean, longest, share = report.targets
    assert (mean.value, mean.status) == (pytest.approx(29 / 3, abs=1e-6), "met")  # 9,667 ≤ 10
    assert (longest.value, longest.status) == (15.0, "met")
    assert mean.details["cases_counted"] == 3
    assert steps(mean) == {"negative_duration": 2, "open": 2}
    # D3 did not end before it started: the step's words name both ways to a negative duration
    negative = next(e for e in mean.exclusions if e.step == "negative_duration")
    assert (negative.label, negative.label_en) == (
        "negativ varighed (slutter før start, eller flere pausedage end dage)",
        "negative duration (ends before it starts, or more paused days than days)")
    assert steps(longest) == {"negative_duration": 2, "open": 2}
    assert (share.value, share.numerator, share.denominator, share.status) == (1 / 3, 1, 3, "not_met")
    assert steps(share) == {"negative_duration": 2, "open_within_limit": 2}


def test_a_case_ending_after_the_as_of_day_with_more_paused_days_is_open(tmp_path: Path) -> None:
    """As of 30 June 2024 the window holds D1–D4 (dated by their start). D4's end (20 July) lies after
    the as-of day, so it was open then: 11 days (20 June to 1 July 00:00) less 15 paused = −4, open,
    not negative. Finished: D1 10, D2 4 → mean 7; negative: D3 = 1; open: D4 = 1 (before the fix
    negative_duration 2, open 0)."""
    contract, data = _cases(tmp_path, [_case("T.mean", 10, measure="mean")])
    (mean,) = run(contract, data, as_of=MID_YEAR).targets
    assert (mean.value, mean.status) == (7.0, "met")
    assert mean.details["cases_counted"] == 2
    assert steps(mean) == {"negative_duration": 1, "open": 1}
