"""The data date of a folder of a municipality's own sources (a ``data:`` block's cases), not CRM.

A review evaluated a service-goal contract in December on cases to 30 November: with no activity or
answer dated, the year was evaluated as of 31 December, so open cases were judged late against a day
not yet come (and a year not begun was evaluated too). Now the data date is the latest date of such a
source when neither activities nor answers are dated, and with no dated row at all a year not over
by today is evaluated as of today; a year not begun is refused.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from helpers import ACTIVITY_HEADER, act, complete, target, write_contract

import hubmonitor
from hubmonitor.cli import main

CASES = {"cases": {"label": "sager", "label_en": "cases", "columns": {
    "date": {"kind": "date"},
    "received": {"kind": "date", "label": "modtaget", "label_en": "received"},
    "decided": {"kind": "date", "label": "afgjort", "label_en": "decided"}}}}


def _folder(tmp_path: Path, rows: list[str], year: int = 2025) -> tuple[Path, Path]:
    contract = write_contract(tmp_path, [target("T.within", "duration", 0.6, source="cases", start="received",
                                                end="decided", measure="share_within", within={"days": 40})],
                              year=year)
    doc: dict[str, Any] = yaml.safe_load(contract.read_text(encoding="utf-8"))
    doc = {**{k: v for k, v in doc.items() if k != "targets"}, "data": CASES, "targets": doc["targets"]}
    contract.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    data = tmp_path / "data"
    data.mkdir()
    (data / "cases.csv").write_text("\n".join(["id,date,received,decided", *rows]) + "\n", encoding="utf-8")
    complete(data)  # the CRM files with their header rows only: nothing dated
    return contract, data


# C1 decided within 17 days; C2 open since 1 September: 30 days by 1 October (it can still make 40
# days, so it is left out), 121 days by 31 December (late: counted as not within)
ROWS = ["C1,2025-03-03,2025-03-03,2025-03-20", "C2,2025-09-01,2025-09-01,"]


def _evaluate(contract: Path, data: Path, out: Path, today: str, monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setenv("HUBMONITOR_TODAY", today)
    return CliRunner().invoke(main, ["evaluate", str(contract), "--data", str(data), "--json", str(out)])


def test_the_cases_latest_date_is_the_data_date(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    contract, data = _folder(tmp_path, ROWS)
    result = _evaluate(contract, data, tmp_path / "out.json", "2025-10-01", monkeypatch)
    assert result.exit_code == 0, result.output
    document = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    assert document["period"]["as_of"] == "2025-09-01"
    # as of 1 September C2 was opened that day: left out; C1 within: 1 / 1 (before: 1 / 2, as of 31 December)
    (figure,) = document["targets"]
    assert (figure["value"], figure["numerator"], figure["denominator"], figure["status"]) == (1.0, 1, 1, "met")
    assert "data til og med 2025-09-01 (året er ikke slut)" in result.stdout


def test_with_nothing_dated_usable_a_running_year_is_evaluated_as_of_today(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # the cases' own date column unreadable: every row set aside, no row dated
    contract, data = _folder(tmp_path, ["C1,3.3.2025,2025-03-03,2025-03-20", "C2,1.9.2025,2025-09-01,"])
    result = _evaluate(contract, data, tmp_path / "out.json", "2025-10-01", monkeypatch)
    assert result.exit_code == 0, result.output
    document = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    assert document["period"]["as_of"] == "2025-10-01"  # not 2025-12-31: no data run past today
    assert document["targets"][0]["status"] == "insufficient_data"


def test_a_year_not_begun_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    contract, data = _folder(tmp_path, ["C1,3.3.2025,2025-03-03,2025-03-20"], year=2026)
    result = _evaluate(contract, data, tmp_path / "out.json", "2025-10-01", monkeypatch)
    assert result.exit_code == 1
    assert result.stderr.strip() == ("Fejl: kontraktåret 2026 begynder 2026-01-01, efter i dag (2025-10-01): der er "
                                     "intet at opgøre endnu (HUBMONITOR_TODAY sætter dagen)")
    assert not (tmp_path / "out.json").exists()


def test_a_finished_year_of_the_cases_alone_is_evaluated_when_the_data_run_past_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A folder of cases for 2025 and 2026: the 2025 contract was refused with "ingen aktiviteter eller
    besvarelser … er dateret i kontraktåret 2025" (only the CRM's sources were asked whether the year had
    a row; a review: a channel strategy's --years 2025-2026 stopped on it). The cases' own rows count."""
    contract, data = _folder(tmp_path, [*ROWS, "C3,2026-02-02,2026-02-02,2026-02-10"])
    result = _evaluate(contract, data, tmp_path / "out.json", "2026-12-06", monkeypatch)
    assert result.exit_code == 0, result.output
    document = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    assert document["period"]["as_of"] == "2025-12-31"
    # C1 within 17 days; C2 open since 1 September: 121 days by 31 December, late; C3 is 2026's
    (figure,) = document["targets"]
    assert (figure["numerator"], figure["denominator"]) == (1, 2)


def test_validate_counts_one_municipality_and_one_item_in_the_singular(tmp_path: Path) -> None:
    """A municipality's own contract has one municipality: "1 kommuner / 1 municipalities" (a review)."""
    contract, _ = _folder(tmp_path, ROWS)
    text = contract.read_text(encoding="utf-8")
    doc: dict[str, Any] = yaml.safe_load(text)
    doc["municipalities"] = ["Favrskov"]
    doc["qualitative"] = [{"id": "Q1.dialog", "ref": "Q", "title": "Dialog", "quote": "Dialog.", "status_text": "ok"}]
    contract.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    da = CliRunner().invoke(main, ["validate", str(contract)])
    en = CliRunner().invoke(main, ["validate", str(contract), "--lang", "en"])
    assert da.stdout.rstrip().endswith(": 1 mål, 1 kvalitativt punkt, 1 kommune"), da.output
    assert en.stdout.rstrip().endswith(": 1 target, 1 qualitative item, 1 municipality"), en.output


def test_a_case_log_alone_shows_no_crm_signals_and_no_grant(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A municipality's service goals over its own case log (the CRM's sources set to null in its profile)
    showed twelve CRM integrity signals, every one "cannot be assessed", and a section on the hubs' basic
    grant (a review): the report has no signals then, and the page no grant; a hub's report still says
    it has no allocation."""
    contract, data = _folder(tmp_path, [*ROWS, "C3,2026-02-02,2026-02-02,2026-02-10"])
    (data / "profil.yaml").write_text(yaml.safe_dump({
        "document": "profile", "name": "sager", "title": "Sager", "data": CASES,
        "sources": {"activities": None, "evaluations": None, "cases": {"files": ["cases.csv"]}}},
        allow_unicode=True, sort_keys=False), encoding="utf-8")
    for name in ("crm_activities.csv", "evaluations.csv"):
        (data / name).unlink(missing_ok=True)
    doc: dict[str, Any] = yaml.safe_load(contract.read_text(encoding="utf-8"))
    doc |= {"hub": "Favrskov Kommune", "erhvervshus": "Favrskov", "municipalities": ["Favrskov"]}
    contract.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    monkeypatch.setenv("HUBMONITOR_TODAY", "2026-12-06")
    out = tmp_path / "out.json"
    result = CliRunner().invoke(main, ["evaluate", str(contract), "--data", str(data), "--profile",
                                       str(data / "profil.yaml"), "--json", str(out)])
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text(encoding="utf-8"))["signals"] == []
    assert "Integritetssignaler" not in result.stdout
    site = tmp_path / "site"
    assert CliRunner().invoke(main, ["dashboard", str(out), "--out", str(site)]).exit_code == 0
    page = next(site.glob("*/rapport.html")).read_text(encoding="utf-8")
    assert "Basisbevillingen" not in page and 'id="signals"' not in page


CALLS = {"calls": {"label": "henvendelser", "label_en": "inquiries", "columns": {
    "date": {"kind": "date"}, "channel": {"kind": "enum", "values": ["digital", "personlig"]}}}}


@pytest.mark.parametrize("calls_first", [False, True])
def test_the_latest_of_several_own_sources_is_the_data_date(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                            calls_first: bool) -> None:
    """Two sources a data: block adds: the data date is the later of their latest dates, in whichever order
    the block lists them. A review: the first listed decided, so a municipality's inquiries to 30 November
    were cut at its cases' 10 November, and a share of them flipped from not met to met by the order."""
    contract, data = _folder(tmp_path, ["C1,2025-03-03,2025-03-03,2025-03-20", "C2,2025-09-01,2025-09-01,"])
    doc: dict[str, Any] = yaml.safe_load(contract.read_text(encoding="utf-8"))
    doc["data"] = {**CALLS, **CASES} if calls_first else {**CASES, **CALLS}
    doc["targets"].append(target("T.digital", "share", 0.5, source="calls", answer="channel", success=["digital"]))
    contract.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    (data / "calls.csv").write_text("id,date,channel\nH1,2025-06-02,personlig\nH2,2025-09-20,digital\n",
                                    encoding="utf-8")
    result = _evaluate(contract, data, tmp_path / "out.json", "2025-10-01", monkeypatch)
    assert result.exit_code == 0, result.output
    document = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    assert document["period"]["as_of"] == "2025-09-20"  # the inquiries' latest, not the cases' 1 September
    within, digital = document["targets"]
    # C2 open 20 days by 20 September: can still make 40, left out; H2 counted: 1 of 2 digital
    assert (within["numerator"], within["denominator"]) == (1, 1)
    assert (digital["value"], digital["numerator"], digital["denominator"]) == (0.5, 1, 2)


@pytest.mark.parametrize("rows", [
    ["C1,2025-03-03,2025-03-03,2025-03-20", "C2,2025-12-20,2025-12-20,", "C3,2026-01-05,2026-01-05,",
     "C4,2026-03-01,2026-03-01,"],
    ["C1,2025-03-03,2025-03-03,2025-03-20", "C2,2025-12-20,2025-12-20,", "C4,2026-03-01,2026-03-01,",
     "C3,2026-01-05,2026-01-05,"]], ids=["in order", "later rows swapped"])
def test_a_finished_years_open_case_is_measured_to_the_latest_row(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                 rows: list[str]) -> None:
    """2025 evaluated on 7 December 2026 with cases to 1 March 2026: C2, open since 20 December, has been
    open 72 days by then, past 40: late. The read of one finished year took the data date from the
    first row found after the year (5 January: 17 days, "can still make it"), so the figure moved with
    the rows' order and with --years (a review); it is now the latest, and the explanation says so."""
    contract, data = _folder(tmp_path, rows)
    result = _evaluate(contract, data, tmp_path / "out.json", "2026-12-07", monkeypatch)
    assert result.exit_code == 0, result.output
    (figure,) = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))["targets"]
    assert (figure["numerator"], figure["denominator"], figure["status"]) == (1, 2, "not_met")
    assert figure["explanation"].endswith("Sager, der ikke er afsluttet, er målt til 1.3.2026, den seneste dato i "
                                          "sager.")  # the log's own, not the folder's data date


# C2 open since 10 December 2025: 21 days by 31 December (inside 40, left out), 72 by 20 February 2026 (late)
LOG = ["C1,2025-03-03,2025-03-03,2025-03-20", "C2,2025-12-10,2025-12-10,"]


@pytest.mark.parametrize("declared", [False, True], ids=["the CRM's rows", "the folder's data_date"])
def test_a_case_logs_open_case_is_measured_to_its_own_end_not_the_crms(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, declared: bool) -> None:
    """A case log that ends in 2025 beside a CRM export with rows of February 2026: 2025's open case was
    measured to the CRM's 20 February ("målt til datadatoen 20.2.2026") and judged late, so a few rows of
    the next year in another export moved the figure (a review: 528 / 692 against 528 / 691). An open
    case is measured to the date its own source runs to; a date the folder declares (hubmonitor.yaml)
    holds for every source."""
    contract, data = _folder(tmp_path, LOG)
    (data / "crm_activities.csv").write_text("\n".join([ACTIVITY_HEADER, act("A1", "2025-06-02", "K1"),
                                                        act("A2", "2026-02-20", "K1")]) + "\n", encoding="utf-8")
    if declared:
        (data / "hubmonitor.yaml").write_text("data_date: 2026-02-20\n", encoding="utf-8")
    result = _evaluate(contract, data, tmp_path / "out.json", "2026-12-07", monkeypatch)
    assert result.exit_code == 0, result.output
    (figure,) = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))["targets"]
    if declared:  # the folder says its data run to 20 February: C2 had been open 72 days, late
        assert (figure["numerator"], figure["denominator"], figure["value"]) == (1, 2, 0.5)
        assert figure["explanation"].endswith("Sager, der ikke er afsluttet, er målt til datadatoen 20.2.2026.")
    else:  # the log itself ends on 10 December: C2 can still make it, left out
        assert (figure["numerator"], figure["denominator"], figure["value"]) == (1, 1, 1.0)
        assert "datadatoen" not in figure["explanation"]
        assert {e["step"]: e["count"] for e in figure["exclusions"]}["open_within_limit"] == 1


def test_a_case_logs_decision_after_the_year_says_how_far_it_runs(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The log's own latest date is that of any of its dates a target reads (here C3's decision on 1
    March 2026), not only of its rows' own date: C2, open since 10 December, is then 81 days open, late.
    A date after the day of the run does not count (it is not known yet)."""
    contract, data = _folder(tmp_path, [*LOG, "C3,2025-12-01,2025-12-01,2026-03-01",
                                        "C4,2025-06-01,2025-06-01,2027-01-01"])
    result = _evaluate(contract, data, tmp_path / "out.json", "2026-12-07", monkeypatch)
    assert result.exit_code == 0, result.output
    (figure,) = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))["targets"]
    # C1 within (17 days); C2 open 81 days: late; C3 decided after 90 days: late; C4 decided after 579 days: late
    assert (figure["numerator"], figure["denominator"]) == (1, 4)
    assert figure["explanation"].endswith("Sager, der ikke er afsluttet, er målt til 1.3.2026, den seneste dato i "
                                          "sager.")  # the log's own, not the folder's data date


def test_a_backtest_caps_a_logs_own_dates_at_today_as_evaluate_does(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """A decision dated 1 January 2027 (after the day of the run: a typo, or not known yet) said the log ran
    to then in a backtest, which runs without the calendar, and every open case was late there (1 / 3)
    while evaluate had 1 / 2 (a review of the change): no data run past today, calendar or not."""
    monkeypatch.setenv("HUBMONITOR_TODAY", "2026-12-07")
    contract, data = _folder(tmp_path, [*LOG, "C4,2025-06-01,2025-06-01,2027-01-01"])
    (data / "crm_activities.csv").write_text("\n".join([ACTIVITY_HEADER, act("A1", "2025-06-02", "K1"),
                                                        act("A2", "2026-01-05", "K1")]) + "\n", encoding="utf-8")
    (report,) = hubmonitor.evaluate_each([(contract, data)])
    tried = hubmonitor.backtest(contract, data, [2025]).targets[0].results[0]
    # C1 within; C4 decided after 579 days: late; C2 open since 10 December: 21 days by 31 December, left out
    assert (report.targets[0].numerator, report.targets[0].denominator) == (1, 2)
    assert (tried.numerator, tried.denominator) == (1, 2)
    assert "datadatoen" not in tried.explanation and "1.1.2027" not in tried.explanation


def test_with_several_folders_a_logs_open_case_is_measured_to_the_folder_ending_first(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """--data A --data B: B's log with a decision of 1 March 2026 judged A's case open since 10 December
    late (a review of the change): each folder's log is its own export, and the folders' logs run to the
    one that ends first, as the folders' data date does."""
    contract, a = _folder(tmp_path, LOG)
    b = tmp_path / "b"
    b.mkdir()
    (b / "cases.csv").write_text("id,date,received,decided\nB1,2026-01-30,2026-01-30,2026-03-01\n",
                                 encoding="utf-8")
    complete(b)
    monkeypatch.setenv("HUBMONITOR_TODAY", "2026-12-07")
    out = tmp_path / "out.json"
    result = CliRunner().invoke(main, ["evaluate", str(contract), "--data", str(a), "--data", str(b),
                                       "--json", str(out)])
    assert result.exit_code == 0, result.output
    (figure,) = json.loads(out.read_text(encoding="utf-8"))["targets"]
    assert (figure["numerator"], figure["denominator"]) == (1, 1)
    assert {e["step"]: e["count"] for e in figure["exclusions"]}["open_within_limit"] == 1
