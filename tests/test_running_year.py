"""The running year (issue 17, item 1): a contract year that is not over is evaluated as of the data
date (hubmonitor.yaml's data_date:, else the latest usable activity's date); --as-of wins over both
and combines with --years; a finished year whose activities end more than 31 days before the year
end gets a data-ends-early warning.

The folder: three companies, the last on 2024-09-30; the contract: 4 companies in 2024 (2024 has
366 days). Hand-checked: as of 2024-09-30, 274 days have passed, the pro-rated target is
4 × 274/366 = 2.99 and the value 3: on track."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers import act, ev, make_data, target, write_contract

import hubmonitor
from hubmonitor.cli import main
from hubmonitor.contract.loader import load_contract
from hubmonitor.engine.evaluate import evaluate, latest_date
from hubmonitor.errors import ContractError, HubmonitorError
from hubmonitor.io.dataset import load_dataset
from hubmonitor.profile.loader import folder_settings
from hubmonitor.report import Report


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture(autouse=True)
def in_2024(monkeypatch: pytest.MonkeyPatch) -> None:
    """These folders' data end on 2024-09-30: the run is on the next day, while 2024 is running."""
    monkeypatch.setenv("HUBMONITOR_TODAY", "2024-10-01")


def _contracts(folder: Path, years: tuple[int, ...] = (2024,)) -> Path:
    for year in years:
        write_contract(folder, [target("T.reach", "distinct_companies", 4)], name=f"{year}.yaml", year=year)
    return folder


def _data(folder: Path, last: str = "2024-09-30", settings: str | None = None) -> Path:
    data = make_data(folder, activities=[
        act("A1", "2024-02-01", "C1"), act("A2", "2024-05-01", "C2"), act("A3", last, "C3"),
        act("A4", "2024-12-01", "C4", "Aarhusx"),  # quarantined (unknown municipality): no data date
    ], evaluations=[ev("R1", "2024-11-15")])  # an answer later than the activities: no data date either
    if settings is not None:
        (data / "hubmonitor.yaml").write_text(settings, encoding="utf-8")
    return data


def _reach(report: Report) -> tuple[date, object, str, str | None]:
    t = report.find("T.reach")
    assert t is not None
    return report.period.as_of, t.value, t.status, t.pace


def _early(report: Report) -> list[tuple[str, int | None, str | None, str | None, str]]:
    return [(f.file, f.row, f.column, f.value, f.severity) for f in report.data_quality.findings
            if f.code == "data-ends-early"]


def test_a_year_not_over_is_evaluated_as_of_the_latest_activity(tmp_path: Path) -> None:
    report = hubmonitor.evaluate(_contracts(tmp_path / "c") / "2024.yaml", _data(tmp_path / "d"))
    # 3 ≥ 4 × 274/366 = 2.99: on track, not ✘ not met
    assert _reach(report) == (date(2024, 9, 30), 3, "on_track", "prorata")
    assert report.period.in_year
    assert report.find("T.reach").prorated_target == pytest.approx(4 * 274 / 366)  # type: ignore[union-attr]
    assert _early(report) == []


def test_the_data_date_is_the_latest_usable_activity(tmp_path: Path) -> None:
    data = _data(tmp_path / "d")
    assert latest_date(load_dataset(data)) == date(2024, 9, 30)  # not the quarantined 12-01 nor the answer's 11-15
    only_answers = make_data(tmp_path / "answers", evaluations=[ev("R1", "2024-08-31"), ev("R2", "2024-03-01")])
    assert latest_date(load_dataset(only_answers)) == date(2024, 8, 31)  # no activity dated: the answers'
    empty = make_data(tmp_path / "empty")
    assert latest_date(load_dataset(empty)) is None


def test_the_engine_alone_evaluates_the_whole_year(tmp_path: Path) -> None:
    contract = load_contract(_contracts(tmp_path / "c") / "2024.yaml")
    report = evaluate(contract, load_dataset(_data(tmp_path / "d")))  # no data date given: unchanged
    assert _reach(report) == (date(2024, 12, 31), 3, "not_met", None)
    assert _early(report) == []


def test_data_date_in_hubmonitor_yaml_wins_over_the_data(tmp_path: Path) -> None:
    data = _data(tmp_path / "d", settings="data_date: 2024-06-30\n")
    report = hubmonitor.evaluate(_contracts(tmp_path / "c") / "2024.yaml", data)
    # C1, C2 by 06-30; 2 ≥ 4 × 182/366 = 1.99
    assert _reach(report) == (date(2024, 6, 30), 2, "on_track", "prorata")


def test_as_of_wins_over_data_date_and_data(tmp_path: Path, runner: CliRunner) -> None:
    data = _data(tmp_path / "d", settings="profile: canonical\ndata_date: 2024-06-30\n")
    out = tmp_path / "out.json"
    result = runner.invoke(main, ["evaluate", str(_contracts(tmp_path / "c") / "2024.yaml"), "--data", str(data),
                                  "--as-of", "2024-04-30", "--json", str(out)])
    assert result.exit_code == 0, result.stderr
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["period"] == {"start": "2024-01-01", "end": "2024-12-31", "as_of": "2024-04-30"}
    reach = doc["targets"][0]
    # C1 only; 1 < 4 × 121/366 = 1.32
    assert (reach["value"], reach["status"]) == (1, "behind")
    assert "data til og med 2024-04-30 (året er ikke slut)" in result.stdout


def test_the_terminal_says_the_year_is_not_over(tmp_path: Path, runner: CliRunner) -> None:
    args = ["evaluate", str(_contracts(tmp_path / "c") / "2024.yaml"), "--data", str(_data(tmp_path / "d"))]
    result = runner.invoke(main, args)
    assert result.exit_code == 0, result.stderr
    # 103 characters: piped output fits 100 columns, so the heading's parts go one a line
    assert result.stdout.splitlines()[1:4] == ["Erhvervshus Midtjylland", "periode 2024-01-01 – 2024-12-31",
                                               "data til og med 2024-09-30 (året er ikke slut)"]
    wide = runner.invoke(main, [*args, "--wide"])
    assert wide.stdout.splitlines()[1] == ("Erhvervshus Midtjylland · periode 2024-01-01 – 2024-12-31 · "
                                           "data til og med 2024-09-30 (året er ikke slut)")
    english = runner.invoke(main, [*args, "--lang", "en"])
    assert english.stdout.splitlines()[1:4] == ["Erhvervshus Midtjylland", "period 2024-01-01 – 2024-12-31",
                                                "data up to 2024-09-30 (the year is not over)"]


def _two_years(tmp_path: Path) -> tuple[Path, Path]:
    contracts = _contracts(tmp_path / "c", (2023, 2024))
    data = _data(tmp_path / "d")
    (data / "crm_activities_2023.csv").write_text(
        (data / "crm_activities.csv").read_text(encoding="utf-8").replace("2024-", "2023-"), encoding="utf-8")
    return contracts, data


def test_years_without_as_of_use_the_data_date_for_the_year_not_over(tmp_path: Path, runner: CliRunner) -> None:
    contracts, data = _two_years(tmp_path)
    out = tmp_path / "out"
    result = runner.invoke(main, ["evaluate", str(contracts / "{year}.yaml"), "--years", "2023-2024",
                                  "--data", str(data), "--json", str(out / "{year}.json")])
    assert result.exit_code == 0, result.stderr
    as_of = {y: json.loads((out / f"{y}.json").read_text(encoding="utf-8"))["period"]["as_of"] for y in (2023, 2024)}
    assert as_of == {2023: "2023-12-31", 2024: "2024-09-30"}
    heading = " ".join(result.stdout.split("\n\n")[0].split())  # the heading, over however many lines
    assert heading == ("Erhvervshus Midtjylland: 2023–2024 2023: opgjort til og med 2023-12-31 (data slutter "
                       "2023-09-30) 2024: data til og med 2024-09-30 (året er ikke slut)")  # a part a line
    # 2023 is over (the data run into 2024), but its activities end 2023-09-30: warned
    doc = json.loads((out / "2023.json").read_text(encoding="utf-8"))
    assert [(f["code"], f["file"], f["row"], f["value"]) for f in doc["data_quality"]["warnings"]
            if f["code"] == "data-ends-early"] == [("data-ends-early", "crm_activities_2023.csv", 4, "2023-09-30")]


def test_years_with_as_of(tmp_path: Path, runner: CliRunner) -> None:
    contracts, data = _two_years(tmp_path)
    out = tmp_path / "out"
    result = runner.invoke(main, ["evaluate", str(contracts / "{year}.yaml"), "--years", "2023-2024", "--as-of",
                                  "2024-04-30", "--data", str(data), "--json", str(out / "{year}.json")])
    assert result.exit_code == 0, result.stderr
    docs = {y: json.loads((out / f"{y}.json").read_text(encoding="utf-8")) for y in (2023, 2024)}
    assert {y: d["period"]["as_of"] for y, d in docs.items()} == {2023: "2023-12-31", 2024: "2024-04-30"}
    assert [(t["value"], t["status"]) for d in docs.values() for t in d["targets"]] == [(3, "not_met"), (1, "behind")]
    # a year that begins after the date: refused, one line, no traceback
    before = runner.invoke(main, ["evaluate", str(contracts / "{year}.yaml"), "--years", "2023-2024", "--as-of",
                                  "2023-06-30", "--data", str(data)])
    assert before.exit_code == 1
    assert before.stderr == ("Fejl: --as-of 2023-06-30 ligger før kontraktåret 2024 (2024-01-01 – 2024-12-31); vælg "
                             "færre år med --years\n")


@pytest.mark.parametrize(("last", "warned"), [("2024-11-29", True), ("2024-11-30", False), ("2024-12-30", False)])
def test_a_finished_year_whose_data_end_early_is_warned(tmp_path: Path, last: str, warned: bool,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    # the export is complete to 2025-01-15: 2024 is over; 11-29 is 32 days before 12-31, 11-30 is 31
    monkeypatch.setenv("HUBMONITOR_TODAY", "2025-01-20")
    data = _data(tmp_path / "d", last=last, settings="data_date: 2025-01-15\n")
    report = hubmonitor.evaluate(_contracts(tmp_path / "c") / "2024.yaml", data)
    assert _reach(report) == (date(2024, 12, 31), 3, "not_met", None)
    assert _early(report) == ([("crm_activities.csv", 4, "date", last, "warning")] if warned else [])
    summary = {s.code: s.count for s in report.data_quality.summary}
    assert summary.get("data-ends-early") == (1 if warned else None)


def test_the_early_end_is_in_the_terminal(tmp_path: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HUBMONITOR_TODAY", "2025-01-20")
    data = _data(tmp_path / "d", settings="data_date: 2025-01-15\n")
    result = runner.invoke(main, ["evaluate", str(_contracts(tmp_path / "c") / "2024.yaml"), "--data", str(data)])
    assert result.exit_code == 0, result.stderr
    # a finished year: no "(året er ikke slut)", but where its data end
    assert "opgjort til og med 2024-12-31 (data slutter 2024-09-30)\n" in result.stdout
    assert ("    crm_activities.csv:4 date: årets seneste aktivitet er fra 2024-09-30, mere end 31 dage før\n"
            "      kontraktåret slutter; mangler der data? Målene er opgjort for hele året") in result.stdout  # 100
    assert "  data-ends-early (advarsel): 1" in result.stdout


def test_an_explicit_year_end_is_a_finished_year(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HUBMONITOR_TODAY", "2025-01-20")
    report = hubmonitor.evaluate(_contracts(tmp_path / "c") / "2024.yaml", _data(tmp_path / "d"),
                                 as_of=date(2024, 12, 31))
    assert _reach(report) == (date(2024, 12, 31), 3, "not_met", None)
    assert _early(report) == [("crm_activities.csv", 4, "date", "2024-09-30", "warning")]


def test_data_ending_before_the_year_begins_is_an_error(tmp_path: Path, runner: CliRunner) -> None:
    contracts = _contracts(tmp_path / "c", (2025,))
    with pytest.raises(HubmonitorError, match=r"^data går til og med 2024-09-30, før kontraktåret 2025 begynder"):
        hubmonitor.evaluate(contracts / "2025.yaml", _data(tmp_path / "d"))
    result = runner.invoke(main, ["evaluate", str(contracts / "2025.yaml"), "--data", str(tmp_path / "d")])
    assert result.exit_code == 1
    assert result.stderr.startswith("Fejl: data går til og med 2024-09-30, før kontraktåret 2025 begynder: ")
    assert "Traceback" not in result.output



def test_data_only_after_the_year_is_an_error_not_a_year_of_missing_data(tmp_path: Path, runner: CliRunner) -> None:
    """A 2023 contract on data of 2024: every target "mangler data" under a header "data til og med
    2023-12-31", six signals "ingen bemærkning" and exit 0 (a review); now an error, as for data that
    end before the year."""
    contracts = _contracts(tmp_path / "c", (2023,))
    with pytest.raises(HubmonitorError, match=r"^ingen aktiviteter eller besvarelser i data er dateret i "
                                              r"kontraktåret 2023, og der er ingen external-2023.yaml, men data går "
                                              r"ud over året: der er intet at opgøre"):
        hubmonitor.evaluate(contracts / "2023.yaml", _data(tmp_path / "d"))
    result = runner.invoke(main, ["evaluate", str(contracts / "2023.yaml"), "--data", str(tmp_path / "d"),
                                  "--as-of", "2023-06-30"])
    assert result.exit_code == 1
    assert "ingen aktiviteter eller besvarelser i data er dateret i kontraktåret 2023" in result.stderr
    assert "Traceback" not in result.output
    # the year's external figures are data of the year: evaluated (its activities' targets lack data)
    (tmp_path / "d" / "external-2023.yaml").write_text("awareness: {aware: 1, respondents: 2}\n", encoding="utf-8")
    report = hubmonitor.evaluate(contracts / "2023.yaml", tmp_path / "d")
    assert _reach(report) == (date(2023, 12, 31), None, "insufficient_data", None)


def test_answers_alone_in_the_year_are_data_to_evaluate(tmp_path: Path) -> None:
    """One answer dated in 2023 and activities of 2024: the year has data; its activities' targets
    lack data, and the signals that read registration times say there are no activities, not that
    the export lacks the column."""
    data = make_data(tmp_path / "d", activities=[act("A1", "2024-02-01", "C1", registered_at="2024-02-01 10:00")],
                     evaluations=[ev("R1", "2023-11-15")])
    report = hubmonitor.evaluate(_contracts(tmp_path / "c", (2023,)) / "2023.yaml", data)
    assert _reach(report) == (date(2023, 12, 31), None, "insufficient_data", None)  # no activity in 2023
    reasons = {s.id: s.reason for s in report.signals if s.id.startswith(("bulk.", "late."))}
    assert set(reasons.values()) == {"ingen aktiviteter i perioden"}, reasons

NO_SUCH_DAY = "ugyldig dato '2024-02-30': den findes ikke i kalenderen"


@pytest.mark.parametrize(("text", "message"), [
    ("data_date: 2024-02-30\n", f"hubmonitor.yaml:1 data_date: {NO_SUCH_DAY}"),
    ("data_date: '2024-02-30'\n", f"hubmonitor.yaml:1 data_date: {NO_SUCH_DAY}"),
    ("profile: canonical\ndata_date: 30-09-2024\n",
     "hubmonitor.yaml:2 data_date: skal være en dato skrevet ÅÅÅÅ-MM-DD, fx 2025-09-30, ikke '30-09-2024'"),
    ("data_date: 20240930\n", "hubmonitor.yaml:1 data_date: skal være en dato skrevet ÅÅÅÅ-MM-DD, fx 2025-09-30, "
                              "ikke '20240930'"),
    ("data_date: 2024-09-30 12:00\n", "hubmonitor.yaml:1 data_date: skal være en dato skrevet ÅÅÅÅ-MM-DD"),
    ("data_date: 1999-12-31\n", "hubmonitor.yaml:1 data_date: 1999-12-31 ligger ikke mellem 2000-01-01 og 2100-12-31"),
    ("data_date:\n",
     "hubmonitor.yaml:1 data_date: mangler en dato; skriv fx data_date: 2025-09-30, eller fjern nøglen"),
    ("data_dato: 2024-09-30\n", "hubmonitor.yaml:1 data_dato: skal indeholde 'profile: <navn eller sti>' og/eller "
                                "'data_date: ÅÅÅÅ-MM-DD' og intet andet"),
])
def test_an_invalid_data_date_is_refused_with_file_and_line(tmp_path: Path, runner: CliRunner, text: str,
                                                            message: str) -> None:
    data = _data(tmp_path / "d", settings=text)
    with pytest.raises(ContractError) as info:
        folder_settings(data)
    assert len(info.value.problems) == 1
    assert message in info.value.problems[0].text()
    for extra in ([], ["--profile", "canonical"]):  # a fact about the data: checked whatever --profile says
        result = runner.invoke(main, ["evaluate", str(_contracts(tmp_path / "c") / "2024.yaml"), "--data", str(data),
                                      *extra])
        assert result.exit_code == 1
        assert result.stderr.startswith("Datafilen kan ikke bruges:\n")
        assert message in result.stderr
        assert "Traceback" not in result.output
    checked = runner.invoke(main, ["validate", str(data / "hubmonitor.yaml")])
    assert checked.exit_code == 1
    assert message in checked.stderr


def test_a_data_date_alone_keeps_the_canonical_profile(tmp_path: Path, runner: CliRunner) -> None:
    data = _data(tmp_path / "d", settings="data_date: 2024-06-30\n")
    settings = folder_settings(data)
    assert settings is not None and (settings.profile, settings.data_date) == (None, date(2024, 6, 30))
    result = runner.invoke(main, ["validate", str(data / "hubmonitor.yaml")])
    assert result.exit_code == 0, result.stderr
    assert "datamappen læses med profilen 'canonical'" in result.stdout


def test_the_folder_settings_are_read_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """hubmonitor.yaml gives the profile and the data date: one evaluation reads it once (it was
    read three times: for the profile, for the profile's file and for the data date)."""
    import hubmonitor.profile.loader as loader

    data = _data(tmp_path / "d", settings="profile: canonical\ndata_date: 2024-06-30\n")
    reads: list[str] = []
    original = loader.read_yaml

    def counted(path: Path, display: str) -> object:
        reads.append(Path(path).name)
        return original(path, display)

    monkeypatch.setattr(loader, "read_yaml", counted)
    report = hubmonitor.evaluate(_contracts(tmp_path / "c") / "2024.yaml", data)
    assert report.period.as_of == date(2024, 6, 30)
    assert reads.count("hubmonitor.yaml") == 1


def _ends(report: Report) -> list[tuple[str, int | None, str | None, str | None, str]]:
    return [(f.file, f.row, f.column, f.value, f.severity) for f in report.data_quality.findings
            if f.code == "data-ends-before-as-of"]


def test_a_day_evaluated_to_after_the_data_end_is_warned(tmp_path: Path, runner: CliRunner,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """--as-of 6 December on data that end 30 September: the value counts to 30 September (3), the
    pro-rated target to 6 December, 4 × 341/366 = 3.73: behind, and the run says why (a review found
    the status flip without a word, the header claiming data to 6 December). The run is on 6 December."""
    monkeypatch.setenv("HUBMONITOR_TODAY", "2024-12-06")
    contract, data = _contracts(tmp_path / "c") / "2024.yaml", _data(tmp_path / "d")
    report = hubmonitor.evaluate(contract, data, as_of=date(2024, 12, 6))
    assert _reach(report) == (date(2024, 12, 6), 3, "behind", "prorata")
    assert report.find("T.reach").prorated_target == pytest.approx(4 * 341 / 366)  # type: ignore[union-attr]
    assert _ends(report) == [("crm_activities.csv", 4, "date", "2024-09-30", "warning")]
    result = runner.invoke(main, ["evaluate", str(contract), "--data", str(data), "--as-of", "2024-12-06"])
    assert result.exit_code == 0, result.stderr
    assert "opgjort til og med 2024-12-06 (året er ikke slut; data slutter 2024-09-30)\n" in result.stdout
    assert "  data-ends-before-as-of (advarsel): 1" in result.stdout
    english = runner.invoke(main, ["evaluate", str(contract), "--data", str(data), "--as-of", "2024-12-06",
                                   "--lang", "en"])
    assert "evaluated up to 2024-12-06 (the year is not over; the data end 2024-09-30)\n" in english.stdout
    # the pages and the workbook say both days
    from hubmonitor.render.html.site import build_site
    site = build_site([report], lang="da", generated="2025-01-01")
    page = site["midtjylland-2024/rapport.html"].decode("utf-8")
    assert "Opgjort til og med 6. december 2024 · data slutter 30. september 2024" in page
    assert "; men data slutter 30. september 2024, så tempoet er vurderet mod mere af året, end data dækker." in page
    # review 6 December 2026: the index's words stay true once the year has ended
    assert ('<td>30.9.2024 (opgjort til 6.12.2024)<br><span class="note">opgjort før årets udgang: foreløbig</span>'
            '</td>' in site["index.html"].decode("utf-8"))
    # the pace chart's line at the day evaluated to, named in its legend (plotly's JSON), and the national page's note
    assert '"name":"Opgjort til og med 6. december 2024 \\u00b7 data slutter 30. september 2024"' in page
    assert "For Erhvervshus Midtjylland slutter data 30. september 2024." in site["national-2024.html"].decode()
    import io

    import openpyxl
    sheet = openpyxl.load_workbook(io.BytesIO(site["midtjylland-2024.xlsx"])).worksheets[0]
    assert sheet["A2"].value.endswith("· opgjort til og med 6. december 2024 (data slutter 30. september 2024)")
    english = build_site([report], lang="en", generated="2025-01-01")["midtjylland-2024/rapport.html"].decode()
    assert "Evaluated up to 6 December 2024 · the data end 30 September 2024" in english
    # on or before the data date, and without --as-of: nothing to say
    for as_of in (date(2024, 9, 30), date(2024, 8, 31), None):
        assert _ends(hubmonitor.evaluate(contract, data, as_of=as_of)) == []
    plain = runner.invoke(main, ["evaluate", str(contract), "--data", str(data)])
    assert "data til og med 2024-09-30 (året er ikke slut)\n" in plain.stdout


def test_a_declared_data_date_before_the_day_evaluated_to_is_warned_at_the_setting(tmp_path: Path,
                                                                                  monkeypatch: pytest.MonkeyPatch
                                                                                  ) -> None:
    monkeypatch.setenv("HUBMONITOR_TODAY", "2024-12-06")
    data = _data(tmp_path / "d", settings="data_date: 2024-10-31\n")
    report = hubmonitor.evaluate(_contracts(tmp_path / "c") / "2024.yaml", data, as_of=date(2024, 12, 6))
    assert _ends(report) == [("hubmonitor.yaml", None, "data_date", "2024-10-31", "warning")]
    assert _ends(hubmonitor.evaluate(_contracts(tmp_path / "c") / "2024.yaml", data, as_of=date(2024, 10, 31))) == []


def test_rows_counted_past_a_declared_data_date_say_where_the_data_end(tmp_path: Path, runner: CliRunner,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """hubmonitor.yaml says data_date: 2024-08-31, the export holds a row of 30 September, and --as-of
    wins over data_date: the value counts C3 of 30 September (3). The warning said "the values count up
    to 2024-08-31" and the header "data slutter 2024-08-31" (a review, 7 December 2026): the data end
    at the latest row counted, 30 September, and on that day there is nothing to warn of."""
    monkeypatch.setenv("HUBMONITOR_TODAY", "2024-12-06")
    contract, data = _contracts(tmp_path / "c") / "2024.yaml", _data(tmp_path / "d", settings="data_date: 2024-08-31\n")
    report = hubmonitor.evaluate(contract, data, as_of=date(2024, 12, 6))
    assert _reach(report)[:2] == (date(2024, 12, 6), 3)
    assert _ends(report) == [("crm_activities.csv", 4, "date", "2024-09-30", "warning")]
    result = runner.invoke(main, ["evaluate", str(contract), "--data", str(data), "--as-of", "2024-12-06"])
    assert "opgjort til og med 2024-12-06 (året er ikke slut; data slutter 2024-09-30)\n" in result.stdout
    at_end = hubmonitor.evaluate(contract, data, as_of=date(2024, 9, 30))
    assert _reach(at_end)[:2] == (date(2024, 9, 30), 3) and _ends(at_end) == []
    # no row counted after the declared day: the setting is where the data end, as before
    assert _ends(hubmonitor.evaluate(contract, data, as_of=date(2024, 9, 1))) == [
        ("hubmonitor.yaml", None, "data_date", "2024-08-31", "warning")]
    before = hubmonitor.evaluate(contract, _data(tmp_path / "e", last="2024-08-20", settings="data_date: 2024-08-31\n"),
                                 as_of=date(2024, 12, 6))
    assert _ends(before) == [("hubmonitor.yaml", None, "data_date", "2024-08-31", "warning")]


def test_data_ending_before_the_year_name_what_may_hold_the_years_rows(tmp_path: Path, runner: CliRunner) -> None:
    """The year's export under a name no source reads, or with dates in another format: the data
    then end in 2023, and the stop says which file is not read, or how many dates could not be read
    where (a review found only "data run to 2023-12-31 … nothing to evaluate")."""
    from helpers import ACTIVITY_HEADER, write_csv

    contract = _contracts(tmp_path / "c") / "2024.yaml"
    renamed = make_data(tmp_path / "renamed", activities_2023=[act("A1", "2023-05-01", "C1")])
    write_csv(renamed, "CRM eksport 2024.csv", ACTIVITY_HEADER, [act("A2", "2024-03-15", "C2")])
    result = runner.invoke(main, ["evaluate", str(contract), "--data", str(renamed)])
    assert result.exit_code == 1
    assert ("før kontraktåret 2024 begynder: der er intet at opgøre (datoen er den seneste dato i data til og med i "
            "dag; rækker dateret efter i dag tæller ikke); filer i mappen, som ikke læses: CRM eksport 2024.csv"
            ) in result.stderr
    english = runner.invoke(main, ["evaluate", "--lang", "en", str(contract), "--data", str(renamed)])
    assert english.stderr.endswith("; files in the folder that are not read: CRM eksport 2024.csv\n")
    formats = make_data(tmp_path / "formats", activities_2023=[act("A1", "2023-05-01", "C1")],
                        activities=[act(f"B{i}", f"{10 + i}-03-2024", f"C{i}") for i in range(3)])
    result = runner.invoke(main, ["evaluate", str(contract), "--data", str(formats)])
    assert result.exit_code == 1
    assert ("; 3 rækker i crm_activities.csv med en dato, der ikke kan læses (bad-date: er datoformatet et andet? se "
            "hubmonitor check-data)") in result.stderr
    english = runner.invoke(main, ["evaluate", "--lang", "en", str(contract), "--data", str(formats)])
    assert english.stderr.endswith("; 3 rows in crm_activities.csv with a date that cannot be read (bad-date: is the "
                                   "date format another? see hubmonitor check-data)\n")
    # every file named, not only those of the findings' sample; and a file whose readable rows are all
    # of an earlier year (its findings are counted, not listed) is named too (the review of the change)
    write_csv(formats, "crm_activities_b.csv", ACTIVITY_HEADER, [act("D1", "2023-06-01", "C9"),
                                                                 act("D2", "24-06-2024", "C9")])
    result = runner.invoke(main, ["evaluate", str(contract), "--data", str(formats)])
    assert "; 4 rækker i crm_activities.csv, crm_activities_b.csv med en dato, der ikke kan læses" in result.stderr
    # a monthly file's name is the name the findings give it, not masked as if a company's (2024-07: six digits)
    (formats / "crm_activities_b.csv").rename(formats / "crm_activities_2024-07.csv")
    result = runner.invoke(main, ["evaluate", str(contract), "--data", str(formats)])
    assert "; 4 rækker i crm_activities.csv, crm_activities_2024-07.csv med en dato, der ikke" in result.stderr


# --- the calendar (hubmonitor/clock.py): a year long over is over, and no data run past today -----------------

def _after_today(report: Report) -> list[tuple[str, int | None, str | None, str | None]]:
    return [(f.file, f.row, f.column, f.value) for f in report.data_quality.findings if f.code == "dated-after-today"]


def test_a_year_over_by_the_calendar_is_evaluated_whole_though_its_data_end_early(
        tmp_path: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    """2024's export ends on 30 September and the run is in December 2026: the year was shown as
    running, "(året er ikke slut)" and on track (a review); it is a year with data missing."""
    monkeypatch.setenv("HUBMONITOR_TODAY", "2026-12-06")
    contract = _contracts(tmp_path / "c") / "2024.yaml"
    report = hubmonitor.evaluate(contract, _data(tmp_path / "d"))
    assert _reach(report) == (date(2024, 12, 31), 3, "not_met", None)
    assert _early(report) == [("crm_activities.csv", 4, "date", "2024-09-30", "warning")]
    result = runner.invoke(main, ["evaluate", str(contract), "--data", str(tmp_path / "d")])
    assert "opgjort til og med 2024-12-31 (data slutter 2024-09-30)\n" in result.stdout
    assert "året er ikke slut" not in result.stdout


def test_a_declared_data_date_keeps_a_past_year_as_it_was_that_day(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """The folder says its data were taken on 2024-09-30 (the demo's snapshot does): the year is
    evaluated as of that day, as the hub saw it then, whatever day the run is."""
    monkeypatch.setenv("HUBMONITOR_TODAY", "2026-12-06")
    report = hubmonitor.evaluate(_contracts(tmp_path / "c") / "2024.yaml",
                                 _data(tmp_path / "d", settings="data_date: 2024-09-30\n"))
    assert _reach(report) == (date(2024, 9, 30), 3, "on_track", "prorata")
    assert _early(report) == [] and _after_today(report) == []


def test_activities_dated_after_today_do_not_end_the_running_year(tmp_path: Path) -> None:
    """Planned activities dated 2024-12-15 and 2025-02-01 in an export taken on 2024-10-01 made the
    data run to the year end: 2024 was judged over, its targets not met, with no word (a review).
    Now the data date is the latest row by today: the year is evaluated as of it, the planned rows
    are outside the period and named."""
    data = make_data(tmp_path / "d", activities=[
        act("A1", "2024-02-01", "C1"), act("A2", "2024-05-01", "C2"), act("A3", "2024-09-30", "C3"),
        act("A4", "2024-12-15", "C4"), act("A5", "2025-02-01", "C5")])
    report = hubmonitor.evaluate(_contracts(tmp_path / "c") / "2024.yaml", data)
    # as of the latest row by today, 2024-09-30: 4 × 274/366 = 2.99 expected, 3 companies: on track
    assert _reach(report) == (date(2024, 9, 30), 3, "on_track", "prorata")
    # A5 (2025, a year no target reads) is warned too, though not of 2024's accounting (a later review)
    assert _after_today(report) == [("crm_activities.csv", 5, "date", "2024-12-15"),
                                    ("crm_activities.csv", 6, "date", "2025-02-01")]
    assert report.data_quality.rows_used == 3


def test_a_declared_data_date_after_today_is_taken_as_today_and_warned(tmp_path: Path) -> None:
    report = hubmonitor.evaluate(_contracts(tmp_path / "c") / "2024.yaml",
                                 _data(tmp_path / "d", settings="data_date: 2024-12-16\n"))
    assert _reach(report)[0] == date(2024, 10, 1)
    # A4 (2024-12-01) is quarantined; R1, an answer of 2024-11-15, is after today too
    assert _after_today(report) == [("evaluations.csv", 2, "date", "2024-11-15"),
                                    ("hubmonitor.yaml", None, "data_date", "2024-12-16")]


def test_an_as_of_after_today_is_refused(tmp_path: Path, runner: CliRunner) -> None:
    """--as-of after today counted planned rows up to that day (a review): no data run past today,
    so a day after it is refused, naming today and how to set it."""
    data = make_data(tmp_path / "d", activities=[act("A1", "2024-02-01", "C1"), act("A2", "2024-12-15", "C2")])
    with pytest.raises(HubmonitorError, match=r"^--as-of 2024-12-31 ligger efter i dag \(2024-10-01\)"):
        hubmonitor.evaluate(_contracts(tmp_path / "c") / "2024.yaml", data, as_of=date(2024, 12, 31))
    result = runner.invoke(main, ["evaluate", str(_contracts(tmp_path / "c") / "2024.yaml"), "--data", str(data),
                                  "--as-of", "2024-12-31"])
    assert result.exit_code == 2 and "HUBMONITOR_TODAY sætter dagen" in result.stderr
    # a day on or before today: the planned row is outside the window and named
    report = hubmonitor.evaluate(_contracts(tmp_path / "c") / "2024.yaml", data, as_of=date(2024, 9, 30))
    assert _reach(report) == (date(2024, 9, 30), 1, "behind", "prorata")
    assert _after_today(report) == [("crm_activities.csv", 3, "date", "2024-12-15")]


@pytest.mark.parametrize(("day", "said"), [("2024-02-30", "findes ikke i kalenderen"),
                                           ("30-09-2024", "er ikke en dato ÅÅÅÅ-MM-DD")])
def test_a_wrong_hubmonitor_today_is_refused(tmp_path: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch,
                                             day: str, said: str) -> None:
    monkeypatch.setenv("HUBMONITOR_TODAY", day)
    result = runner.invoke(main, ["evaluate", str(_contracts(tmp_path / "c") / "2024.yaml"), "--data",
                                  str(_data(tmp_path / "d"))])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Fejl: HUBMONITOR_TODAY={day!r} {said}")
    assert "Traceback" not in result.output


def test_the_report_says_its_statuses_are_provisional_during_the_year(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """A share "✘ ikke opfyldt" in September read as final to a KKR (a review): the scorecard says
    which statuses are paced and that the others are provisional; a whole year says nothing of it.
    The index has a key to its status signs."""
    from hubmonitor.render.html.site import build_site

    contract = _contracts(tmp_path / "c") / "2024.yaml"
    running = hubmonitor.evaluate(contract, _data(tmp_path / "d"))
    monkeypatch.setenv("HUBMONITOR_TODAY", "2025-01-20")  # the year over
    whole = hubmonitor.evaluate(contract, _data(tmp_path / "d"), as_of=date(2024, 12, 31))
    site = build_site([running], lang="da", generated="2024-10-01", workbooks=False)
    page = site["midtjylland-2024/rapport.html"].decode()
    # under the verdict, at the top (a later review found it a screen down, under the targets)
    summary = page.split('<section id="summary"')[1].split("</section>")[0].split('<p class="verdict">')[1]
    assert ('</p><p class="note provisional">Opgjort før årets udgang, til og med '
            "30. september 2024: mål, der tælles op over året, vurderes på tempo (på sporet / bagud); de øvrige "
            "(andele, NPS, spredning) er vurderet på data indtil da og er foreløbige; tal målt af andre står, "
            "som de er opgivet.</p>") in summary
    assert page.count("Opgjort før årets udgang") == 1
    # the subtitle and the index say it too
    assert ("Data til og med 30. september 2024 · året er ikke slut: foreløbige tal</p>"
            in page.split('<main')[0])
    assert "30.9.2024<br><span class=\"note\">opgjort før årets udgang: foreløbig</span>" in site[  # review 6.12.2026
        "index.html"].decode()
    english = build_site([running], lang="en", generated="2024-10-01", workbooks=False)
    assert "Evaluated before the year&#x27;s end, up to 30 September 2024" in (
        english["midtjylland-2024/rapport.html"].decode())
    final = build_site([whole], lang="da", generated="2025-01-01", workbooks=False)
    assert "Opgjort før årets udgang" not in final["midtjylland-2024/rapport.html"].decode()
    assert "året er ikke slut" not in final["midtjylland-2024/rapport.html"].decode()
    assert "året er ikke slut" not in final["index.html"].decode()
    index = site["index.html"].decode()
    assert '<span aria-hidden="true">↗</span> på sporet</span>' in index.split('id="year-2024"')[0]


def test_check_data_signals_see_the_years_as_evaluate_does(tmp_path: Path) -> None:
    """check-data assessed a year of one planned row as a finished year and a year over by the
    calendar as running (a review): its years now follow evaluate's rule."""
    from hubmonitor.engine.context import UsableRows
    from hubmonitor.engine.evaluate import by_today
    from hubmonitor.engine.signals import folder_signals

    data = make_data(tmp_path / "d", activities=[act("A1", "2024-02-01", "C1"), act("A2", "2024-09-30", "C2"),
                                                 act("A3", "2025-02-01", "C3")])
    dataset = load_dataset(data)

    def years(today: date) -> dict[int, str | None]:
        day = by_today(dataset, latest_date(dataset), today)
        found = folder_signals(UsableRows(dataset.activities.frame), day, dataset.activities.company_values,
                               today=today, declared=False)
        return {year: next(r.reason for r in s.results if r.id == "burst.activities") for year, s in found}

    assert years(date(2024, 10, 1)) == {2024: "året er ikke omme"}  # 2025's planned row: no year of its own
    assert years(date(2026, 1, 15)) == {2024: None, 2025: None}  # both over: assessed whole


def test_data_all_after_today_are_nothing_to_evaluate_yet(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HUBMONITOR_TODAY", "2023-12-01")
    with pytest.raises(HubmonitorError, match=r"^hver dateret række er dateret efter i dag \(2023-12-01\)"):
        hubmonitor.evaluate(_contracts(tmp_path / "c") / "2024.yaml", _data(tmp_path / "d"))


def test_a_backtest_counts_no_planned_row_and_judges_a_short_year_by_pace(tmp_path: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """A backtest on a folder with planned rows after today took them for data: 2024 became a whole
    year (its data "ran" to December) and the calibration counted it (a review). The data date is the
    latest row by today; a backtest judges a year by its data (no calendar): 2024 is incomplete."""
    monkeypatch.setenv("HUBMONITOR_TODAY", "2025-01-20")
    contract = _contracts(tmp_path / "c", (2025,)) / "2025.yaml"
    data = make_data(tmp_path / "d", activities_2023=[act("Z1", "2023-03-01", "C9"), act("Z2", "2023-12-20", "C8")],
                     activities=[act("A1", "2024-02-01", "C1"), act("A2", "2024-09-30", "C2"),
                                 act("A3", "2025-03-10", "C3")])  # planned: after the day of the run
    result = hubmonitor.backtest(contract, data, [2023, 2024])
    assert [(y.year, y.as_of, y.complete) for y in result.years] == [
        (2023, date(2023, 12, 31), True), (2024, date(2024, 9, 30), False)]


def test_every_page_says_where_a_finished_years_data_end(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A finished year whose data end early was "Data til og med 31. december 2024" on the national
    and history pages while the report said where the data end (a review)."""
    from hubmonitor.render.html.site import build_site

    monkeypatch.setenv("HUBMONITOR_TODAY", "2025-01-20")
    report = hubmonitor.evaluate(_contracts(tmp_path / "c") / "2024.yaml", _data(tmp_path / "d"))
    site = build_site([report], lang="da", generated="2025-01-20", workbooks=False)
    note = '<p class="note inyear-note">2024: For Erhvervshus Midtjylland slutter data 30. september 2024.</p>'
    assert note in site["national-2024.html"].decode()
    # the page's subtitle: the day the data run to, not the year end the hub was evaluated to
    assert "· Data til og med 30. september 2024</p>" in site["national-2024.html"].decode()
    assert "Opgjort til og med 31. december 2024 · data slutter 30. september 2024" in (
        site["midtjylland-2024/rapport.html"].decode())


def test_check_data_looks_at_no_year_whose_rows_are_all_after_today(tmp_path: Path, runner: CliRunner) -> None:
    """Every row planned: evaluate says there is nothing to evaluate yet; check-data's signals looked
    at the years whole, 'ingen bemærkning' (a review). They look at none now."""
    data = make_data(tmp_path / "d", activities=[act("A1", "2024-12-01", "C1"), act("A2", "2025-01-10", "C2")])
    result = runner.invoke(main, ["check-data", str(data), "--signals-csv", str(tmp_path / "s.csv")])
    assert result.exit_code == 0, result.stderr
    assert not re.search(r"^202[45]: ", result.stderr, re.M)


def test_answers_dated_after_today_are_named_too(tmp_path: Path) -> None:
    """An answer dated after today was outside the period without a word (a review)."""
    data = make_data(tmp_path / "d", activities=[act("A1", "2024-02-01", "C1"), act("A2", "2024-09-30", "C2")],
                     evaluations=[ev("R1", "2024-06-01"), ev("R2", "2024-11-15"), ev("R3", "2024-12-01")])
    report = hubmonitor.evaluate(_contracts(tmp_path / "c") / "2024.yaml", data)
    assert _after_today(report) == [("evaluations.csv", 3, "date", "2024-11-15"),
                                    ("evaluations.csv", 4, "date", "2024-12-01")]
    assert {s.code: s.count for s in report.data_quality.summary}["dated-after-today"] == 2


def test_a_planned_row_of_next_year_is_counted_in_the_warning(tmp_path: Path) -> None:
    """A review: a planned activity dated next January (after today, and after the year evaluated) was
    in neither the warning nor the year's accounting. A year not over is read with the rows after it:
    the row is warned as the year's planned rows are; the year's accounting holds the year's rows."""
    data = make_data(tmp_path / "d", activities=[act("A1", "2024-02-01", "C1"), act("A2", "2024-09-30", "C2"),
                                                 act("A3", "2024-12-15", "C3"), act("A4", "2025-01-14", "C4")])
    report = hubmonitor.evaluate(_contracts(tmp_path / "c") / "2024.yaml", data)
    assert _after_today(report) == [("crm_activities.csv", 4, "date", "2024-12-15"),
                                    ("crm_activities.csv", 5, "date", "2025-01-14")]
    assert {s.code: s.count for s in report.data_quality.summary}["dated-after-today"] == 2
    line = next(i for i in report.data_quality.inputs if i.file == "crm_activities.csv")
    assert (line.rows_read, line.rows_used, line.outside_period) == (3, 2, 1)


def test_check_data_warns_rows_dated_after_today_as_evaluate_does(tmp_path: Path, runner: CliRunner) -> None:
    """A review: check-data counted planned rows as used without a word, while evaluate warned them."""
    data = make_data(tmp_path / "d", activities=[act("A1", "2024-02-01", "C1"), act("A2", "2024-09-30", "C2"),
                                                 act("A3", "2024-12-15", "C3"), act("A4", "2025-01-14", "C4")])
    result = runner.invoke(main, ["check-data", str(data), "--json", str(tmp_path / "q.json")])
    assert result.exit_code == 0, result.stderr
    quality = json.loads((tmp_path / "q.json").read_text(encoding="utf-8"))
    assert [(f["row"], f["value"]) for f in quality["warnings"] if f["code"] == "dated-after-today"] == [
        (4, "2024-12-15"), (5, "2025-01-14")]
    assert {s["code"]: s["count"] for s in quality["summary"]}["dated-after-today"] == 2
    assert "dated-after-today (advarsel): 2" in result.stdout
    # and, as the warning says, not counted: outside the period, as evaluate has them (a review, 7 December
    # 2026, found "4 = 4 brugt" beside the warnings)
    assert [(i["rows_read"], i["rows_used"], i["outside_period"]) for i in quality["inputs"]
            if i["source"] == "activities"] == [(4, 2, 2)]
    assert "crm_activities.csv: 4 = 2 brugt + 0 i karantæne + 0 dubletter + 2 uden for perioden" in result.stdout


def test_a_declared_data_date_before_the_year_is_named_as_the_reason(tmp_path: Path, runner: CliRunner) -> None:
    """A review: a 2026 contract on a demo folder (hubmonitor.yaml: data_date: 2025-09-30) was sent to the
    unreadable dates of 2021 as what may hold the year's rows; the folder's own date is the reason."""
    from helpers import ACTIVITY_HEADER, write_csv

    data = make_data(tmp_path / "d", activities=[act("A1", "2024-02-01", "C1"), act("A2", "2024-09-30", "C2")])
    write_csv(data, "crm_activities_2023.csv", ACTIVITY_HEADER, [act("B1", "2023-02-30", "C3")])  # a bad date
    (data / "hubmonitor.yaml").write_text("data_date: 2024-09-30\n", encoding="utf-8")
    contract = _contracts(tmp_path / "c", years=(2025,)) / "2025.yaml"
    result = runner.invoke(main, ["evaluate", str(contract), "--data", str(data)])
    assert result.exit_code == 1
    assert ("datamappens hubmonitor.yaml siger data_date: 2024-09-30, før kontraktåret 2025 begynder: der er intet at "
            "opgøre (data_date: siger, at data er taget ud den dag; har mappen nyere data, så ret eller fjern "
            "data_date:)") in result.stderr
    assert "bad-date" not in result.stderr


def test_activities_planned_when_the_export_was_taken_are_warned(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """A review: an export of 4 December with planned events (dated 10–20 December, registered 1
    December), read in January, counted them as held and flipped a target to met without a word. Rows
    dated after the export's latest registration and registered before their own date are warned."""
    data = make_data(tmp_path / "d", activities=[
        act("A1", "2024-02-01", "C1", registered_at="2024-02-01 10:00"),
        act("A2", "2024-12-04", "C2", registered_at="2024-12-04 09:00"),  # the export's latest registration
        act("P1", "2024-12-10", "C3", registered_at="2024-12-01 10:00"),  # planned
        act("P2", "2024-12-20", "C4", registered_at="2024-12-01 10:05"),  # planned
        act("A3", "2024-11-30", "C5", registered_at="2024-11-20 08:00"),  # registered ahead, but held before the export
        act("N1", "2024-11-15", "C6")])  # no registration time: held by its date
    monkeypatch.setenv("HUBMONITOR_TODAY", "2025-01-10")
    report = hubmonitor.evaluate(_contracts(tmp_path / "c") / "2024.yaml", data)
    planned = [(f.file, f.row, f.value) for f in report.data_quality.findings if f.code == "planned-at-export"]
    assert planned == [("crm_activities.csv", 4, "2024-12-10"), ("crm_activities.csv", 5, "2024-12-20")]
    assert {s.code: s.count for s in report.data_quality.summary}["planned-at-export"] == 2
    # counted as the data say (the warning asks), and the year is whole
    assert (report.period.as_of, report.target("T.reach").value) == (date(2024, 12, 31), 6)
    # on 6 December the two are after today: dated-after-today, not counted, and not warned twice
    monkeypatch.setenv("HUBMONITOR_TODAY", "2024-12-06")
    running = hubmonitor.evaluate(_contracts(tmp_path / "c") / "2024.yaml", data)
    assert "planned-at-export" not in {s.code for s in running.data_quality.summary}
    assert {s.code: s.count for s in running.data_quality.summary}["dated-after-today"] == 2
    # registration times on some rows only, each registered two weeks ahead (a second review): the rows
    # without one show the export held 30 September, so none of those is planned
    partly = make_data(tmp_path / "p", activities=[
        act("I1", "2024-09-20", "C1"), act("I2", "2024-09-30", "C2"),
        act("K1", "2024-09-25", "C3", kind="kollektiv", registered_at="2024-09-11 10:00"),
        act("K2", "2024-09-29", "C4", kind="kollektiv", registered_at="2024-09-15 10:00")])
    monkeypatch.setenv("HUBMONITOR_TODAY", "2024-10-02")
    report = hubmonitor.evaluate(_contracts(tmp_path / "c") / "2024.yaml", partly)
    assert "planned-at-export" not in {s.code for s in report.data_quality.summary}


def test_an_expectation_by_now_is_never_rounded_across_the_value(tmp_path: Path, runner: CliRunner,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """On 2 January 2024 a target of 4 companies is 4 × 2/366 = 0.0219 by now; 0 companies is behind.
    The terminal said "0 ≥ 4 (nu 0,0) ↘ bagud", an expectation 0 meets (a review): "(nu 0,02)". The
    pace line and the history page's point say it the same way; 3 against 2,99 keeps one decimal."""
    monkeypatch.setenv("HUBMONITOR_TODAY", "2024-01-02")
    contract = write_contract(tmp_path / "c", [target("T.reach", "distinct_companies", 4,
                                                     where={"activity_type": "individuel"})], name="2024.yaml")
    data = make_data(tmp_path / "d", activities=[act("A1", "2024-01-02", "C1", kind="kollektiv")])
    report = hubmonitor.evaluate(contract, data, as_of=date(2024, 1, 2))
    reach = report.find("T.reach")
    assert reach is not None and reach.value == 0 and reach.prorated_target == pytest.approx(4 * 2 / 366)
    from hubmonitor.render.format import expected_text, pace_parts
    from hubmonitor.render.terminal import render
    assert expected_text(reach.prorated_target, reach.unit, "da", beside=reach) == "0,02"
    assert expected_text(reach.prorated_target, reach.unit, "da") == "0,0"  # (alone: one decimal)
    assert re.search(r"^T\.reach .* 0 +≥ 4 \(forventet nu 0,02, forholdsmæssigt\) +↘ bagud$", render(report, "da"),
                     re.M)
    assert pace_parts(reach, "da")[0] == "forholdsmæssigt: bagud (0 < 0,02)"
    monkeypatch.setenv("HUBMONITOR_TODAY", "2024-10-01")
    on_track = hubmonitor.evaluate(_contracts(tmp_path / "f") / "2024.yaml", _data(tmp_path / "e"),
                                   as_of=date(2024, 9, 30))
    t = on_track.find("T.reach")
    assert t is not None and expected_text(t.prorated_target, t.unit, "da", beside=t) == "3,0"  # 3 ≥ 2,99


def test_a_milestone_dated_after_today_is_warned_as_a_row_is(tmp_path: Path, runner: CliRunner) -> None:
    """A meeting planned for 15 November in external-2024.yaml, the run on 1 October: left out of the
    count (as a row dated after today is) without a word (a review); now a dated-after-today warning at
    the file and the milestone."""
    external = "milestones:\n  dialogue_meetings: [2024-03-01, 2024-11-15, 2024-09-30]\n"
    data = _data(tmp_path / "d")
    (data / "external-2024.yaml").write_text(external, encoding="utf-8")
    contract = write_contract(tmp_path / "c", [target("T.reach", "distinct_companies", 4),
                                               target("T.meetings", "milestone", 2, evidence="dialogue_meetings",
                                                      measure="count")], name="2024.yaml")
    report = hubmonitor.evaluate(contract, data)
    assert report.find("T.meetings").value == 2  # type: ignore[union-attr]  # 1 March and 30 September
    assert _after_today(report) == [("evaluations.csv", 2, "date", "2024-11-15"),  # (the folder's answer R1)
                                    ("external-2024.yaml", None, "milestones.dialogue_meetings", "2024-11-15")]
    result = runner.invoke(main, ["check-data", str(data)])
    assert "external-2024.yaml milestones.dialogue_meetings: dateret 2024-11-15, efter dagen i dag" in result.stdout


def test_an_answer_after_the_activities_latest_date_is_said(tmp_path: Path) -> None:
    """Evaluated to the activities' latest date (no --as-of, no data_date:), an answer dated after it and
    by today is not counted: said at its row (a director's review: "1 uden for perioden" and no word why).
    Today is 2024-10-01: R3 (10-01) is warned here, R4 (11-15) as dated after today, R1 and R2 counted."""
    data = make_data(tmp_path / "d", activities=[act("A1", "2024-02-01", "C1"), act("A2", "2024-09-30", "C2")],
                     evaluations=[ev("R1", "2024-09-15"), ev("R2", "2024-09-30"), ev("R3", "2024-10-01"),
                                  ev("R4", "2024-11-15")])
    contract = _contracts(tmp_path / "c") / "2024.yaml"
    report = hubmonitor.evaluate(contract, data)
    found = [(f.file, f.row, f.value) for f in report.data_quality.findings if f.code == "after-data-date"]
    assert found == [("evaluations.csv", 4, "2024-10-01")]
    assert [f.value for f in report.data_quality.findings if f.code == "dated-after-today"] == ["2024-11-15"]
    said = next(f for f in report.data_quality.findings if f.code == "after-data-date")
    assert said.message.startswith("besvarelsen er dateret 2024-10-01, efter aktiviteternes seneste dato")
    # a day asked for (--as-of) or declared (data_date:) is the user's: nothing to say
    asked = hubmonitor.evaluate(contract, data, as_of=date(2024, 9, 30))
    assert not [f for f in asked.data_quality.findings if f.code == "after-data-date"]
    (data / "hubmonitor.yaml").write_text("data_date: 2024-09-30\n", encoding="utf-8")
    declared = hubmonitor.evaluate(contract, data)
    assert not [f for f in declared.data_quality.findings if f.code == "after-data-date"]


def test_the_terminal_says_which_rows_a_years_data_quality_counts(tmp_path: Path) -> None:
    """A file's line counts the rows dated in the year (and its undated ones): said in the terminal as the
    pages say it (a director's review: a month's file "425 =" of its 426 rows, one dated in the year
    before, and no word of why). check-data, over the whole folder, has no such line."""
    from hubmonitor.engine.quality import dataset_quality
    from hubmonitor.render.terminal import quality_lines, render
    report = hubmonitor.evaluate(_contracts(tmp_path / "c") / "2024.yaml", _data(tmp_path / "d"))
    assert ("Opgørelsen dækker rækkerne dateret i 2024 (til og med 30. september) og rækkerne uden læsbar dato i de "
            "filer, der har rækker fra 2024") not in render(report, "da")  # the scope is the whole year's
    assert ("  Opgørelsen dækker rækkerne dateret i 2024 og rækkerne uden læsbar dato i de filer, der har rækker fra "
            "2024 (de tælles i hvert år, filen har rækker fra). Hele datamappen: hubmonitor check-data.") in (
        quality_lines(report.data_quality, "da"))
    assert not any("Opgørelsen dækker" in line
                   for line in quality_lines(dataset_quality(load_dataset(tmp_path / "d")), "da"))


def test_rows_after_the_day_evaluated_to_are_outside_the_period_whatever_they_are(
        tmp_path: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    """As of 30 June a row of August is outside the period, quarantined or a copy as much as usable: its
    findings are not the year's so far, and ``--strict`` does not fail on it (a review: a June run
    failed on two rows of August and November). At the year end they are the year's, as before."""
    monkeypatch.setenv("HUBMONITOR_TODAY", "2025-01-20")
    data = make_data(tmp_path / "d", activities=[
        act("A1", "2024-02-01", "C1"), act("A2", "2024-05-01", "C2"),
        act("A3", "2024-06-02", "C3", "Aarhusx"),  # quarantined before the day: the year's so far
        act("A4", "2024-08-18", "C4", "Sydby"),  # quarantined after it
        act("A5", "2024-08-19", "C5"), act("A5", "2024-08-19", "C5"),  # a copy after it
        act("A6", "2024-12-20", "C6")])
    contract = _contracts(tmp_path / "c") / "2024.yaml"
    june = hubmonitor.evaluate(contract, data, as_of=date(2024, 6, 30))
    line = june.data_quality.inputs[0]
    assert (line.rows_read, line.rows_used, line.quarantined, line.duplicates, line.outside_period) == (7, 2, 1, 0, 4)
    assert [(f.code, f.row) for f in june.data_quality.findings] == [("unknown-municipality", 4)]
    from hubmonitor.render.terminal import quality_lines
    assert ("Hele datamappen: hubmonitor check-data. Rækker dateret efter 2024-06-30 tælles uden for perioden, også de "
            "rækker i karantæne og dubletter, og deres fund er ikke med her.") in (
        quality_lines(june.data_quality, "da")[1])
    assert {s.code: s.count for s in june.data_quality.summary} == {"unknown-municipality": 1}
    result = runner.invoke(main, ["evaluate", str(contract), "--data", str(data), "--as-of", "2024-06-30",
                                  "--strict"])
    assert result.exit_code == 1  # A3, of June: quarantined
    (data / "crm_activities.csv").write_text((data / "crm_activities.csv").read_text(encoding="utf-8").replace(
        "Aarhusx", "Aarhus"), encoding="utf-8")
    result = runner.invoke(main, ["evaluate", str(contract), "--data", str(data), "--as-of", "2024-06-30",
                                  "--strict"])
    assert result.exit_code == 0, result.output  # only rows of August are quarantined
    year_end = hubmonitor.evaluate(contract, data)
    line = year_end.data_quality.inputs[0]
    assert (line.rows_read, line.rows_used, line.quarantined, line.duplicates, line.outside_period) == (7, 5, 1, 1, 0)
    assert {s.code: s.count for s in year_end.data_quality.summary} == {"unknown-municipality": 1, "duplicate-row": 1}


def test_rows_quarantined_after_the_data_date_are_the_years_newest(tmp_path: Path, runner: CliRunner,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """Without --as-of the running year is evaluated to its data date, the latest usable row: the rows
    quarantined after it are the year's newest, counted and listed, and --strict fails on them (a second
    review: a September of rows all quarantined vanished as "outside the period"). As of a day asked for,
    they are outside it."""
    monkeypatch.setenv("HUBMONITOR_TODAY", "2024-10-05")
    data = make_data(tmp_path / "d", activities=[
        *(act(f"A{m}", f"2024-0{m}-10", f"C{m}") for m in range(1, 9)),  # usable, January-August
        *(act(f"S{i}", "2024-09-15", f"S{i}", segment="scale-up") for i in range(3))])  # quarantined
    contract = _contracts(tmp_path / "c") / "2024.yaml"
    report = hubmonitor.evaluate(contract, data)
    assert report.period.as_of == date(2024, 8, 10) and not report.data_quality.period.asked  # the data date
    line = report.data_quality.inputs[0]
    assert (line.rows_read, line.rows_used, line.quarantined, line.duplicates, line.outside_period) == (11, 8, 3, 0, 0)
    assert {s.code: s.count for s in report.data_quality.summary} == {"unknown-segment": 3}
    args = ["evaluate", str(contract), "--data", str(data), "--strict"]
    assert runner.invoke(main, args).exit_code == 1
    asked = hubmonitor.evaluate(contract, data, as_of=date(2024, 8, 31))
    line = asked.data_quality.inputs[0]
    assert asked.data_quality.period.asked
    assert (line.rows_read, line.rows_used, line.quarantined, line.outside_period) == (11, 8, 0, 3)
    assert runner.invoke(main, [*args, "--as-of", "2024-08-31"]).exit_code == 0
