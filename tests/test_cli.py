"""The command line: exit codes, output streams, JSON parity with the library."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers import MIDTJYLLAND, SAMPLE

import hubmonitor
from hubmonitor.cli import main
from hubmonitor.io.results_json import to_document

CONTRACT = str(MIDTJYLLAND)  # as given on the command line
DATA = str(SAMPLE)


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_validate_ok(runner: CliRunner) -> None:
    result = runner.invoke(main, ["validate", CONTRACT])
    assert result.exit_code == 0, result.output
    assert re.search(r"^OK .*2024\.yaml: Erhvervshus Midtjylland 2024: 21 mål, 7 kvalitative punkter, "
                     r"19 kommuner \(udvider .*national/2024\.yaml\)$", result.stdout.strip())


def test_validate_reports_every_problem_with_file_and_line(runner: CliRunner, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "document: contract\n"
        "id: x\n"
        "title: X\n"
        "hub: Erhvervshus Midtjylland\n"
        "erhvervshus: Midtjylland\n"
        "period: {year: 2024}\n"
        "targets:\n"
        "  - id: M8.reach\n"
        "    ref: Mål 8\n"
        "    kind: distinct_companies\n"
        "    title: Rækkevidde\n"
        "    quote: q\n"
        "    treshold: 5000\n"          # line 13: a typo
        "  - id: M8.share\n"
        "    ref: Mål 8\n"
        "    kind: company_ratio\n"
        "    title: Andel\n"
        "    quote: q\n"
        "    numerator: {}\n"
        "    denominator: [{}]\n"
        "    threshold: 1.5\n",         # line 21: out of range
        encoding="utf-8",
    )
    result = runner.invoke(main, ["validate", str(bad)])
    assert result.exit_code == 1
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert lines[0] == "Kontrakten kan ikke bruges:"
    assert any(re.fullmatch(r".*bad\.yaml:13 targets\[0\]\.treshold: ukendt nøgle.*", line) for line in lines)
    assert any(re.fullmatch(r".*bad\.yaml:8 targets\[0\]\.threshold: mangler.*", line) for line in lines)
    assert any(re.fullmatch(r".*bad\.yaml:21 targets\[1\]\.threshold: threshold skal være mellem 0 og 1.*", line)
               for line in lines)


def test_validate_in_english(runner: CliRunner, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("document: contract\nid: x\n", encoding="utf-8")
    result = runner.invoke(main, ["validate", str(bad), "--lang", "en"])
    assert result.exit_code == 1
    assert "The contract cannot be used:" in result.stderr
    assert re.search(r"bad\.yaml:1 title: missing \(required\)", result.stderr)


def test_evaluate_prints_the_table_and_writes_json(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "sub" / "result.json"
    result = runner.invoke(main, ["evaluate", CONTRACT, "--data", DATA, "--json", str(out), "--wide"])
    assert result.exit_code == 0, result.stderr
    # A row of the table (--wide: the full table, however wide): id, Mål, title, value (Danish format), target, status.
    assert re.search(r"^M8\.reach +Mål 8 +Virksomheder der har brugt erhvervshuset +5\.152 +≥ 5\.000 +✔ opfyldt$",
                     result.stdout, re.M)
    # a share of answers: its 95 % interval, and the target inside it said in words
    # (its lowest segment's share, the growth segment's: said beside it)
    assert re.search(r"^M3\.satisfaction .* 78,6 % \(vækst\) +74,0–82,5 % +≥ 80,0 % +✘ ikke opfyldt \(usikker\)$",
                     result.stdout, re.M)
    assert ("(usikker): ikke signifikant forskellig fra målet (målet ligger inden for 95 %-konfidensintervallet)"
            in result.stdout)
    assert "Kommuner under båndet (inviteres til dialog): Holstebro, Lemvig, Odder, Samsø" in result.stdout
    # the rows of 2024 (the row dated 2023-12-31 and the one dated 2025-01-03 are other years')
    assert "Datakvalitet 2024: 8.578 rækker læst, 8.549 brugt" in result.stdout
    assert ("crm_activities_2024.csv: 7.178 = 7.149 brugt + 4 i karantæne (heraf 1 uden læsbar dato) "
            "+ 25 dubletter + 0 uden for perioden") in result.stdout
    assert "Resultater skrevet til" in result.stderr
    # JSON parity: the file is exactly the library's report document.
    written = json.loads(out.read_text(encoding="utf-8"))
    assert written == json.loads(json.dumps(to_document(hubmonitor.evaluate(CONTRACT, DATA))))
    assert [p.name for p in out.parent.iterdir()] == ["result.json"]  # no temporary file left


def test_a_number_and_its_percent_sign_stay_on_one_line() -> None:
    """A terminal of some widths broke the note between "95" and "%-konfidensintervallet"."""
    from hubmonitor.render.terminal import render

    report = hubmonitor.evaluate(CONTRACT, DATA)
    for lang, width in [(lang, width) for lang in ("da", "en") for width in range(40, 121)]:
        text = render(report, lang, width)
        assert not re.search(r"95\n *%", text), (lang, width)
        assert all(len(line) <= width for line in text.splitlines()), (lang, width)
        # a reference is never broken either (at 40 columns "(Mål 2" ended a line, "+ 8)" began the next)
        assert "\u00a0" not in text and not re.search(r"Mål( \d+)?\n", text), (lang, width)


def test_evaluate_english(runner: CliRunner) -> None:
    result = runner.invoke(main, ["evaluate", CONTRACT, "--data", DATA, "--lang", "en", "--wide"])
    assert result.exit_code == 0
    # the contract's English title (it printed the Danish)
    title = "Performance contract 2024 between KKR Midtjylland and Erhvervshus Midtjylland"
    assert result.stdout.splitlines()[0] == title
    assert re.search(r"^M8\.reach .* 5,152 +≥ 5,000 +✔ met$", result.stdout, re.M)
    assert re.search(r"^M3\.satisfaction .* 78\.6 % \(growth\) +74\.0–82\.5 % +≥ 80\.0 % +✘ not met \(uncertain\)$",
                     result.stdout, re.M)


def test_strict_fails_on_quarantined_rows(runner: CliRunner) -> None:
    result = runner.invoke(main, ["evaluate", CONTRACT, "--data", DATA, "--strict"])
    assert result.exit_code == 1
    assert "--strict: 4 rækker i karantæne" in result.stderr
    assert "M8.reach" in result.stdout  # the report is still printed


def test_missing_data_folder_is_a_clear_error(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["evaluate", CONTRACT, "--data", str(tmp_path / "nowhere")])
    assert result.exit_code == 1
    assert re.fullmatch(r"Fejl: .*nowhere: datamappen findes ikke\n",
                        result.stderr)


def test_unreadable_csv_names_the_file(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "crm_activities.csv").write_text("dato,virksomhed\n2024-01-01,A\n", encoding="utf-8")
    result = runner.invoke(main, ["evaluate", CONTRACT, "--data", str(tmp_path)])
    assert result.exit_code == 1
    assert re.search(r"crm_activities\.csv: mangler kolonne\(r\) efter profilen 'canonical': "
                     r"date \(prøvede 'date'\), company_id \(prøvede 'company_id'\); fandt 'dato', 'virksomhed'",
                     result.stderr)


def test_as_of_outside_the_year_is_refused(runner: CliRunner) -> None:
    result = runner.invoke(main, ["evaluate", CONTRACT, "--data", DATA, "--as-of", "2025-01-01"])
    assert result.exit_code == 2  # wrong usage (a review: 1, as for bad data), and one line as before
    assert result.stderr == "Fejl: --as-of 2025-01-01 ligger uden for kontraktperioden 2024-01-01 – 2024-12-31\n"


def test_as_of_after_today_is_wrong_usage(runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HUBMONITOR_TODAY", "2024-05-01")
    result = runner.invoke(main, ["evaluate", CONTRACT, "--data", DATA, "--as-of", "2024-06-30"])
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.startswith("Fejl: --as-of 2024-06-30 ligger efter i dag (2024-05-01): data kan ikke gå")


def test_debug_shows_the_traceback(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["--debug", "evaluate", CONTRACT, "--data", str(tmp_path / "x")])
    assert result.exit_code == 1
    assert result.exception is not None and type(result.exception).__name__ == "DataError"


def test_help_has_examples(runner: CliRunner) -> None:
    result = runner.invoke(main, ["evaluate", "--help"])
    assert result.exit_code == 0
    assert "hubmonitor evaluate contracts/midtjylland/2024.yaml" in result.output


def test_strict_counts_rows_not_problems(runner: CliRunner, tmp_path: Path) -> None:
    from helpers import act, make_data

    data = make_data(tmp_path, activities=[act("A1", "2024-13-01", "C1", "Atlantis"), act("A2", "2024-02-01", "C2")])
    result = runner.invoke(main, ["evaluate", CONTRACT, "--data", str(data), "--strict"])
    assert result.exit_code == 1
    assert "--strict: 1 rækker i karantæne" in result.stderr  # one row, with two problems


def test_as_of_shows_the_pace(runner: CliRunner) -> None:
    result = runner.invoke(main, ["evaluate", CONTRACT, "--data", DATA, "--as-of", "2024-06-30", "--wide"])
    assert result.exit_code == 0, result.stderr
    # counting targets: on track / behind against the target pro-rated to 182 of 366 days
    assert re.search(r"^M8\.reach .* 2\.914 +≥ 5\.000 \(forventet nu 2\.486,3, forholdsmæssigt\) +↗ på sporet$",
                     result.stdout, re.M)
    assert re.search(r"^M8\.growth_programmes .* 215 +≥ 600 \(forventet nu 298,4, forholdsmæssigt\) +↘ bagud$",
                     result.stdout, re.M)
    assert "Tempo pr. 2024-06-30 (182 af 366 dage = 49,7 % af året):" in result.stdout
    # a verdict on the year so far says so, as the report page does (a review: the terminal did not); a figure
    # measured by others, a milestone done and the grant do not
    assert re.search(r"^M8\.spread .* ≥ 19 kommuner +✘ ikke opfyldt \(foreløbig\)$", result.stdout, re.M)
    assert re.search(r"^M3\.nps .* ≥ 70,0 +✘ ikke opfyldt \(foreløbig, usikker\)$", result.stdout, re.M)
    assert re.search(r"^M1\.awareness .* ≥ 50,0 % +✔ opfyldt$", result.stdout, re.M)
    assert re.search(r"^M5\.green_tool .* = ja +✔ opfyldt$", result.stdout, re.M)
    # 2023 is in the data folder: the seasonal profile and a forecast are shown too
    assert re.search(r"↗ M8\.reach: forholdsmæssigt: på sporet \(2\.914 ≥ 2\.486,3\) · sæsonprofil \(2023\): på "
                     r"sporet — forventet nu [\d.,]+, prognose ultimo [\d.]+ ≥ 5\.000$", result.stdout, re.M)
    english = runner.invoke(main, ["evaluate", CONTRACT, "--data", DATA, "--as-of", "2024-06-30", "--lang", "en",
                                   "--wide"])
    assert re.search(r"^M8\.reach .* 2,914 +≥ 5,000 \(expected now 2,486\.3, pro rata\) +↗ on track$", english.stdout,
                     re.M)
    assert "Pace as of 2024-06-30 (182 of 366 days = 49.7 % of the year):" in english.stdout
    assert re.search(r"^M3\.nps .* ≥ 70\.0 +✘ not met \(provisional, uncertain\)$", english.stdout, re.M)


@pytest.fixture
def two_years(tmp_path: Path) -> tuple[Path, Path]:
    from helpers import act, ev, make_data, target, write_contract

    for year, threshold in ((2023, 2), (2024, 3)):  # the target changes between the contracts
        write_contract(tmp_path / "contracts", [target("T.reach", "distinct_companies", threshold),
                                                target("T.effect", "share", 0.5, answer="effect",
                                                       success=["I høj grad"], min_answers=1)],
                       name=f"{year}.yaml", year=year)
    data = make_data(tmp_path / "data", activities=[
        act("A1", "2023-03-01", "C1"), act("A2", "2023-04-01", "C2"),
        act("A3", "2024-03-01", "C1"), act("A4", "2024-05-01", "C3"), act("A5", "2024-06-01", "C4"),
    ], evaluations=[ev("R1", "2023-05-01", effect="Slet ikke"), ev("R2", "2024-05-01", effect="I høj grad")])
    return tmp_path / "contracts", data


def test_years_writes_one_results_file_per_year(runner: CliRunner, two_years: tuple[Path, Path],
                                                tmp_path: Path) -> None:
    contracts, data = two_years
    out = tmp_path / "out"
    # the data end 2024-06-01: --as-of 2024-12-31 evaluates both years whole (each year up to it)
    result = runner.invoke(main, ["evaluate", str(contracts / "{year}.yaml"), "--years", "2023-2024", "--as-of",
                                  "2024-12-31", "--data", str(data), "--json", str(out / "hub-{year}.json")])
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["hub-2023.json", "hub-2024.json"]
    for year, value, threshold in ((2023, 2, 2), (2024, 3, 3)):
        doc = json.loads((out / f"hub-{year}.json").read_text(encoding="utf-8"))
        reach = next(t for t in doc["targets"] if t["id"] == "T.reach")
        assert (doc["period"]["start"], reach["value"], reach["target"], reach["status"]) == (
            f"{year}-01-01", value, threshold, "met")
        # the same document as evaluating that year alone
        alone = hubmonitor.evaluate(contracts / f"{year}.yaml", data, as_of=date(year, 12, 31))
        assert doc == json.loads(json.dumps(to_document(alone)))
    # the trend: one row per target, one column per year, each year's own target
    assert re.search(r"^Id +2023 +2024$", result.stdout, re.M)
    assert re.search(r"^T\.reach +2 ≥ 2 ✔ +3 ≥ 3 ✔$", result.stdout, re.M)
    # one answer a year: 0 / 1 (Wilson 0 … 0.79) and 1 / 1 (0.21 … 1) both hold 0.50
    assert re.search(r"^T\.effect +0,0 % ≥ 50,0 % ✘ \(usikker\) +100,0 % ≥ 50,0 % ✔ \(usikker\)$",
                     result.stdout, re.M)
    assert "2024: 2 opfyldt, 0 ikke opfyldt, 0 mangler data" in result.stdout


def test_years_accepts_a_list(runner: CliRunner, two_years: tuple[Path, Path]) -> None:
    contracts, data = two_years
    result = runner.invoke(main, ["evaluate", str(contracts / "{year}.yaml"), "--years", "2024, 2023",
                                  "--data", str(data), "--lang", "en"])
    assert result.exit_code == 0, result.stderr
    assert re.search(r"^Id +2023 +2024$", result.stdout, re.M)  # in order


@pytest.mark.parametrize(("args", "message"), [
    (["CONTRACTS/2024.yaml", "--years", "2023-2024"], "--years kræver {year} i kontraktens sti"),
    (["CONTRACTS/{year}.yaml", "--years", "2023-2024", "--json", "out.json"], "--years kræver {year} i --json"),
    (["CONTRACTS/{year}.yaml"], "{year} i stien kræver --years"),
    (["CONTRACTS/2024.yaml", "--json", "out-{year}.json"], "{year} i stien kræver --years"),
    (["CONTRACTS/{year}.yaml", "--years", "2024-2023"], "'2024-2023': 2024-2023 går baglæns; skriv fx 2022-2025"),
    (["CONTRACTS/{year}.yaml", "--years", "1999-2001"],
     "'1999-2001': årene skal ligge fra 2000 til 2100; skriv fx 2022-2025 eller 2022,2024"),
    (["CONTRACTS/{year}.yaml", "--years", "2022,2100-2101"], "årene skal ligge fra 2000 til 2100;"),
    (["CONTRACTS/{year}.yaml", "--years", "tyve"], "skriv fx 2022-2025 eller 2022,2024"),
])
def test_years_usage_errors(runner: CliRunner, two_years: tuple[Path, Path], args: list[str], message: str) -> None:
    contracts, data = two_years
    args = [a.replace("CONTRACTS", str(contracts)) for a in args]
    result = runner.invoke(main, ["evaluate", *args, "--data", str(data)])
    assert result.exit_code == 2
    assert message in result.stderr


def test_a_value_is_never_rounded_across_its_target(runner: CliRunner, tmp_path: Path) -> None:
    """1,999 of 2,500 answers "Meget tilfreds" is 79,96 %, not met against ≥ 80 %: shown as 79,96 %,
    not 80,0 % (which would read as met); an NPS of (1,749 − 250) / 2,500 × 100 = 59,96 likewise. The
    figures themselves are exact in the results."""
    from helpers import act, ev, make_data, target, write_contract

    contract = write_contract(tmp_path / "c", [
        target("T.sat", "share", 0.8, answer="satisfaction", success=["Meget tilfreds"], min_answers=1),
        target("T.nps", "nps", 60, min_answers=1)])
    answers = [ev(f"R{i}", "2024-05-01", company=f"C{i}", satisfaction="Meget tilfreds" if i < 1999 else "Tilfreds",
                  nps="9" if i < 1749 else "7" if i < 2250 else "5") for i in range(2500)]
    data = make_data(tmp_path / "d", activities=[act("A1", "2024-03-01", "C1"), act("A2", "2024-12-20", "C2")],
                     evaluations=answers)
    out = tmp_path / "r.json"
    result = runner.invoke(main, ["evaluate", str(contract), "--data", str(data), "--as-of", "2024-12-31",
                                  "--json", str(out)])
    assert result.exit_code == 0, result.stderr
    assert re.search(r"^T\.sat .* 79,96 % .* ≥ 80,0 % +✘ ikke opfyldt", result.stdout, re.M)
    assert re.search(r"^T\.nps .* 59,96 .* ≥ 60,0 +✘ ikke opfyldt", result.stdout, re.M)
    english = runner.invoke(main, ["evaluate", str(contract), "--data", str(data), "--as-of", "2024-12-31",
                                   "--lang", "en"])
    assert re.search(r"^T\.sat .* 79\.96 % .* ≥ 80\.0 % +✘ not met", english.stdout, re.M)
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert [(t["value"], t["status"]) for t in doc["targets"]] == [(0.7996, "not_met"), (59.96, "not_met")]


@pytest.mark.parametrize(("env", "args"), [({"HUBMONITOR_LANG": "en"}, []), ({"HUBMONITOR_LANG": "EN"}, []),
                                           ({}, ["--lang", "En"])])
def test_the_language_is_read_in_any_case(runner: CliRunner, env: dict[str, str], args: list[str]) -> None:
    """HUBMONITOR_LANG=EN was refused as "Invalid value for '--lang'" (a review), though no --lang was given."""
    result = runner.invoke(main, ["evaluate", str(MIDTJYLLAND), "--data", str(SAMPLE), *args], env=env)
    assert result.exit_code == 0, result.stderr
    assert "Awareness of the hub (Mål 1)" in result.stdout


@pytest.mark.parametrize(("day", "da", "en"), [
    ("2026-02-29", "'2026-02-29' findes ikke i kalenderen", "'2026-02-29' is not a day in the calendar"),
    ("2024-9-30", "'2024-9-30' er ikke en dato ÅÅÅÅ-MM-DD", "'2024-9-30' is not a date YYYY-MM-DD"),
    ("30-09-2024", "'30-09-2024' er ikke en dato ÅÅÅÅ-MM-DD", "'30-09-2024' is not a date YYYY-MM-DD"),
])
def test_an_as_of_that_is_not_a_day_is_refused_in_both_languages(runner: CliRunner, day: str, da: str,
                                                                  en: str) -> None:
    """click's own message was English only ("does not match the format '%Y-%m-%d'", a review)."""
    result = runner.invoke(main, ["evaluate", str(MIDTJYLLAND), "--data", str(SAMPLE), "--as-of", day])
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (f"Fejl: ugyldig værdi for '--as-of': {da} / "
                                              f"Error: Invalid value for '--as-of': {en}")
