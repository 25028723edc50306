"""Data quality per contract year: ``evaluate`` accounts for the rows of the year it evaluates (and
the rows without a readable date of the files holding rows of it), ``check-data`` for the whole
folder; the pages list one example of each finding code before a second of any.

Every figure below is counted by hand from the rows written in the test.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import fastexcel
import pytest
from helpers import ACTIVITY_HEADER, EVALUATION_HEADER, act, ev, run, summary, target, write_contract, write_csv

import hubmonitor
from hubmonitor.engine.quality import dataset_quality
from hubmonitor.io.dataset import load_dataset
from hubmonitor.io.results_json import from_document, quality_document, to_document
from hubmonitor.render.html.report_page import quality
from hubmonitor.render.workbook import workbook_bytes
from hubmonitor.report import DataQuality, Report, quarantined_rows

CRM23, CRM24, EV = "crm_activities_2023.csv", "crm_activities_2024.csv", "evaluations.csv"
BAD_CVR = "12345678"  # 1·2 + 2·7 + 3·6 + 4·5 + 5·4 + 6·3 + 7·2 + 8·1 = 114, not a multiple of 11


def accounting(q: DataQuality) -> dict[str, tuple[int, int, int, int, int, int | None]]:
    """{file: (read, used, quarantined, duplicates, outside, undated)}, checking read = the sum."""
    for i in q.inputs:
        assert i.rows_read == i.rows_used + i.quarantined + i.duplicates + i.outside_period, i
        assert min(i.rows_used, i.quarantined, i.duplicates, i.outside_period) >= 0, i
    assert q.rows_read == sum(i.rows_read for i in q.inputs)
    assert q.rows_used == sum(i.rows_used for i in q.inputs)
    return {i.file: (i.rows_read, i.rows_used, i.quarantined, i.duplicates, i.outside_period, i.undated)
            for i in q.inputs}


def counts(q: DataQuality) -> dict[str, int]:
    return {s.code: s.count for s in q.summary}


# --- two years, some bad rows in each, rows without a readable date ----------------------------

@pytest.fixture(scope="module")
def two_years(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("two-years")
    write_csv(folder, CRM23, ACTIVITY_HEADER, [
        act("A1", "2023-03-01", "C1"),  # row 2
        act("A2", "2023-04-01", "C2", "Atlantis"),  # row 3: unknown-municipality
        act("A3", "2023-05-01", "C3", segment=""),  # row 4: missing-segment (a warning: used)
        act("A1", "2023-03-01", "C1"),  # row 5: duplicate-row of row 2
        act("A4", "2023-02-30", "C4"),  # row 6: bad-date, no readable date
    ])
    write_csv(folder, CRM24, ACTIVITY_HEADER, [
        act("B1", "2024-01-10", "C1"),  # row 2
        act("B2", "2024-02-10", "C2", cvr=BAD_CVR),  # row 3: bad-cvr-checksum (used)
        act("B3", "2024-03-10", ""),  # row 4: missing-company-id
        act("B4", "2024-04-10", "C4", segment="stjerne"),  # row 5: unknown-segment
        act("B5", "", "C5"),  # row 6: missing-date
        act("B6", "2023-12-31", "C6"),  # row 7: a row of 2023 in the 2024 export
        act("B7", "2024-13-01", "C7"),  # row 8: bad-date
        act("B8", "2024-07-01", "C8"),  # row 9: after 30 June
        act("B1", "2024-01-10", "C1"),  # row 10: duplicate-row of row 2
    ])
    write_csv(folder, EV, EVALUATION_HEADER, [
        ev("R1", "2023-06-01", nps="11"),  # row 2: bad-nps
        ev("R2", "2024-06-01", nps="9"),  # row 3
        ev("R3", "2024-06-02", nps="11"),  # row 4: bad-nps
        ev("R4", "01-06-2024", nps="8"),  # row 5: bad-date (the canonical layout is ISO)
    ])
    return folder


@pytest.fixture(scope="module")
def contracts(tmp_path_factory: pytest.TempPathFactory) -> dict[int, Path]:
    folder = tmp_path_factory.mktemp("contracts")
    return {year: write_contract(folder, [target("T.reach", "distinct_companies", 1)], year=year,
                                 name=f"{year}.yaml") for year in (2023, 2024)}


def test_a_year_counts_its_own_rows_and_findings(two_years: Path, contracts: dict[int, Path]) -> None:
    q = run(contracts[2024], two_years).data_quality
    assert q.period is not None and (q.period.start, q.period.end, q.period.as_of) == (
        date(2024, 1, 1), date(2024, 12, 31), date(2024, 12, 31))
    # crm 2024: rows 2-5, 9, 10 dated 2024 and rows 6, 8 without a date (the file holds 2024 rows), row 7
    # is 2023's: 8 read = 3 used (2, 3, 9) + 4 quarantined (4, 5, 6, 8) + 1 duplicate (10). The 2023 file
    # holds no row of 2024: not listed. Evaluations: R2, R3 and the undated R4: 1 used + 2 quarantined.
    assert accounting(q) == {CRM24: (8, 3, 4, 1, 0, 2), EV: (3, 1, 2, 0, 0, 1)}
    assert (q.rows_read, q.rows_used, q.quarantined_rows) == (11, 4, 6)
    # no unknown municipality, missing segment or 2023 NPS: those are 2023's
    assert counts(q) == {"bad-date": 2, "missing-date": 1, "missing-company-id": 1, "unknown-segment": 1,
                         "bad-nps": 1, "duplicate-row": 1, "bad-cvr-checksum": 1}
    assert sorted((f.file, f.row, f.code) for f in q.findings) == [
        (CRM24, 3, "bad-cvr-checksum"), (CRM24, 4, "missing-company-id"), (CRM24, 5, "unknown-segment"),
        (CRM24, 6, "missing-date"), (CRM24, 8, "bad-date"), (CRM24, 10, "duplicate-row"),
        (EV, 4, "bad-nps"), (EV, 5, "bad-date")]


def test_the_other_year_and_an_undated_row_in_each_year_of_its_file(two_years: Path,
                                                                   contracts: dict[int, Path]) -> None:
    q = run(contracts[2023], two_years).data_quality
    # crm 2023: rows 2-5 dated 2023 and row 6 undated: 2 used (2, 4) + 2 quarantined (3, 6) + 1 duplicate.
    # crm 2024 holds one 2023 row (7, used), so its undated rows 6 and 8 count in 2023 too. Evaluations:
    # R1 (quarantined) and the undated R4, which counts in both years of the file.
    assert accounting(q) == {CRM23: (5, 2, 2, 1, 0, 1), CRM24: (3, 1, 2, 0, 0, 2), EV: (2, 0, 2, 0, 0, 1)}
    assert counts(q) == {"bad-date": 3, "missing-date": 1, "unknown-municipality": 1, "bad-nps": 1,
                         "duplicate-row": 1, "missing-segment": 1}


def test_as_of_a_date_the_rows_after_it_are_outside(two_years: Path, contracts: dict[int, Path]) -> None:
    q = run(contracts[2024], two_years, as_of=date(2024, 6, 30)).data_quality
    assert q.period is not None and q.period.as_of == date(2024, 6, 30)
    # row 9 (1 July) is of the year but after the as-of date; the findings are the year's, as above
    assert accounting(q) == {CRM24: (8, 2, 4, 1, 1, 2), EV: (3, 1, 2, 0, 0, 1)}
    assert counts(q)["bad-date"] == 2


def test_check_data_still_covers_the_whole_folder(two_years: Path) -> None:
    q = dataset_quality(load_dataset(two_years))
    assert q.period is None
    assert accounting(q) == {CRM23: (5, 2, 2, 1, 0, None), CRM24: (9, 4, 4, 1, 0, None), EV: (4, 1, 3, 0, 0, None)}
    assert counts(q) == {"bad-date": 3, "missing-date": 1, "missing-company-id": 1, "unknown-municipality": 1,
                         "unknown-segment": 1, "bad-nps": 2, "duplicate-row": 2, "missing-segment": 1,
                         "bad-cvr-checksum": 1}
    doc = quality_document(q)  # check-data's JSON keeps its shape: no period, no undated
    assert "period" not in doc and all("undated" not in i for i in doc["inputs"])


def test_years_on_one_read_and_the_json(two_years: Path, contracts: dict[int, Path]) -> None:
    """``evaluate --years`` (one read of the folder) gives each year its own accounting."""
    # 2024's data end 1 July: evaluated to the year end, as a finished year (the jobs' third item)
    reports = list(hubmonitor.evaluate_each([(contracts[2023], two_years), (contracts[2024], two_years,
                                                                            date(2024, 12, 31))]))
    assert [accounting(r.data_quality) for r in reports] == [
        {CRM23: (5, 2, 2, 1, 0, 1), CRM24: (3, 1, 2, 0, 0, 2), EV: (2, 0, 2, 0, 0, 1)},
        {CRM24: (8, 3, 4, 1, 0, 2), EV: (3, 1, 2, 0, 0, 1)}]
    # --strict and the --years summary add up each year's own: 6 + 6; the folder's 9 distinct rows with
    # the three undated rows of the files spanning both years (crm 2024 rows 6 and 8, R4) in both
    assert quarantined_rows(reports) == 12
    doc = to_document(reports[1])["data_quality"]
    assert doc["period"] == {"start": "2024-01-01", "end": "2024-12-31", "as_of": "2024-12-31"}
    assert doc["inputs"][0] == {"source": "activities", "file": CRM24, "sheet": None, "rows_read": 8, "rows_used": 3,
                                "quarantined": 4, "duplicates": 1, "outside_period": 0, "undated": 2}
    # the two warnings of the rows, and data-ends-early: the year is evaluated whole, its data end 1 July
    assert (doc["rows_read"], doc["quarantined_total"], doc["warnings_total"]) == (11, 6, 3)
    assert from_document(to_document(reports[1])).data_quality == reports[1].data_quality


# --- more findings of a code than the load keeps as examples ---------------------------------

def _mixed(line: str) -> bytes:
    return (line + "\n").encode("cp1252")


@pytest.fixture(scope="module")
def many(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """2023 holds more than 50 findings of several codes, so the load's examples of them are all of
    2023 and the counts of 2024 must come from the rows themselves."""
    folder = tmp_path_factory.mktemp("many")
    rows23 = (
        [act(f"M{i}", "2023-03-01", f"M{i}", "Atlantis") for i in range(55)]  # unknown-municipality
        + [act(f"V{i}", "2023-03-02", f"V{i}", cvr=BAD_CVR) for i in range(55)]  # bad-cvr-checksum
        + [act(f"S{i}", "2023-03-03", f"S{i}", "Ringkøbing-Skjern", segment="") for i in range(55)]  # missing-segment
        + [act(f"K{i}", "2023-03-04", f"K{i}") for i in range(55)] * 2  # 55 duplicate-row
        + [act(f"I{i // 2}", "2023-03-05", f"I{i}") for i in range(52)]  # 26 ids on 2 rows each: 52 duplicate-id
        + [act("T1", "2023-12-30", "T1")]  # duplicate-id with a 2024 row
    )
    text = "\n".join([ACTIVITY_HEADER, *rows23]).encode("utf-8") + b"\n"
    # 55 lines saved as Windows-1252 in a UTF-8 file (the rows above are UTF-8): mixed-encoding
    text += b"".join(_mixed(act(f"E{i}", "2023-03-06", f"E{i}", "Ringkøbing-Skjern")) for i in range(55))
    (folder / CRM23).write_bytes(text)
    write_csv(folder, CRM24, ACTIVITY_HEADER, [
        act("N1", "2024-02-01", "N1", "Atlantis"), act("N2", "2024-02-01", "N2", "Atlantis"),
        act("W1", "2024-02-02", "W1", cvr=BAD_CVR), act("W2", "2024-02-02", "W2", cvr=BAD_CVR),
        act("W3", "2024-02-02", "W3", cvr=BAD_CVR),
        act("G1", "2024-02-03", "G1", segment=""),
        act("L1", "2024-02-04", "L1"), act("L1", "2024-02-04", "L1"),
        act("L2", "2024-02-04", "L2"), act("L2", "2024-02-04", "L2"),
        act("D1", "2024-02-05", "D1"), act("D1", "2024-02-05", "D9"),  # one id, two different rows
        # an id on two identical quarantined rows only: a copy, not a reused id
        act("X1", "2024-02-06", "X1", "Atlantis"), act("X1", "2024-02-06", "X1", "Atlantis"),
        # two identical quarantined rows and a different one: a reused id on all three
        act("X2", "2024-02-07", "X2", "Atlantis"), act("X2", "2024-02-07", "X2", "Atlantis"),
        act("X2", "2024-02-07", "X2"),
        act("T1", "2024-01-02", "T2"),  # T1 of 2023, other content
    ])
    write_csv(folder, EV, EVALUATION_HEADER, [])
    return folder


def test_counts_are_exact_beyond_the_examples_the_load_keeps(many: Path, contracts: dict[int, Path]) -> None:
    whole = counts(dataset_quality(load_dataset(many)))
    assert whole == {"unknown-municipality": 55 + 6, "duplicate-row": 55 + 2, "duplicate-id": 53 + 6,
                     "missing-segment": 55 + 1, "bad-cvr-checksum": 55 + 3, "mixed-encoding": 55}
    q24 = run(contracts[2024], many).data_quality
    # N1, N2, X1 ×2, X2 ×2; L1, L2 copies; D1 ×2, X2 ×3, T1; W1-W3; G1
    assert counts(q24) == {"unknown-municipality": 6, "duplicate-row": 2, "duplicate-id": 6, "missing-segment": 1,
                           "bad-cvr-checksum": 3, "mixed-encoding": 55}
    # mixed-encoding is kept only as the first 50 lines: beyond them it cannot be dated, and stays the
    # folder's (docs/decisions.md); the load's 50 examples of the others are 2023's, so each code's
    # first row of 2024 is the example (duplicate-id: the first row of 2024 with a reused id, D1)
    assert {f.code for f in q24.findings} == {"mixed-encoding", "unknown-municipality", "duplicate-row",
                                              "missing-segment", "bad-cvr-checksum", "duplicate-id"}
    assert [(f.row, f.column) for f in q24.findings if f.code == "duplicate-id"] == [(12, "activity_id")]
    assert {f.file for f in q24.findings if f.code != "mixed-encoding"} == {CRM24}
    # 18 rows: 6 quarantined (N1, N2, X1 ×2, X2 ×2: the second X1 is a copy, but quarantined), 2 copies
    # (L1, L2), 10 used (W1-W3, G1, L1, L2, D1 ×2, the third X2, T1)
    assert accounting(q24) == {CRM24: (18, 10, 6, 2, 0, 0), EV: (0, 0, 0, 0, 0, 0)}
    q23 = run(contracts[2023], many).data_quality
    assert counts(q23) == {"unknown-municipality": 55, "duplicate-row": 55, "duplicate-id": 53, "missing-segment": 55,
                           "bad-cvr-checksum": 55, "mixed-encoding": 55}
    # 55 × 6 + 52 + 1 = 383 rows of 2023: 55 quarantined (M), 55 duplicates (K), 273 used
    assert accounting(q23) == {CRM23: (383, 273, 55, 55, 0, 0), EV: (0, 0, 0, 0, 0, 0)}


# --- the pages: one example of each code first -------------------------------------------------

@pytest.fixture(scope="module")
def crowded(tmp_path_factory: pytest.TempPathFactory) -> Report:
    """12 bad dates in the file before one row of each other code: in file order the bad dates alone
    would fill the ten examples."""
    folder = tmp_path_factory.mktemp("crowded")
    write_csv(folder, CRM24, ACTIVITY_HEADER, [
        *[act(f"B{i}", f"2024-13-{i + 1:02d}", f"B{i}") for i in range(12)],  # rows 2-13: bad-date
        act("U1", "2024-02-01", "U1", "Atlantis"),  # row 14: unknown-municipality
        act("U2", "2024-02-02", ""),  # row 15: missing-company-id
        act("U3", "2024-02-03", "U3", cvr=BAD_CVR),  # row 16: bad-cvr-checksum (company data)
        act("U4", "2024-02-04", "U4"),  # row 17
    ])
    write_csv(folder, EV, EVALUATION_HEADER, [])
    contract = write_contract(folder, [target("T.reach", "distinct_companies", 1)])
    return run(contract, folder)


def _example_rows(html: str) -> list[tuple[int, str]]:
    """(row, code) of the examples table of the data-quality section, in page order."""
    caption = re.escape("Eksempler på fund (ét pr. kode først)")
    body = re.search(rf"<caption>{caption}</caption>(.*?)</table>", html, re.S)
    assert body is not None
    rows = re.findall(r"<tr>(.*?)</tr>", body.group(1), re.S)[1:]  # the header row first
    cells = [re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", r, re.S) for r in rows]
    return [(int(c[1]), re.sub(r"<[^>]+>", "", c[2])) for c in cells]


def test_the_page_lists_one_example_of_each_code_first(crowded: Report) -> None:
    assert summary(crowded) == {"bad-date": 12, "missing-company-id": 1, "unknown-municipality": 1,
                                "bad-cvr-checksum": 1}
    html = quality(crowded.data_quality, "da")
    # the codes in the summary's order, one each, then more bad dates up to ten examples
    assert _example_rows(html) == [(2, "bad-date"), (15, "missing-company-id"), (14, "unknown-municipality"),
                                   (16, "bad-cvr-checksum"), *((row, "bad-date") for row in range(3, 9))]
    assert BAD_CVR not in html  # a company's own data stays out (render/privacy.py)
    assert "værdien vises ikke: kan være virksomhedsdata" in html
    assert "Opgørelsen dækker rækkerne dateret i 2024" in html
    assert "Heraf uden læsbar dato" in html


def test_the_workbook_lists_one_example_of_each_code_first(crowded: Report) -> None:
    findings = fastexcel.read_excel(workbook_bytes(crowded)).load_table("tblFindings").to_polars()
    assert findings.select("Kode", "Række").rows()[:5] == [
        ("bad-date", 2), ("missing-company-id", 15), ("unknown-municipality", 14), ("bad-cvr-checksum", 16),
        ("bad-date", 3)]
    assert findings.height == 15
    assert findings.filter(findings["Kode"] == "bad-cvr-checksum")["Værdi"].to_list() == ["########"]  # masked
