"""Review of 7 December 2026, evening (Nordjylland's director with a CRM that writes "1. jan. 2024"):
an export whose dates cannot be read put every row in quarantine, and the targets said "ingen
CRM-aktiviteter i perioden" as if the year had none. A target without a value now says beside its
reason how many rows of the sources it reads are quarantined without a readable date (they may
belong to the period); a target that has its value, or whose sources have no such rows, is as before.

Made by hand: three activities of 2024 — two with a date the format cannot read ("1. jan. 2024",
"3. feb. 2024"), one with none — and two answers with readable dates. Decisions: docs/decisions.md
("Reviews of 7 December 2026, evening").
"""

from __future__ import annotations

from pathlib import Path

from helpers import act, counting_targets, ev, make_data, run, target, write_contract


def test_a_target_without_rows_says_the_rows_without_a_readable_date(tmp_path: Path) -> None:
    data = make_data(tmp_path / "data",
                     activities=[act("A1", "1. jan. 2024", "C1"), act("A2", "3. feb. 2024", "C2"),
                                 act("A3", "", "C3")],
                     evaluations=[ev("E1", "2024-03-01", satisfaction="Meget tilfreds"),
                                  ev("E2", "2024-04-01", satisfaction="Tilfreds")])
    contract = write_contract(tmp_path, [*counting_targets()[:1],
                                         target("T.sat", "share", 0.5, answer="satisfaction",
                                                success=["Meget tilfreds"], min_answers=1)])
    report = run(contract, data)
    reach, satisfied = report.targets
    assert reach.status == "insufficient_data"
    assert reach.reason == ("ingen CRM-aktiviteter i perioden; 3 CRM-aktiviteter uden læsbar dato er i karantæne og "
                            "kan høre til perioden (se datakvaliteten)")
    assert reach.reason_en == ("no CRM activities in the period; 3 CRM activities without a readable date are "
                               "quarantined and may belong to the period (see the data quality)")
    assert (satisfied.value, satisfied.reason) == (0.5, None)  # the answers' dates are read: as before


def test_without_such_rows_the_reason_is_as_before(tmp_path: Path) -> None:
    data = make_data(tmp_path / "data", activities=[act("A1", "2023-05-01", "C1")],
                     evaluations=[ev("E1", "2024-03-01")])
    report = run(write_contract(tmp_path, counting_targets()[:1]), data)
    assert report.targets[0].reason == "ingen CRM-aktiviteter i perioden"


def test_rows_without_a_date_in_a_file_of_another_year_are_not_said(tmp_path: Path) -> None:
    """The rows said are those the year's data quality counts as without a date: of the files with rows of
    the year (or with no dated row). Two undated rows in a file of 2023's rows are not 2024's (a second
    review: the note counted them while the data quality beside it said 0 for 2024)."""
    data = make_data(tmp_path / "data", activities=[],
                     activities_2023=[act("A1", "2023-03-01", "C1"), act("A2", "1. jan. 2023", "C2"),
                                      act("A3", "", "C3")],
                     evaluations=[ev("E1", "2024-03-01")])
    report = run(write_contract(tmp_path, counting_targets()[:1]), data)
    assert report.targets[0].reason == "ingen CRM-aktiviteter i perioden"
    undated = [i.undated for i in report.data_quality.inputs if i.file.startswith("crm_activities")]
    assert undated == [0]  # the 2023 file is not in 2024's accounting: only the empty 2024 file is


def test_a_target_reading_the_year_before_says_each_undated_row_once(tmp_path: Path) -> None:
    """The share of new companies reads the year and the year before; with no row of either readable, the
    file's undated rows belong to the accounting of both years, and the reason added them twice (a review:
    "25.538 CRM-aktiviteter uden læsbar dato" for a folder of 12.769 rows, re-saved by Danish Excel)."""
    data = make_data(tmp_path / "data",
                     activities=[act("A1", "1. jan. 2024", "C1"), act("A2", "3. feb. 2024", "C2"),
                                 act("A3", "", "C3")],
                     evaluations=[ev("E1", "2024-03-01")])
    report = run(write_contract(tmp_path, [target("T.new", "new_companies", 0.5)]), data)
    assert report.targets[0].reason == (
        "ingen CRM-aktiviteter fra 2023 at sammenligne med; 3 CRM-aktiviteter uden læsbar dato er i karantæne og "
        "kan høre til perioden (se datakvaliteten)")
