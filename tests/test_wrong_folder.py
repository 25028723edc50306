"""Guards against the wrong data folder: files no source reads are named, a source whose patterns
find nothing beside unread files stops the run, and data from another hub stop ``evaluate``."""

from __future__ import annotations

import json
import re
import shutil
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers import ACTIVITY_HEADER, EVALUATION_HEADER, MIDTJYLLAND, SAMPLE, act, make_data, write_csv

import hubmonitor
from hubmonitor.cli import main
from hubmonitor.demo import generate
from hubmonitor.demo.pipeline import demo_jobs, evaluate_jobs
from hubmonitor.errors import DataError, OutsideHubError
from hubmonitor.io.dataset import load_dataset
from hubmonitor.io.results_json import from_document, to_document
from hubmonitor.render.terminal import unread_lines

CONTRACTS = MIDTJYLLAND.parent.parent
UNREAD_DA = "Filer i datamappen, som ingen kilde læser (de indgår ikke i noget tal):"
UNREAD_EN = "Files in the data folder that no source reads (they are in no figure):"


def _invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception  # no traceback
    return result.exit_code, result.stdout, result.stderr


def _sample_with_extras(folder: Path) -> Path:
    """The sample data, plus a note, an old export in a subfolder, a hidden file and an Excel lock file."""
    shutil.copytree(SAMPLE, folder)
    (folder / "noter.txt").write_text("husk at tjekke tallene\n", encoding="utf-8")
    (folder / "gammelt").mkdir()
    (folder / "gammelt" / "crm_activities_2019.csv").write_text(ACTIVITY_HEADER + "\n", encoding="utf-8")
    (folder / ".DS_Store").write_bytes(b"\0")
    (folder / "~$crm_activities_2024.xlsx").write_bytes(b"\0")
    return folder


# --- files no source reads ------------------------------------------------------------------------

def test_unread_files_are_listed_relative_and_sorted(tmp_path: Path) -> None:
    data = make_data(tmp_path / "data", activities=[act("A1", "2024-01-02", "C1")], evaluations=[],
                     external="milestones: {}\n")
    for name in ("noter.txt", "evaluations.csv.bak", "External-2024.yaml", "crm_activities.xls"):
        (data / name).write_text("x\n", encoding="utf-8")
    (data / "hubmonitor.yaml").write_text("profile: min-profil.yaml\n", encoding="utf-8")
    (data / "min-profil.yaml").write_text(
        "document: profile\nname: min\ntitle: Min\nsources:\n  activities:\n    files: [crm_activities*.csv]\n",
        encoding="utf-8")
    (data / "arkiv").mkdir()
    (data / "arkiv" / "crm_activities_2020.csv").write_text(ACTIVITY_HEADER + "\n", encoding="utf-8")
    (data / ".skjult").write_text("x\n", encoding="utf-8")
    (data / "~$eksport.xlsx").write_bytes(b"\0")
    dataset = load_dataset(data)
    # read: crm_activities.csv, evaluations.csv, external-2024.yaml, hubmonitor.yaml and the profile it names;
    # the reader does not look into arkiv/; hidden files and lock files are not worth naming
    assert dataset.unread_files == ["External-2024.yaml", "arkiv/", "crm_activities.xls", "evaluations.csv.bak",
                                    "noter.txt"]


def test_a_pattern_with_a_folder_reaches_into_it_and_its_other_files_are_named(tmp_path: Path) -> None:
    (tmp_path / "eksport").mkdir()
    write_csv(tmp_path / "eksport", "crm_2024.csv", ACTIVITY_HEADER, [act("A1", "2024-01-02", "C1")])
    (tmp_path / "eksport" / "readme.txt").write_text("x\n", encoding="utf-8")
    write_csv(tmp_path, "evaluations.csv", EVALUATION_HEADER, [])
    profile = tmp_path / "p.yaml"
    profile.write_text("document: profile\nname: p\ntitle: P\nsources:\n  activities:\n"
                       "    files: [eksport/crm*.csv]\n", encoding="utf-8")
    dataset = load_dataset(tmp_path, profile=str(profile))  # --profile naming a file in the folder: read
    assert dataset.activities.frame.height == 1
    assert dataset.unread_files == ["eksport/readme.txt"]


def test_a_tidy_folder_has_no_unread_files(tmp_path: Path) -> None:
    assert load_dataset(SAMPLE).unread_files == []
    assert hubmonitor.evaluate(MIDTJYLLAND, SAMPLE).unread_files == []


def test_evaluate_names_the_unread_files_in_the_terminal_and_the_json(tmp_path: Path) -> None:
    data = _sample_with_extras(tmp_path / "data")
    out = tmp_path / "results.json"
    code, stdout, _ = _invoke("evaluate", str(MIDTJYLLAND), "--data", str(data), "--json", str(out))
    assert code == 0
    assert stdout.endswith(f"\n{UNREAD_DA}\n  gammelt/\n  noter.txt\n")
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["unread_files"] == ["gammelt/", "noter.txt"]
    assert doc["schema_version"] == 1
    assert from_document(doc).unread_files == ["gammelt/", "noter.txt"]  # read back
    code, stdout, _ = _invoke("evaluate", str(MIDTJYLLAND), "--data", str(data), "--lang", "en")
    assert stdout.endswith(f"\n{UNREAD_EN}\n  gammelt/\n  noter.txt\n")


def test_the_new_field_leaves_the_others_as_they_were(tmp_path: Path) -> None:
    clean = to_document(hubmonitor.evaluate(MIDTJYLLAND, SAMPLE))
    extra = to_document(hubmonitor.evaluate(MIDTJYLLAND, _sample_with_extras(tmp_path / "data")))
    assert clean["unread_files"] == []
    strip = ("unread_files", "data_dir")
    assert {k: v for k, v in clean.items() if k not in strip} == {k: v for k, v in extra.items() if k not in strip}
    older = {k: v for k, v in clean.items() if k != "unread_files"}  # a results file written before the field
    assert from_document(older).unread_files == []


def test_check_data_names_the_unread_files(tmp_path: Path) -> None:
    data = _sample_with_extras(tmp_path / "data")
    out = tmp_path / "quality.json"
    code, stdout, _ = _invoke("check-data", str(data), "--json", str(out))
    assert code == 0
    assert stdout.endswith(f"\n{UNREAD_DA}\n  gammelt/\n  noter.txt\n")
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["unread_files"] == ["gammelt/", "noter.txt"]
    assert {"rows_read", "rows_used", "inputs", "summary"} <= set(doc)  # the data-quality block as before
    _, stdout, _ = _invoke("check-data", str(data), "--lang", "en")
    assert stdout.endswith(f"\n{UNREAD_EN}\n  gammelt/\n  noter.txt\n")


def test_a_long_list_is_cut_in_the_terminal() -> None:
    files = [f"fil{i:02d}.txt" for i in range(23)]
    lines = unread_lines(files, "da")
    assert lines[0] == UNREAD_DA
    assert lines[1:3] == ["  fil00.txt", "  fil01.txt"]
    assert lines[20:] == ["  fil19.txt", "  … og 3 flere"]
    assert unread_lines(files, "en")[-1] == "  … and 3 more"
    assert unread_lines([], "da") == []


# --- a source that finds no file ------------------------------------------------------------------

def test_a_source_under_another_name_stops_the_run(tmp_path: Path) -> None:
    write_csv(tmp_path, "crm_activities.csv", ACTIVITY_HEADER, [act("A1", "2024-01-02", "C1")])
    write_csv(tmp_path, "brugerevaluering.csv", EVALUATION_HEADER, [])
    code, _, stderr = _invoke("check-data", str(tmp_path))
    assert code == 1
    assert stderr == (f"Fejl [no-source-files]: {tmp_path}: ingen fil til evalueringer (evaluations*.csv, "
                      "evaluations*.xlsx) efter profilen 'canonical'; mappen indeholder brugerevaluering.csv, "
                      "crm_activities.csv. Forkert mappe eller forkerte filnavne? Har en kilde ingen data, så læg "
                      "en fil med kun overskriftsrækken i mappen. Har eksporten slet ikke kilden, så skriv den som "
                      "null i profilen (fx evaluations: null).\n")
    code, _, stderr = _invoke("evaluate", str(MIDTJYLLAND), "--data", str(tmp_path), "--lang", "en")
    assert code == 1
    assert stderr == (f"Error [no-source-files]: {tmp_path}: no file for evaluations (evaluations*.csv, "
                      "evaluations*.xlsx) under profile 'canonical'; the folder holds brugerevaluering.csv, "
                      "crm_activities.csv. The wrong folder or the wrong file names? If a source has no data, put "
                      "a file holding only the header row in the folder. If the export has no such source, write it "
                      "as null in the profile (e.g. evaluations: null).\n")


def test_a_header_only_file_says_a_source_has_no_data(tmp_path: Path) -> None:
    make_data(tmp_path, activities=[act("A1", "2024-01-02", "C1")], evaluations=[])
    (tmp_path / "noter.txt").write_text("x\n", encoding="utf-8")
    dataset = load_dataset(tmp_path)
    assert (dataset.evaluations.frame.height, dataset.unread_files) == (0, ["noter.txt"])


def test_a_folder_holding_one_source_and_nothing_else_stops_unless_the_profile_says_so(tmp_path: Path) -> None:
    write_csv(tmp_path, "crm_activities.csv", ACTIVITY_HEADER, [act("A1", "2024-01-02", "C1")])
    with pytest.raises(DataError, match=r"ingen fil til evalueringer \(evaluations\*\.csv, evaluations\*\.xlsx\) "
                                        r"efter profilen 'canonical'; mappen indeholder crm_activities\.csv\."):
        load_dataset(tmp_path)
    (tmp_path / "p.yaml").write_text("document: profile\nname: p\ntitle: P\nsources:\n  evaluations: null\n",
                                     encoding="utf-8")
    dataset = load_dataset(tmp_path, profile=str(tmp_path / "p.yaml"))
    assert (dataset.activities.frame.height, dataset.evaluations.exported, dataset.unread_files) == (1, False, [])


def test_a_folder_with_none_of_the_files_lists_at_most_twenty(tmp_path: Path) -> None:
    for i in range(23):
        (tmp_path / f"bilag{i:02d}.pdf").write_bytes(b"%PDF")
    (tmp_path / "2024").mkdir()
    with pytest.raises(DataError) as info:
        load_dataset(tmp_path)
    listed = ", ".join(["2024/", *(f"bilag{i:02d}.pdf" for i in range(19))])
    assert str(info.value) == (
        f"{tmp_path}: ingen fil til aktiviteter (crm_activities*.csv, crm_activities*.xlsx) eller evalueringer "
        f"(evaluations*.csv, evaluations*.xlsx) efter profilen 'canonical'; mappen indeholder {listed} … og 4 "
        "flere. Forkert mappe eller forkerte filnavne? Har en kilde ingen data, så læg en fil med kun "
        "overskriftsrækken i mappen. Har eksporten slet ikke kilden, så skriv den som null i profilen (fx "
        "evaluations: null).")
    assert info.value.code == "no-source-files"


def test_an_empty_folder_says_so(tmp_path: Path) -> None:
    with pytest.raises(DataError, match=r"efter profilen 'canonical'; mappen er tom\. "):
        load_dataset(tmp_path)


# --- data from another hub ------------------------------------------------------------------------

def _mostly_hovedstaden(folder: Path) -> Path:
    """Ten companies located in 2024: seven in Hovedstaden's municipalities, C8 in Aarhus, C9 in
    København until it moves to Aarhus on 1 March (its latest activity counts), C10 in Odense (Fyn).
    Not located: C11 (2023, outside the window) and C12 (an unknown municipality: quarantined)."""
    hovedstaden = ["København", "Frederiksberg", "Gentofte", "Ballerup", "Hillerød", "Helsingør", "Bornholm"]
    rows = [act(f"A{i}", "2024-01-10", f"C{i}", m) for i, m in enumerate(hovedstaden, start=1)]
    rows += [act("A8", "2024-01-10", "C8", "Aarhus"), act("A9", "2024-02-01", "C9", "København"),
             act("A10", "2024-03-01", "C9", "Aarhus"), act("A11", "2024-03-05", "C10", "Odense"),
             act("A12", "2023-06-01", "C11", "København"), act("A13", "2024-04-01", "C12", "Atlantis")]
    return make_data(folder, activities=rows)


def test_most_companies_outside_the_hub_stop_evaluate(tmp_path: Path) -> None:
    data = _mostly_hovedstaden(tmp_path / "data")
    # located: C1-C10 = 10; outside Midtjylland: C1-C7 and C10 = 8 (C9's latest activity is in Aarhus)
    code, stdout, stderr = _invoke("evaluate", str(MIDTJYLLAND), "--data", str(data), "--as-of", "2024-12-31")
    assert (code, stdout) == (1, "")
    assert stderr == (f"Fejl [outside-hub-data]: {data}: 80,0 % af virksomhederne med kendt kommune i perioden "
                      "2024-01-01 – 2024-12-31 (8 af 10) ligger uden for Erhvervshus Midtjyllands kommuner; data "
                      "ser ud til at høre til Erhvervshus Hovedstaden (7 virksomheder). Er det den rigtige "
                      "datamappe? Brug --allow-outside-hub for at fortsætte alligevel.\n")
    code, _, stderr = _invoke("evaluate", str(MIDTJYLLAND), "--data", str(data), "--lang", "en",
                              "--as-of", "2024-12-31")
    assert stderr == (f"Error [outside-hub-data]: {data}: 80.0 % of the companies with a known municipality in the "
                      "period 2024-01-01 – 2024-12-31 (8 of 10) lie outside the municipalities of Erhvervshus "
                      "Midtjylland; the data seem to belong to Erhvervshus Hovedstaden (7 companies). Is this the "
                      "right data folder? Use --allow-outside-hub to go on anyway.\n")
    # as of 15 February: C9 is still in København and C10 not yet guided: 8 of 9 outside
    code, _, stderr = _invoke("evaluate", str(MIDTJYLLAND), "--data", str(data), "--as-of", "2024-02-15")
    assert code == 1
    assert "88,9 % af virksomhederne med kendt kommune i perioden 2024-01-01 – 2024-02-15 (8 af 9)" in stderr


def test_allow_outside_hub_goes_on_and_keeps_the_warning(tmp_path: Path) -> None:
    data = _mostly_hovedstaden(tmp_path / "data")
    code, stdout, _ = _invoke("evaluate", str(MIDTJYLLAND), "--data", str(data), "--allow-outside-hub")
    assert code == 0
    # the warning counts rows, not companies: A1-A7, A9 (C9 before its move) and A11, in the window
    assert "  outside-hub (advarsel): 9" in stdout
    report = hubmonitor.evaluate(MIDTJYLLAND, data, allow_outside_hub=True)
    assert sum(s.count for s in report.data_quality.summary if s.code == "outside-hub") == 9


def test_the_library_raises_with_the_figures(tmp_path: Path) -> None:
    data = _mostly_hovedstaden(tmp_path / "data")
    with pytest.raises(OutsideHubError) as info:
        hubmonitor.evaluate(MIDTJYLLAND, data)
    found = info.value.found
    assert (found.located, found.outside, found.likely_hub, found.likely_count) == (
        10, 8, "Erhvervshus Hovedstaden", 7)
    assert found.share == 0.8
    with pytest.raises(OutsideHubError):
        list(hubmonitor.evaluate_each([(MIDTJYLLAND, data)]))


def test_half_outside_is_not_most(tmp_path: Path) -> None:
    rows = [act(f"A{i}", "2024-01-10", f"C{i}", m) for i, m in enumerate(
        ["København", "Odense", "Aalborg", "Aarhus", "Skive", "Viborg"])]  # 3 of 6 outside Midtjylland
    report = hubmonitor.evaluate(MIDTJYLLAND, make_data(tmp_path, activities=rows))
    assert report.target("M8.reach").value == 6


# --- the demo: a Hovedstaden folder under Midtjylland's contract ------------------------------------

@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    return generate(tmp_path_factory.mktemp("demo") / "data", scale=0.05)


def test_midtjylland_contract_on_hovedstaden_demo_data(demo) -> None:  # type: ignore[no-untyped-def]
    folder = demo.folder / "hovedstaden"
    code, stdout, stderr = _invoke("evaluate", str(CONTRACTS / "midtjylland" / "2024.yaml"), "--data", str(folder))
    assert (code, stdout) == (1, "")
    match = re.fullmatch(
        rf"Fejl \[outside-hub-data\]: {re.escape(str(folder))}: (\d+,\d) % af virksomhederne med kendt kommune i "
        r"perioden 2024-01-01 – 2024-12-31 \((\d+) af (\d+)\) ligger uden for Erhvervshus Midtjyllands kommuner; "
        r"data ser ud til at høre til Erhvervshus Hovedstaden \((\d+) virksomheder\)\. Er det den rigtige "
        r"datamappe\? Brug --allow-outside-hub for at fortsætte alligevel\.\n", stderr)
    assert match is not None, stderr
    share, outside, located, likely = match.group(1), *map(int, match.groups()[1:])
    assert share == f"{100 * outside / located:.1f}".replace(".", ",")
    assert outside > located / 2 and likely > outside / 2
    code, stdout, _ = _invoke("evaluate", str(CONTRACTS / "midtjylland" / "2024.yaml"), "--data", str(folder),
                              "--allow-outside-hub")
    assert code == 0
    assert "outside-hub (advarsel)" in stdout


def test_years_go_through_the_same_check(demo) -> None:  # type: ignore[no-untyped-def]
    folder = demo.folder / "hovedstaden"
    args = ["evaluate", str(CONTRACTS / "midtjylland" / "{year}.yaml"), "--years", "2023-2024", "--data", str(folder)]
    code, _, stderr = _invoke(*args)
    assert code == 1
    assert "i perioden 2023-01-01 – 2023-12-31" in stderr and "Erhvervshus Hovedstaden" in stderr
    assert _invoke(*args, "--allow-outside-hub")[0] == 0


def test_every_demo_hub_is_in_its_own_hub(demo) -> None:  # type: ignore[no-untyped-def]
    reports = [report for _, report in evaluate_jobs(demo_jobs(demo))]  # the demo's own path: checked
    assert len(reports) == 6 * 4
    assert all(r.unread_files == [] for r in reports)
    assert date(2025, 9, 30) in {r.period.as_of for r in reports}


def test_years_name_the_unread_files_once(demo, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = shutil.copytree(demo.folder / "hovedstaden", tmp_path / "hovedstaden")
    (folder / "budget.xlsx").write_bytes(b"PK")
    code, stdout, _ = _invoke("evaluate", str(CONTRACTS / "hovedstaden" / "{year}.yaml"), "--years", "2023-2024",
                              "--data", str(folder))
    assert code == 0
    assert stdout.count(UNREAD_DA) == 1
    assert f"\n{UNREAD_DA}\n  budget.xlsx\n" in stdout


def test_one_company_in_another_hub(tmp_path: Path) -> None:
    data = make_data(tmp_path, activities=[act("A1", "2024-03-01", "C1", "Odense")])
    with pytest.raises(OutsideHubError) as info:
        hubmonitor.evaluate(MIDTJYLLAND, data)
    assert info.value.text("da").endswith("(1 af 1) ligger uden for Erhvervshus Midtjyllands kommuner; data ser ud "
                                          "til at høre til Erhvervshus Fyn (1 virksomhed). Er det den rigtige "
                                          "datamappe? Brug --allow-outside-hub for at fortsætte alligevel.")
    assert "Erhvervshus Fyn (1 company)." in info.value.text("en")


def test_the_outside_hub_counts_are_written_the_danish_way() -> None:
    """"(2164 af 2164)" in a Danish message (a review): counts of thousands take the separator."""
    from hubmonitor.errors import HubShare

    found = HubShare("Erhvervshus Sydjylland", located=2164, outside=2164, likely_hub="Erhvervshus Fyn",
                     likely_count=1203)
    error = OutsideHubError("data", "2024-01-01 – 2024-12-31", found)
    assert "(2.164 af 2.164)" in error.text("da") and "(1.203 virksomheder)" in error.text("da")
    assert "(2,164 of 2,164)" in error.text("en") and "(1,203 companies)" in error.text("en")
