"""The hub's internal CSV of the companies behind the integrity signals (issue 21,
``check-data --signals-csv``): the quarantine CSV's shape (BOM, ';', every cell quoted, formula
cells and identifiers with an apostrophe), Danish or English headers, dates and times written
plainly, rows in a fixed order. Decisions: docs/decisions.md, issue 21 on the pages."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from typing import Any

import polars as pl
import pytest

from hubmonitor.io.signals_csv import EvidenceColumnsError, signals_csv

SCHEMA: dict[str, Any] = {
    "signal": pl.String, "year": pl.Int64, "activity_id": pl.String, "company_id": pl.String, "cvr": pl.String,
    "company_name": pl.String, "municipality": pl.String, "date": pl.Date, "registered_at": pl.Datetime("us"),
    "detail": pl.String, "detail_en": pl.String}
HEADER_DA = '"signal";"år";"aktivitets-id";"virksomheds-id";"CVR";"virksomhedsnavn";"kommune";"dato";"registreret";' \
            '"forklaring"\n'
HEADER_EN = '"signal";"year";"activity id";"company id";"CVR";"company name";"municipality";"date";"registered";' \
            '"explanation"\n'


def frame(*rows: tuple[Any, ...]) -> pl.DataFrame:
    return pl.DataFrame(list(rows), schema=SCHEMA, orient="row")


TWO = frame(
    ("lookalike.cvr", 2024, None, "007123", "12345674", '=HYPERLINK("http://example.org";"Åbn")', "Aarhus",
     date(2024, 3, 1), None, "samme CVR som et andet id", "the same CVR as another id"),
    ("bulk.referred", 2024, "A-0099", "V-17", None, 'Smed & Søn; "Vest" ApS', "Skive", date(2024, 12, 21),
     datetime(2024, 12, 21, 14, 3, 59), "henvist 21.12.2024 kl. 14.03, 25 på 45 min", "referred 2024-12-21 14:03"),
)


def test_two_rows_exact_bytes() -> None:
    """Sorted by signal; ids and the formula with the apostrophe; quotes doubled; the time to the minute."""
    assert signals_csv(TWO) == ("\ufeff" + HEADER_DA
        + '"bulk.referred";"2024";"\'A-0099";"\'V-17";"";"Smed & Søn; ""Vest"" ApS";"Skive";"2024-12-21";'
          '"2024-12-21 14:03";"henvist 21.12.2024 kl. 14.03, 25 på 45 min"\n'
        + '"lookalike.cvr";"2024";"";"\'007123";"\'12345674";"\'=HYPERLINK(""http://example.org"";""Åbn"")";'
          '"Aarhus";"2024-03-01";"";"samme CVR som et andet id"\n').encode("utf-8")


def test_english_headers_and_explanations_same_rows() -> None:
    da, en = signals_csv(TWO).decode("utf-8"), signals_csv(TWO, "en").decode("utf-8")
    assert en.startswith("\ufeff" + HEADER_EN)
    # the same rows; the explanation in English (the engine writes both)
    assert [line.rpartition(";")[0] for line in en.splitlines()[1:]] == [
        line.rpartition(";")[0] for line in da.splitlines()[1:]]
    assert [line.rpartition(";")[2] for line in en.splitlines()[1:]] == ['"referred 2024-12-21 14:03"',
                                                                         '"the same CVR as another id"']


def test_parsed_back_by_a_csv_reader() -> None:
    text = signals_csv(TWO).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[1] == ["bulk.referred", "2024", "'A-0099", "'V-17", "", 'Smed & Søn; "Vest" ApS', "Skive",
                       "2024-12-21", "2024-12-21 14:03", "henvist 21.12.2024 kl. 14.03, 25 på 45 min"]
    assert rows[2][3:6] == ["'007123", "'12345674", "'=HYPERLINK(\"http://example.org\";\"Åbn\")"]
    out = io.StringIO()
    csv.writer(out, delimiter=";", quoting=csv.QUOTE_ALL, lineterminator="\n").writerows(rows)
    assert out.getvalue() == text  # every cell was quoted


@pytest.mark.parametrize("name", ["=1+1", "+1", "-5", "@SUM(A1)", " =1", "\t=1", "＝1", "\r=1"])
def test_formula_starts_marked(name: str) -> None:
    row = frame(("bulk.referred", 2024, None, "C1", None, name, name, None, None, name, name))
    for lang in ("da", "en"):
        cells = list(csv.reader(io.StringIO(signals_csv(row, lang).decode("utf-8-sig")), delimiter=";"))[1]
        assert cells[5] == cells[6] == cells[9] == "'" + name


def test_order_signal_date_company() -> None:
    rows = frame(
        ("jump.M8", 2024, None, "B", None, None, None, None, None, "x", "x"),
        ("burst.referred", 2024, "a2", "B", None, None, None, date(2024, 12, 30), None, "x", "x"),
        ("burst.referred", 2024, "a1", "C", None, None, None, date(2024, 12, 20), None, "x", "x"),
        ("burst.referred", 2024, "a3", "A", None, None, None, date(2024, 12, 30), None, "x", "x"),
        ("burst.referred", 2024, "a4", "A", None, None, None, None, None, "x", "x"),
        ("bulk.referred", 2024, "a5", "Z", None, None, None, date(2024, 1, 2), datetime(2024, 1, 2, 9, 0), "x", "x"),
    )
    lines = signals_csv(rows).decode("utf-8-sig").splitlines()[1:]
    assert [line.split(";")[:4] for line in lines] == [
        ['"bulk.referred"', '"2024"', '"\'a5"', '"\'Z"'],
        ['"burst.referred"', '"2024"', '"\'a1"', '"\'C"'],
        ['"burst.referred"', '"2024"', '"\'a3"', '"\'A"'],
        ['"burst.referred"', '"2024"', '"\'a2"', '"\'B"'],
        ['"burst.referred"', '"2024"', '"\'a4"', '"\'A"'],  # no date: last
        ['"jump.M8"', '"2024"', '""', '"\'B"'],
    ]
    assert signals_csv(rows.reverse()) == signals_csv(rows)


def test_empty_gives_the_header_only() -> None:
    assert signals_csv(frame()) == ("\ufeff" + HEADER_DA).encode("utf-8")
    assert signals_csv(frame(), "en") == ("\ufeff" + HEADER_EN).encode("utf-8")
    assert signals_csv(pl.DataFrame()) == ("\ufeff" + HEADER_DA).encode("utf-8")


def test_columns_taken_by_name() -> None:
    """Another column order, or a column more, gives the same file; a column missing is a programming
    error, said as such."""
    shuffled = TWO.select(list(reversed(TWO.columns))).with_columns(pl.lit("internal").alias("extra"))
    assert signals_csv(shuffled) == signals_csv(TWO)
    with pytest.raises(EvidenceColumnsError, match="lacks the columns cvr, detail, detail_en"):
        signals_csv(TWO.drop("cvr", "detail", "detail_en"))
