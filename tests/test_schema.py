"""The input schema: each column declared once, everything else derived from it.

The last tests add a column the way ARCHITECTURE.md shows (one ``Column`` row) and check that the
reader types and checks it with no other change.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import polars as pl
import pytest
from helpers import ACTIVITY_HEADER, EVALUATION_HEADER, act, write_csv

from hubmonitor.findings import CODES
from hubmonitor.io.dataset import load_dataset
from hubmonitor.profile.model import CANONICAL, REQUIRED
from hubmonitor.schema import ACTIVITIES, COMPANY_DATA, SCHEMA, Column, Kind, Source, Text
from hubmonitor.vocabulary import FIELD_LABELS, FIELDS, SEGMENTS

# The row ARCHITECTURE.md shows for adding a column (keep the two the same).
EMPLOYEES = Column("employees", Kind.INTEGER, Text("antal ansatte", "employees"),
                   Text("virksomhedens antal ansatte", "the company's number of employees"),
                   filterable=True, invalid="bad-number", minimum=0)
# The row issue 21 added to schema.py (kept the same): the integrity signals' registration time.
REGISTERED_AT = Column("registered_at", Kind.DATETIME, Text("registreret", "registered at"),
                       Text("hvornår aktiviteten blev registreret i CRM (dato og klokkeslæt); valgfri: bruges kun af "
                            "integritetssignalerne",
                            "when the activity was registered in the CRM (date and time of day); optional: used "
                            "only by the integrity signals"),
                       invalid="bad-datetime")


def test_the_derived_tables() -> None:
    assert CANONICAL[Source.ACTIVITIES] == (
        "activity_id", "date", "company_id", "cvr", "company_name", "municipality", "segment", "activity_type",
        "growth_programme", "referred", "topics", "registered_at")
    assert ACTIVITIES["registered_at"] == REGISTERED_AT  # optional, never quarantines, not filterable
    assert {Source.ACTIVITIES: {"date", "company_id"}, Source.EVALUATIONS: {"date"}} == REQUIRED
    assert FIELDS[Source.ACTIVITIES] == {
        "municipality": ("text", ()), "segment": ("enum", SEGMENTS),
        "activity_type": ("enum", ("individuel", "kollektiv")), "growth_programme": ("bool", ()),
        "referred": ("bool", ()),
        "topics": ("list", ("grøn", "digitalisering", "eksport", "finansiering", "ledelse", "strategi"))}
    assert set(FIELDS[Source.EVALUATIONS]) == {"segment", "satisfaction", "effect", "referral_received",
                                               "referral_used", "nps", "topics"}
    assert {"company_id", "cvr", "company_name"} == COMPANY_DATA
    assert FIELD_LABELS["growth_programme"] == ("vækstforløb", "growth programme")


def test_every_code_a_column_raises_is_in_the_catalogue() -> None:
    for schema in SCHEMA.values():
        for column in schema.columns:
            assert set(column.codes) <= set(CODES), column.name
            if column.blank == "missing":
                assert column.missing is not None, column.name
            if column.kind is Kind.ENUM:
                assert column.values, column.name


@pytest.fixture
def extended(monkeypatch: pytest.MonkeyPatch) -> None:
    """The activities with the row added, as a change to schema.py would add it (after registered_at,
    the row issue 21 added)."""
    monkeypatch.setitem(SCHEMA, Source.ACTIVITIES,
                        dataclasses.replace(ACTIVITIES, columns=(*ACTIVITIES.columns, EMPLOYEES)))


@pytest.mark.usefixtures("extended")
def test_a_column_added_in_one_row_is_read_typed_and_checked(tmp_path: Path) -> None:
    rows = [("12", "2024-01-02 09:15"), ("0", "2024-01-02T09:15:30"), ("-3", "2024-01-02"), ("mange", ""),
            ("", "02-01-2024 9:15"), ("7.0", "2024-01-02 09:15")]
    write_csv(tmp_path, "crm_activities.csv", ACTIVITY_HEADER + ",employees",
              [act(f"A{i}", "2024-01-02", f"C{i}", registered_at=t) + f",{n}" for i, (n, t) in enumerate(rows)])
    write_csv(tmp_path, "evaluations.csv", EVALUATION_HEADER, [])
    table = load_dataset(tmp_path).activities
    assert table.frame.schema["employees"] == pl.Int64
    assert table.frame["employees"].to_list() == [12, 0, None, None, None, 7]
    assert [str(v) if v else None for v in table.frame["registered_at"].to_list()] == [
        "2024-01-02 09:15:00", "2024-01-02 09:15:30", None, None, None, "2024-01-02 09:15:00"]
    # warnings: the rows are used, the unreadable cells count as empty
    assert table.counts == {"bad-number": 2, "bad-datetime": 2}
    assert [(f.code, f.row, f.column, f.value) for f in table.findings] == [  # in the columns' order
        ("bad-datetime", 4, "registered_at", "2024-01-02"), ("bad-datetime", 6, "registered_at", "02-01-2024 9:15"),
        ("bad-number", 4, "employees", "-3"), ("bad-number", 5, "employees", "mange")]
    assert int(table.frame["_quarantine"].sum()) == 0


@pytest.mark.usefixtures("extended")
def test_an_added_optional_column_may_be_missing_from_the_file(tmp_path: Path) -> None:
    write_csv(tmp_path, "crm_activities.csv", ACTIVITY_HEADER, [act("A1", "2024-01-02", "C1")])
    write_csv(tmp_path, "evaluations.csv", EVALUATION_HEADER, [])
    table = load_dataset(tmp_path).activities
    assert table.frame["employees"].to_list() == [None]
    assert table.absent["employees"] == [("crm_activities.csv", None)]
    assert table.counts == {}
