"""Company metrics (distinct_companies, company_ratio, new_companies) and the CRM row checks.

Every expected figure is counted by hand from the rows written in the test.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from helpers import (
    MIDTJYLLAND,
    act,
    assert_accounting,
    counting_targets,
    make_data,
    quarantined,
    run,
    steps,
    summary,
    target,
    warnings,
    write_contract,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hubmonitor.contract.loader import load_contract
from hubmonitor.engine.evaluate import evaluate
from hubmonitor.io.dataset import load_dataset

CRM = "crm_activities.csv"


# --- distinct counting: M8.reach, M8.growth_programmes, M8.balance, M8.referral_rate ------------

COMPANY_ROWS = [
    act("A1", "2024-01-10", "C1", growth="ja", referred="ja"),  # row 2
    act("A2", "2024-02-10", "C1", growth="nej", referred="nej"),  # row 3
    act("A3", "2024-03-10", "C1", kind="kollektiv"),  # row 4
    act("A4", "2024-03-11", "C2", segment="vækst", kind="kollektiv", growth="x"),  # row 5
    act("A5", "2024-03-12", "C3", "Horsens", segment="iværksætter"),  # row 6
    act("A6", "2024-04-01", "C4", "Odense", referred="1"),  # row 7: outside the hub
    act("A7", "2024-04-02", "C5", "Viborg", kind="Kollektiv"),  # row 8
    act("A8", "2024-04-03", "C3", "Horsens", kind="kollektiv", referred="ja"),  # row 9
    act("A9", "2025-01-01", "C6", growth="ja", referred="ja"),  # row 10: after the period
    act("A10", "2022-12-31", "C7", growth="ja"),  # row 11: before 2023 and 2024
]


def test_distinct_company_targets(tmp_path: Path) -> None:
    data = make_data(tmp_path / "data", activities=COMPANY_ROWS)
    report = run(MIDTJYLLAND, data)

    reach = report.target("M8.reach")
    # companies with any 2024 activity: C1 (3 rows), C2, C3 (2 rows), C4 (Odense), C5 = 5
    assert (reach.value, reach.numerator) == (5, 5)
    assert reach.status == "not_met"  # 5 < 5000

    growth = report.target("M8.growth_programmes")
    # growth_programme true: C1 (A1 'ja'), C2 (A4 'x'); C6 is 2025, C7 is 2022: 2
    assert growth.value == 2
    assert growth.status == "not_met"

    balance = report.target("M8.balance")
    # individual: C1, C3, C4 = 3; collective: C1, C2, C5, C3 = 4; 3 / (3 + 4)
    assert balance.value == 3 / 7
    assert (balance.numerator, balance.denominator) == (3, 7)
    assert balance.details["denominator_terms"] == [3, 4]
    assert balance.status == "met"  # 0.4286 in 0.40 … 0.60

    referral = report.target("M8.referral_rate")
    # individually guided C1, C3, C4; referred on an individual activity: C1 (A1), C4 (A6);
    # C3's referral was on a collective activity (A8): 2/3
    assert referral.value == 2 / 3
    assert (referral.numerator, referral.denominator) == (2, 3)
    assert referral.status == "not_met"  # 0.667 < 0.80

    # the Odense company counts in the totals above and is reported as outside the hub
    assert warnings(report, "outside-hub") == [(CRM, 7, "municipality", "Odense")]
    # no 2023 rows in the data: M1.new_companies cannot be computed
    assert report.target("M1.new_companies").status == "insufficient_data"
    # 10 rows; A9 (2025) and A10 (2022) are not of 2024: 8 read for 2024, all used
    assert_accounting(report, data, {CRM: (8, 8, 0, 0, 0)}, other_years={CRM: 2})


def test_balance_edges_and_zero_denominator(tmp_path: Path) -> None:
    contract = write_contract(tmp_path, [
        target("T.balance", "company_ratio", [0.40, 0.60], comparison="between",
               numerator={"activity_type": "individuel"},
               denominator=[{"activity_type": "individuel"}, {"activity_type": "kollektiv"}]),
        target("T.growth_referred", "company_ratio", 0.5,
               numerator={"growth_programme": True, "referred": True},
               denominator=[{"growth_programme": True}]),
    ])
    data = make_data(tmp_path / "data", activities=[
        act("A1", "2024-01-01", "C1"),
        act("A2", "2024-01-02", "C2"),
        act("A3", "2024-01-03", "C3", kind="kollektiv"),
        act("A4", "2024-01-04", "C4", kind="kollektiv"),
        act("A5", "2024-01-05", "C5", kind="kollektiv"),
    ])
    report = run(contract, data)
    balance = report.target("T.balance")
    # individual C1, C2 = 2; collective C3, C4, C5 = 3: 2 / (2 + 3) = 0.40, the low edge
    assert balance.value == 2 / 5
    assert balance.status == "met"
    zero = report.target("T.growth_referred")
    # no company has a growth programme: 0 / 0
    assert zero.value is None
    assert zero.status == "insufficient_data"
    assert (zero.numerator, zero.denominator) == (0, 0)
    assert_accounting(report, data, {CRM: (5, 5, 0, 0, 0)})


# --- M1.new_companies ---------------------------------------------------------------------------

def test_new_companies(tmp_path: Path) -> None:
    data = make_data(tmp_path / "data", activities_2023=[
        act("B1", "2023-05-01", "C1"),
        act("B2", "2023-06-01", "C2", kind="kollektiv"),  # only collective in 2023
        act("B3", "2023-07-01", "C3"),
        act("B4", "2022-12-31", "C4"),  # 2022: neither this year nor last year
    ], activities=[
        act("A1", "2024-02-01", "C1"),  # returning
        act("A2", "2024-02-02", "C2"),  # new: not individually guided in 2023
        act("A3", "2024-02-03", "C4"),  # new: 2022 does not count
        act("A4", "2024-02-04", "C5"),  # new
        act("A5", "2024-02-05", "C5"),  # same company again
        act("A6", "2024-02-06", "C3", kind="kollektiv"),  # not individually guided in 2024
    ])
    report = run(MIDTJYLLAND, data)
    new = report.target("M1.new_companies")
    # individually guided in 2024: C1, C2, C4, C5 = 4; new: C2, C4, C5 = 3: 3/4
    assert new.value == 3 / 4
    assert (new.numerator, new.denominator) == (3, 4)
    assert steps(new) == {"returning": 1}  # C1
    assert new.status == "met"  # 0.75 >= 0.50
    # crm_activities.csv: all 2024; crm_activities_2023.csv holds no row of 2024 (the target reads
    # its 2023 rows, which 2023's accounting covers): not listed
    assert_accounting(report, data, {CRM: (6, 6, 0, 0, 0)})


def test_new_companies_without_last_year_is_insufficient(tmp_path: Path) -> None:
    contract = write_contract(tmp_path, [
        target("T.new", "new_companies", 0.5, where={"activity_type": "individuel"}),
    ])
    data = make_data(tmp_path / "data", activities=[
        act("A1", "2024-02-01", "C1"),
        act("A2", "2024-03-01", "C2"),
        act("A3", "2022-06-01", "C1"),  # two years back: not the comparison year
    ])
    report = run(contract, data)
    new = report.target("T.new")
    # no 2023 activities: not 0 %, not 100 %, not met
    assert new.value is None
    assert new.status == "insufficient_data"
    assert new.reason is not None and "2023" in new.reason
    assert_accounting(report, data, {CRM: (2, 2, 0, 0, 0)}, other_years={CRM: 1})


def test_new_companies_as_share_of_all_activity(tmp_path: Path) -> None:
    # the same kind without the individual filter: any activity counts, also last year's collective
    contract = write_contract(tmp_path, [target("T.new_any", "new_companies", 0.5)])
    data = make_data(tmp_path / "data", activities=[
        act("B1", "2023-03-01", "C1", kind="kollektiv"),
        act("A1", "2024-02-01", "C1"),
        act("A2", "2024-03-01", "C2", kind="kollektiv"),
    ])
    report = run(contract, data)
    # 2024 companies C1, C2; C1 had an activity in 2023: 1/2
    assert report.target("T.new_any").value == 1 / 2
    assert_accounting(report, data, {CRM: (2, 2, 0, 0, 0)}, other_years={CRM: 1})  # B1 is 2023's


# --- quarantine and duplicates ------------------------------------------------------------------

def test_quarantined_rows_are_left_out_and_listed(tmp_path: Path) -> None:
    contract = write_contract(tmp_path, [
        target("T.reach", "distinct_companies", 1),
        target("T.growth", "distinct_companies", 1, where={"growth_programme": True}),
        target("T.referral", "company_ratio", 0.5, numerator={"referred": True},
               denominator=[{"activity_type": "individuel"}]),
    ])
    data = make_data(tmp_path / "data", activities=[
        act("A1", "2024-01-05", "C1", growth="ja"),  # row 2
        act("A2", "2024-13-01", "C2", growth="ja", referred="ja"),  # row 3: month 13
        act("A3", "2024-01-07", "C3", "Atlantis", growth="ja", referred="ja"),  # row 4
        act("A4", "2024-01-08", "C4", segment="mellemstor", growth="ja", referred="ja"),  # row 5
        act("A5", "2024-01-09", "C5", kind="webinar", growth="ja", referred="ja"),  # row 6
        act("A6", "2024-01-10", "", growth="ja", referred="ja"),  # row 7: no company id
        act("A7", "2024-01-11", "C7", growth="måske", referred="ja"),  # row 8
        act("A8", "2024-01-12", "C8", growth="ja", referred="maybe"),  # row 9
        act("A1", "2024-01-05", "C1", growth="ja"),  # row 10: exact duplicate of row 2
        act("A9", "2025-01-02", "C9", growth="ja", referred="ja"),  # row 11: after the period
        act("A10", "2024-02-01", "C10", " 0751 ", referred="JA"),  # row 12
        act("A11", "05-02-2024", "C11", growth="ja", referred="ja"),  # row 13: not ISO
        act("A12", "", "C12", growth="ja", referred="ja"),  # row 14: no date
        act("A13", "2024-02-02", "C13", "", growth="ja", referred="ja"),  # row 15: no municipality
    ])
    report = run(contract, data)
    # usable 2024 rows: A1 (C1, growth) and A10 (C10, referred)
    assert report.target("T.reach").value == 2  # C1, C10
    assert report.target("T.growth").value == 1  # C1
    referral = report.target("T.referral")
    assert (referral.numerator, referral.denominator) == (1, 2)  # C10 of C1, C10
    assert referral.value == 1 / 2
    assert quarantined(report) == [
        (CRM, 3, "date", "bad-date"),
        (CRM, 13, "date", "bad-date"),
        (CRM, 14, "date", "missing-date"),
        (CRM, 7, "company_id", "missing-company-id"),
        (CRM, 4, "municipality", "unknown-municipality"),
        (CRM, 15, "municipality", "missing-municipality"),
        (CRM, 5, "segment", "unknown-segment"),
        (CRM, 6, "activity_type", "unknown-activity-type"),
        (CRM, 8, "growth_programme", "bad-boolean"),
        (CRM, 9, "referred", "bad-boolean"),
    ]
    assert warnings(report, "duplicate-row") == [(CRM, 10, None, "X#")]  # the id masked (issue 16)
    unknown = [f for f in report.data_quality.findings if f.code == "unknown-municipality"]
    assert unknown[0].value == "Atlantis"
    assert summary(report) == {"bad-date": 2, "missing-date": 1, "missing-company-id": 1,
                               "unknown-municipality": 1, "missing-municipality": 1,
                               "unknown-segment": 1, "unknown-activity-type": 1, "bad-boolean": 2,
                               "duplicate-row": 1}
    # 14 rows, row 11 (2025) not of 2024: 13 read = 10 quarantined + 1 duplicate + 2 used; of the
    # quarantined, rows 3, 13 and 14 have no readable date (the file holds 2024 rows: they count)
    assert_accounting(report, data, {CRM: (13, 2, 10, 1, 0)}, other_years={CRM: 1})
    assert {i.file: i.undated for i in report.data_quality.inputs}[CRM] == 3


def test_duplicates_are_counted_once(tmp_path: Path) -> None:
    contract = write_contract(tmp_path, [
        target("T.referral", "company_ratio", 0.5, numerator={"referred": True},
               denominator=[{"activity_type": "individuel"}]),
        target("T.reach", "distinct_companies", 1),
    ])
    row = act("A1", "2024-04-04", "C1", referred="ja")
    data = make_data(tmp_path / "data", activities=[
        row, row, row,  # rows 2-4: one activity exported three times
        act("A2", "2024-04-05", "C2"),  # row 5
        act("A2", "2024-04-05", "C2", referred="ja"),  # row 6: same id, other content: not a duplicate
    ])
    report = run(contract, data)
    # C1 and C2 both referred (C2 via row 6): 2/2
    assert report.target("T.referral").value == 2 / 2
    assert report.target("T.reach").value == 2
    assert warnings(report, "duplicate-row") == [(CRM, 3, None, "X#"), (CRM, 4, None, "X#")]  # ids masked
    assert [(f, r) for f, r, _, _ in warnings(report, "duplicate-id")] == [(CRM, 5), (CRM, 6)]
    assert_accounting(report, data, {CRM: (5, 3, 0, 2, 0)})


def test_no_activities_at_all(tmp_path: Path) -> None:
    contract = write_contract(tmp_path, [
        target("T.reach", "distinct_companies", 1),
        target("T.balance", "company_ratio", [0.4, 0.6], comparison="between",
               numerator={"activity_type": "individuel"},
               denominator=[{"activity_type": "individuel"}, {"activity_type": "kollektiv"}]),
    ])
    data = make_data(tmp_path / "data", activities=[act("A1", "2023-04-04", "C1")])
    report = run(contract, data)
    # the only activity is from 2023: no company in 2024; a ratio over 0 companies has no value
    balance = report.target("T.balance")
    assert (balance.value, balance.status, balance.denominator) == (None, "insufficient_data", 0)
    reach = report.target("T.reach")
    # no CRM data for 2024 at all: the count is missing, not 0
    assert (reach.value, reach.status) == (None, "insufficient_data")
    assert_accounting(report, data, {})  # the file holds no row of 2024: not listed


# --- property: row order does not matter -------------------------------------------------------

MUNICIPALITIES = ["Aarhus", "751", "odder", "Samsø", "Skanderborg", "Odense", "Atlantis"]


@pytest.fixture(scope="module")
def order_contract(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("contract")
    return write_contract(folder, [
        *counting_targets(),
        target("T.new", "new_companies", 0.5, where={"activity_type": "individuel"}),
        target("T.spread", "municipal_spread", "all", where={"activity_type": "individuel"}),
        target("T.alloc", "allocation", 100, total=100, method="population"),
    ], municipalities=["Aarhus", "Odder", "Samsø", "Skanderborg"])


activity = st.tuples(
    st.sampled_from(["C1", "C2", "C3", "C4", "C5"]),
    st.sampled_from(MUNICIPALITIES),
    st.sampled_from(["individuel", "kollektiv"]),
    st.sampled_from(["ja", ""]),
    st.sampled_from(["ja", "nej"]),
)


@settings(max_examples=30, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), rows=st.lists(activity, min_size=1, max_size=12))
def test_row_order_changes_no_figure(order_contract: Path, data: st.DataObject,
                                     rows: list[tuple[str, str, str, str, str]]) -> None:
    # every row gets its own date, so "latest activity" never needs the row-order tie-break;
    # odd rows fall in 2023 and even rows in 2024 (new_companies compares with 2023)
    lines = []
    for i, (company, municipality, kind, growth, referred) in enumerate(rows):
        year = 2023 if i % 2 else 2024
        day = f"{year}-{1 + i // 28:02d}-{1 + i % 28:02d}"
        lines.append(act(f"A{i}", day, company, municipality, kind=kind, growth=growth, referred=referred))
    lines += lines[:2]  # exact duplicates, whose position also changes
    shuffled = data.draw(st.permutations(lines))
    contract = load_contract(order_contract)

    def figures(csv_lines: list[str]) -> list[object]:
        with tempfile.TemporaryDirectory() as tmp:
            # municipalities of any hub: not a question of the right folder here
            report = evaluate(contract, load_dataset(make_data(Path(tmp), activities=csv_lines)),
                              allow_outside_hub=True)
        for t in report.targets:
            if t.unit == "share" and t.value is not None:
                assert 0 <= t.value <= 1, t.id
        return [(t.id, t.value, t.status, t.numerator, t.denominator,
                 [g.model_dump() for g in t.groups], [e.model_dump() for e in t.exclusions])
                for t in report.targets] + [
            [(i.rows_read, i.rows_used, i.quarantined, i.duplicates, i.outside_period)
             for i in report.data_quality.inputs], summary(report)]

    assert figures(lines) == figures(list(shuffled))
