"""Mapping profiles: validation with file and line, lookup, and what each setting does to data."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers import ACTIVITY_HEADER, EVALUATION_HEADER, act, ev, write_csv

from hubmonitor.cli import main
from hubmonitor.errors import ContractError, DataError
from hubmonitor.io.dataset import load_dataset
from hubmonitor.profile.loader import builtin_names, load_profile
from hubmonitor.schema import ACTIVITIES


def _profile(tmp_path: Path, body: str, name: str = "p.yaml") -> Path:
    path = tmp_path / name
    path.write_text("document: profile\nname: test\ntitle: Test\n" + body, encoding="utf-8")
    return path


def _problems(path: Path) -> list[str]:
    with pytest.raises(ContractError) as info:
        load_profile(path)
    return [p.text() for p in info.value.problems]


def test_the_built_in_profiles_validate() -> None:
    assert builtin_names() == ["canonical", "escrm-excel"]
    escrm = load_profile("escrm-excel").sources["activities"]
    assert escrm.strftime_formats() == ["%d-%m-%Y", "%d.%m.%Y"]
    assert escrm.aliases(ACTIVITIES["segment"])["vækstvirksomhed"] == "vækst"
    assert escrm.aliases(ACTIVITIES["activity_type"]) == {"individuel vejledning": "individuel",
                                              "deltager i arrangement": "kollektiv"}


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("sources:\n  activities:\n    files: x.csv\n    colums: {}\n",
         "p.yaml:7 sources.activities.colums: ukendt nøgle (stavefejl?)"),
        ("sources:\n  activities:\n    files: x.csv\n    columns:\n      kommune: [Kommune]\n",
         "p.yaml:8 sources.activities.columns.kommune: ukendt kanonisk kolonne 'kommune' for activities; "
         "kendte: activity_id, date, company_id, cvr, company_name, municipality, segment, activity_type, "
         "growth_programme, referred, topics, registered_at"),
        ("sources:\n  activities:\n    files: x.csv\n    values:\n      segment: {Stor: kæmpe}\n",
         "p.yaml:8 sources.activities.values.segment.Stor: 'kæmpe' er ikke en kendt værdi for segment; "
         "kendte: drift, vækst, iværksætter"),
        ("sources:\n  activities:\n    files: x.csv\n    date_formats: [DD/MM/ÅÅÅÅ]\n",
         "p.yaml:7 sources.activities.date_formats[0]: ugyldigt datoformat 'DD/MM/ÅÅÅÅ'; skriv fx DD-MM-YYYY, "
         "DD.MM.YYYY, YYYY-MM-DD eller DD. MMM YYYY (måneden som ord: 1. jan. 2024) (eller EXCEL for Excels "
         "datonumre, fx 45352)"),
        # every bad one said, on the first one's line (a review of 7 December 2026: only the first of five was)
        ("sources:\n  activities:\n    files: x.csv\n    date_formats: [DD-MM-YYYY, MM-YYYY, DD, '%Y']\n",
         "p.yaml:7 sources.activities.date_formats[1]: ugyldige datoformater 'MM-YYYY', 'DD', '%Y'; skriv fx "
         "DD-MM-YYYY, DD.MM.YYYY, YYYY-MM-DD eller DD. MMM YYYY (måneden som ord: 1. jan. 2024) (eller EXCEL for "
         "Excels datonumre, fx 45352)"),
        ("sources:\n  activities:\n    files: x.xlsx\n    sheets:\n      - name: Møder\n"
         "        constants: {referred: måske}\n",
         "p.yaml:9 sources.activities.sheets[0].constants.referred: 'måske' er ikke ja/nej for referred"),
        ("sources:\n  surveys:\n    files: x.csv\n",
         "p.yaml:5 sources.surveys: ukendt kilde 'surveys'; kendte: activities, evaluations (en ny kilde beskrives "
         "under data:)"),
        ("sources:\n  activities:\n    files: x.csv\n    decimal: ';'\n",
         "p.yaml:7 sources.activities.decimal: ugyldig værdi ';': '.' eller ',' forventet"),
        ("sources:\n  activities:\n    files: [x.csv, ../other/*.csv]\n",
         "p.yaml:6 sources.activities.files[1]: mønsteret '../other/*.csv' skal pege ind i datamappen "
         "(ingen '/' først, ingen '..')"),
        ("sources:\n  activities:\n    files: /etc/*\n",
         "p.yaml:6 sources.activities.files: mønsteret '/etc/*' skal pege ind i datamappen "
         "(ingen '/' først, ingen '..')"),
        ("sources: {}\n", "p.yaml:4 sources: for få elementer: mindst 1"),
    ],
    ids=["unknown key", "unknown column", "alias outside vocabulary", "bad date format", "bad date formats",
         "bad constant",
         "unknown source", "bad decimal mark", "pattern outside the folder", "absolute pattern", "no sources"],
)
def test_profile_errors_name_file_line_and_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, body: str,
                                                expected: str) -> None:
    monkeypatch.chdir(tmp_path)
    assert _problems(_profile(tmp_path, body)) == [expected]


def test_topic_aliases_land_on_the_canonical_topic() -> None:
    from hubmonitor.profile.model import SourceMapping

    mapping = SourceMapping(files=["x.csv"], values={"topics": {"Klima": "green", "Web": "digital"}})
    assert mapping.aliases(ACTIVITIES["topics"]) == {"klima": "grøn", "web": "digitalisering"}


def test_unknown_builtin_profile_lists_the_known_ones() -> None:
    with pytest.raises(ContractError, match="ukendt profil 'escrm'; indbyggede profiler: canonical, escrm-excel"):
        load_profile("escrm")


def test_validate_command_checks_a_profile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    good = _profile(tmp_path, "sources:\n  activities:\n    files: x.csv\n")
    result = CliRunner().invoke(main, ["validate", str(good)])
    assert (result.exit_code, result.stdout) == (0, f"OK {good}: profil 'test' (activities)\n")
    bad = _profile(tmp_path, "sources:\n  activities:\n    files: x.csv\n    colums: {}\n", "bad.yaml")
    result = CliRunner().invoke(main, ["validate", str(bad)])
    assert result.exit_code == 1
    assert "bad.yaml:7 sources.activities.colums: ukendt nøgle (stavefejl?)" in result.stderr


# --- what the settings do ---------------------------------------------------------------------

DANISH_CSV = (
    "Id;Dato;Konto;CVR;Navn;Kommune;Type;Form;Vækst;Henvist;Emner\r\n"
    "A1;04.03.2024;C1;;Firma;751,0;Vækstvirksomhed;Individuel vejledning;Ja;Nej;Grøn omstilling, Eksport\r\n"
    "A2;05-03-2024;C2;;Firma;Århus;Drift;Deltager i arrangement;Nej;Ja;\r\n"
    "A3;2024-03-06;C3;;Firma;Skive;drift;individuel;;;\r\n"
    "A4;31-02-2024;C4;;Firma;Skive;drift;individuel;;;\r\n"
)
DANISH_PROFILE = """sources:
  activities:
    files: ["eksport*.csv"]
    columns:
      activity_id: Id
      date: Dato
      company_id: [Virksomhed, Konto]
      cvr: CVR
      company_name: Navn
      municipality: Kommune
      segment: Type
      activity_type: Form
      growth_programme: Vækst
      referred: Henvist
      topics: Emner
    values:
      segment: {Vækstvirksomhed: vækst}
      activity_type: {Individuel vejledning: individuel, Deltager i arrangement: kollektiv}
      topics: {Grøn omstilling: grøn}
    date_formats: [DD-MM-YYYY, DD.MM.YYYY]
    separator: ";"
    decimal: ","
    encoding: windows-1252
    list_separator: ","
"""


def test_a_danish_csv_export_through_a_profile(tmp_path: Path) -> None:
    (tmp_path / "eksport-2024.csv").write_bytes(DANISH_CSV.encode("cp1252"))
    (tmp_path / "hubmonitor.yaml").write_text("profile: min-profil.yaml\n", encoding="utf-8")
    _profile(tmp_path, DANISH_PROFILE, "min-profil.yaml")
    (tmp_path / "evaluations.csv").write_text(EVALUATION_HEADER + "\n", encoding="utf-8")  # none this time
    dataset = load_dataset(tmp_path)  # the profile named in the folder's hubmonitor.yaml
    assert dataset.profile == "test"
    rows = dataset.activities.frame.sort("_row").select(
        "_row", "date", "municipality", "segment", "activity_type", "growth_programme", "referred", "topics",
        "_quarantine").rows()
    from datetime import date
    assert rows == [
        (2, date(2024, 3, 4), "Aarhus", "vækst", "individuel", True, False, ["grøn", "eksport"], False),
        (3, date(2024, 3, 5), "Aarhus", "drift", "kollektiv", False, True, None, False),  # no topic
        (4, date(2024, 3, 6), "Skive", "drift", "individuel", False, False, None, False),  # ISO always accepted
        (5, None, "Skive", "drift", "individuel", False, False, None, True),  # 31 February
    ]
    assert [(f.code, f.row, f.value) for f in dataset.activities.findings] == [("bad-date", 5, "31-02-2024")]


def test_a_utf8_file_under_a_windows_1252_profile_is_refused_saying_why(tmp_path: Path) -> None:
    """Read as Windows-1252, a UTF-8 file's æ, ø and å become two letters each ('Ã¸'): every row with one
    quarantined as an unknown municipality or segment, and no word of why (a review). A file of ASCII only
    reads alike either way."""
    (tmp_path / "eksport-2024.csv").write_bytes(DANISH_CSV.encode("utf-8"))
    (tmp_path / "evaluations.csv").write_text(EVALUATION_HEADER + "\n", encoding="utf-8")
    _profile(tmp_path, DANISH_PROFILE, "min-profil.yaml")
    with pytest.raises(DataError) as caught:
        load_dataset(tmp_path, profile=str(tmp_path / "min-profil.yaml"))
    assert caught.value.code == "encoding-mismatch"
    assert str(caught.value).startswith(
        "eksport-2024.csv: filen er gemt som UTF-8, men profilen siger encoding: windows-1252, så æ, ø og å ville "
        "blive læst forkert (fx 'Ã¸' for 'ø'); fjern encoding: fra profilen")
    (tmp_path / "eksport-2024.csv").write_bytes(DANISH_CSV.encode("cp1252"))  # as the profile says: read
    assert load_dataset(tmp_path, profile=str(tmp_path / "min-profil.yaml")).activities.frame.height == 4


def test_profile_option_overrides_the_folder_setting(tmp_path: Path) -> None:
    (tmp_path / "hubmonitor.yaml").write_text("profile: escrm-excel\n", encoding="utf-8")
    (tmp_path / "crm_activities.csv").write_text(
        ACTIVITY_HEADER + "\n" + act("A1", "2024-01-02", "C1") + "\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"ingen fil til aktiviteter \(escrm\*\.xlsx, ESCRM\*\.xlsx\) eller "
                                        r"evalueringer \(.*\) efter profilen 'escrm-excel'; mappen indeholder "
                                        r"crm_activities\.csv, hubmonitor\.yaml\."):
        load_dataset(tmp_path)
    (tmp_path / "evaluations.csv").write_text(EVALUATION_HEADER + "\n", encoding="utf-8")  # none this time
    assert load_dataset(tmp_path, profile="canonical").activities.frame.height == 1


def test_folder_setting_with_other_keys_is_refused(tmp_path: Path) -> None:
    (tmp_path / "hubmonitor.yaml").write_text("profile: canonical\nprofil: x\n", encoding="utf-8")
    with pytest.raises(ContractError, match=r"hubmonitor\.yaml:2 profil: skal indeholde 'profile: <navn eller sti>'"):
        load_dataset(tmp_path)


def test_missing_column_names_every_candidate_the_profile_tried(tmp_path: Path) -> None:
    (tmp_path / "eksport.csv").write_bytes(DANISH_CSV.replace("Konto", "Kunde").encode("cp1252"))
    result = CliRunner().invoke(main, ["check-data", str(tmp_path), "--profile",
                                       str(_profile(tmp_path, DANISH_PROFILE, "min.yaml"))])
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "Fejl [missing-column]: eksport.csv: mangler kolonne(r) efter profilen 'test': "
        "company_id (prøvede 'Virksomhed', 'Konto'); fandt 'Id', 'Dato', 'Kunde', ")


def test_one_heading_given_for_two_fields_is_refused(tmp_path: Path) -> None:
    """``referred: Vækst`` copied from the line above read the growth-programme flags as referrals (a
    review: the referral rate 24,9 % instead of 83,2 %, an ordinary 'not met'). A heading gives one
    field; the run stops naming the file, the heading and both fields. A CRM that knows a company by its
    CVR number alone may give both the id and the CVR number from one heading."""
    (tmp_path / "eksport.csv").write_bytes(DANISH_CSV.encode("cp1252"))
    (tmp_path / "evaluations.csv").write_text(EVALUATION_HEADER + "\n", encoding="utf-8")
    twice = DANISH_PROFILE.replace("referred: Henvist", "referred: Vækst")
    result = CliRunner().invoke(main, ["check-data", str(tmp_path), "--profile", str(_profile(tmp_path, twice))])
    assert result.exit_code == 1
    assert result.stderr == ("Fejl [shared-column]: eksport.csv: kolonnen 'Vækst' er efter profilen 'test' både "
                             "growth_programme og referred; en kolonne giver ét felt: ret navnet under det ene af dem "
                             "i profilen\n")
    by_cvr = DANISH_PROFILE.replace("company_id: [Virksomhed, Konto]", "company_id: CVR")
    (tmp_path / "eksport.csv").write_bytes(DANISH_CSV.replace(";;Firma", ";12345674;Firma").encode("cp1252"))
    table = load_dataset(tmp_path, profile=str(_profile(tmp_path, by_cvr))).activities
    assert table.frame["company_id"].to_list() == table.frame["cvr"].to_list() == ["12345674"] * 4


def test_topics_listed_with_another_separator_still_split_on_semicolons(tmp_path: Path) -> None:
    (tmp_path / "prof.yaml").write_text(
        "document: profile\nname: commalist\ntitle: commalist\nsources:\n"
        "  evaluations: {files: [\"evaluations*.csv\"], list_separator: \",\"}\n", encoding="utf-8")
    write_csv(tmp_path, "evaluations.csv", EVALUATION_HEADER, [
        ev("R1", topics="grøn;eksport"), ev("R2", topics="Green"), ev("R3")])
    write_csv(tmp_path, "crm_activities.csv", ACTIVITY_HEADER, [])
    frame = load_dataset(tmp_path, profile=str(tmp_path / "prof.yaml")).evaluations.frame
    assert frame.get_column("topics").to_list() == [["grøn", "eksport"], ["grøn"], None]  # R3: no topic


@pytest.mark.parametrize(("formats", "first", "second", "example"), [
    ("[MM-DD-YYYY, DD-MM-YYYY]", "MM-DD-YYYY", "DD-MM-YYYY", "03-04-2024"),
    ("[DD-MM-YY, YY-MM-DD]", "DD-MM-YY", "YY-MM-DD", "24-04-03"),
    ("[YYYY-MM-DD, DD.MM.YYYY, YYYY-DD-MM]", "YYYY-MM-DD", "YYYY-DD-MM", "2024-03-04"),
])
def test_date_formats_that_read_one_date_two_ways_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                             formats: str, first: str, second: str,
                                                             example: str) -> None:
    """A review listed MM-DD-YYYY before DD-MM-YYYY: 03-04-2024 was read as 4 March in a day-first
    file, silently. Two formats of one shape (the same separators, the parts of the same widths in
    another order) cannot be told apart, so the profile is refused."""
    monkeypatch.chdir(tmp_path)
    index = formats.strip("[]").split(", ").index(second)
    body = f"sources:\n  activities:\n    files: x.csv\n    date_formats: {formats}\n"
    assert _problems(_profile(tmp_path, body)) == [
        f"p.yaml:7 sources.activities.date_formats[{index}]: datoformaterne {first!r} og {second!r} læser samme "
        f"dato på to måder (fx {example}); angiv kun det, eksporten bruger"]


def test_date_formats_that_cannot_be_confused_are_kept(tmp_path: Path) -> None:
    for formats in ("[DD-MM-YYYY, DD.MM.YYYY]", "[DD-MM-YYYY, YYYY-MM-DD]", "[DD-MM-YYYY, DD-MM-YYYY]",
                    "[DD-MM-YY, DD-MM-YYYY]", "[YYYYMMDD, DDMMYYYY]"):  # (their parts lie at other places)
        body = f"sources:\n  activities:\n    files: x.csv\n    date_formats: {formats}\n"
        profile = load_profile(_profile(tmp_path, body))
        assert profile.sources["activities"].date_formats == formats.strip("[]").split(", ")
