"""The evaluate table fits a width (issue 17, item 8): wrapped titles, the reference column folded
into the title, one block per target below that; --wide (width None) is the full layout."""

from __future__ import annotations

from datetime import date

import pytest
from click.testing import CliRunner

import hubmonitor
from hubmonitor.cli import main
from hubmonitor.render.terminal import _words_in, history, render
from hubmonitor.report import Report

CONTRACT = "contracts/midtjylland/2024.yaml"
DATA = "data/sample/midtjylland-2024"


@pytest.fixture(scope="module")
def full() -> Report:
    return hubmonitor.evaluate(CONTRACT, DATA)


@pytest.fixture(scope="module")
def mid() -> Report:
    return hubmonitor.evaluate(CONTRACT, DATA, as_of=date(2024, 6, 30))


def _only(report: Report, *ids: str) -> Report:
    return report.model_copy(update={"targets": [report.find(i) for i in ids]})


def _table(report: Report, width: int | None) -> list[str]:
    """The targets part of the output (between the heading and the counts)."""
    return render(report, "da", width).split("\n\n")[1].split("\n")


SURVEYS = ("M8.reach", "M3.satisfaction", "M4.referral_use")

# (M3.satisfaction's value is its lowest segment's: "(vækst)" says which, a review of 7 December 2026)
WIDE = [
    "Id               Mål    Titel                                                      Værdi  95 %-interval  "
    "Målsætning  Status",
    "---------------  -----  ------------------------------------------------  --------------  -------------  "
    "----------  ------------------------",
    "M8.reach         Mål 8  Virksomheder der har brugt erhvervshuset                   5.152                 "
    "≥ 5.000     ✔ opfyldt",
    "M3.satisfaction  Mål 3  Meget tilfredse med medarbejdernes kompetencer    78,6 % (vækst)  74,0–82,5 %    "
    "≥ 80,0 %    ✘ ikke opfyldt (usikker)",
    "M4.referral_use  Mål 4  Henviste virksomheder der har benyttet henvisni…          60,6 %  57,0–64,1 %    "
    "≥ 50,0 %    ✔ opfyldt",
]

AT_120 = [  # 15 + 5 + 27 + 14 + 13 + 10 + 24 + 6 gaps of 2 = 120
    "Id               Mål    Titel                        Værdi           95 %-interval  Målsætning  Status",
    "---------------  -----  ---------------------------  --------------  -------------  ----------  "
    "------------------------",
    "M8.reach         Mål 8  Virksomheder der har brugt            5.152                 ≥ 5.000     ✔ opfyldt",
    "                        erhvervshuset",
    "M3.satisfaction  Mål 3  Meget tilfredse med          78,6 % (vækst)  74,0–82,5 %    ≥ 80,0 %    "
    "✘ ikke opfyldt (usikker)",
    "                        medarbejdernes kompetencer",
    "M4.referral_use  Mål 4  Henviste virksomheder der            60,6 %  57,0–64,1 %    ≥ 50,0 %    ✔ opfyldt",
    "                        har benyttet henvisningen",
]

AT_80 = [  # the table would leave the title 2 columns even without "Mål": one block per target
    "M8.reach — Virksomheder der har brugt erhvervshuset (Mål 8)",
    "  5.152 ≥ 5.000 ✔ opfyldt",
    "M3.satisfaction — Meget tilfredse med medarbejdernes kompetencer (Mål 3)",
    "  78,6 % (vækst) (95 %-interval 74,0–82,5 %) ≥ 80,0 % ✘ ikke opfyldt (usikker)",
    "M4.referral_use — Henviste virksomheder der har benyttet henvisningen (Mål 4)",
    "  60,6 % (95 %-interval 57,0–64,1 %) ≥ 50,0 % ✔ opfyldt",
]

AT_60 = [
    "M8.reach — Virksomheder der har brugt erhvervshuset (Mål 8)",
    "  5.152 ≥ 5.000 ✔ opfyldt",
    "M3.satisfaction — Meget tilfredse med medarbejdernes",
    "    kompetencer (Mål 3)",
    "  78,6 % (vækst) (95 %-interval 74,0–82,5 %) ≥ 80,0 % ✘ ikke",
    "    opfyldt (usikker)",
    "M4.referral_use — Henviste virksomheder der har benyttet",
    "    henvisningen (Mål 4)",
    "  60,6 % (95 %-interval 57,0–64,1 %) ≥ 50,0 % ✔ opfyldt",
]


@pytest.mark.parametrize(("width", "expected"), [(None, WIDE), (120, AT_120), (80, AT_80), (60, AT_60)],
                         ids=["wide", "120", "80", "60"])
def test_the_table_at_a_width(full: Report, width: int | None, expected: list[str]) -> None:
    lines = _table(_only(full, *SURVEYS), width)
    assert lines == expected
    if width is not None:
        assert max(len(line) for line in lines) <= width


COUNTS = ("M8.reach", "M6.growth_revenue", "F1.dialogue_meetings", "M8.balance")


def test_the_reference_joins_the_title_when_its_column_does_not_fit(full: Report) -> None:
    assert _table(_only(full, *COUNTS), 100) == [
        "Id                    Titel                        Værdi              Målsætning           Status",
        "--------------------  ---------------------------  -----------------  -------------------  ---------",
        "M8.reach              Mål 8: Virksomheder der har              5.152  ≥ 5.000              ✔ opfyldt",
        "                      brugt erhvervshuset",
        "M6.growth_revenue     Mål 6: Mervækst i omsætning  11,2 procentpoint  ≥ 10,0 procentpoint  ✔ opfyldt",
        "                      (vækstsegmentet)",
        "F1.dialogue_meetings  Indsatsområde 1:                             3  ≥ 3                  ✔ opfyldt",
        "                      Dialogmøder med den lokale",
        "                      erhvervsservice",
        "M8.balance            Mål 8: Balance mellem                   50,5 %  40,0 % – 60,0 %      ✔ opfyldt",
        "                      individuelt vejledte og",
        "                      deltagere i kollektive",
        "                      tilbud",
    ]


def test_a_block_keeps_the_reference_whole_and_names_a_range_as_the_target(full: Report) -> None:
    assert _table(_only(full, *COUNTS), 60) == [
        "M8.reach — Virksomheder der har brugt erhvervshuset (Mål 8)",
        "  5.152 ≥ 5.000 ✔ opfyldt",
        "M6.growth_revenue — Mervækst i omsætning (vækstsegmentet)",
        "    (Mål 6)",
        "  11,2 procentpoint ≥ 10,0 procentpoint ✔ opfyldt",
        "F1.dialogue_meetings — Dialogmøder med den lokale",
        "    erhvervsservice (Indsatsområde 1)",
        "  3 ≥ 3 ✔ opfyldt",
        "M8.balance — Balance mellem individuelt vejledte og",
        "    deltagere i kollektive tilbud (Mål 8)",
        "  50,5 % (mål 40,0 % – 60,0 %) ✔ opfyldt",
    ]


def test_words_are_never_cut_but_a_word_longer_than_the_line() -> None:
    assert _words_in("Kommunernes finansiering af basisbevillingen", 14) == [
        "Kommunernes", "finansiering", "af", "basisbevillin…"]
    assert _words_in("", 10) == [""]


def test_the_pace_lines_one_part_a_line_wrapped(mid: Report) -> None:
    out = render(mid, "da", 60)
    pace = out[out.index("Tempo pr."):out.index("\n\nIntegritetssignaler")]  # the signals follow the pace
    assert pace.split("\n") == [
        "Tempo pr. 2024-06-30 (182 af 366 dage = 49,7 % af året):",
        "  ↗ M4.municipal_presentations:",
        "      forholdsmæssigt: på sporet (12 ≥ 9,4)",
        "  ↗ M8.reach:",
        "      forholdsmæssigt: på sporet (2.914 ≥ 2.486,3)",
        "      sæsonprofil (2023): på sporet — forventet nu 2.911,2,",
        "        prognose ultimo 5.005 ≥ 5.000",
        "  ↘ M8.growth_programmes:",
        "      forholdsmæssigt: bagud (215 < 298,4)",
        "  ↗ F1.dialogue_meetings:",
        "      forholdsmæssigt: på sporet (2 ≥ 1,5)",
    ]
    assert ("  ↗ M8.reach: forholdsmæssigt: på sporet (2.914 ≥ 2.486,3) · sæsonprofil (2023): på sporet — "
            "forventet nu 2.911,2, prognose ultimo 5.005 ≥ 5.000\n") in render(mid, "da")  # wide: one line


def test_history_becomes_one_block_per_target_when_too_wide(mid: Report) -> None:
    small = _only(mid, "M8.reach", "M8.balance")
    assert history([small, small, small], "da", 60).split("\n\n")[:2] == [
        "\n".join(["Erhvervshus Midtjylland: 2024–2024",  # too wide for one line: one part a line
                   *["2024: data til og med 2024-06-30 (året er ikke slut)"] * 3]),
        # a band met so far during the year is provisional, as the year's own table says (a review)
        "M8.reach\n  2024: 2.914 ≥ 5.000 ↗\n  2024: 2.914 ≥ 5.000 ↗\n  2024: 2.914 ≥ 5.000 ↗\n"
        "M8.balance\n  2024: 55,7 % 40,0 % – 60,0 % ✔ (foreløbig)\n  2024: 55,7 % 40,0 % – 60,0 % ✔ (foreløbig)\n"
        "  2024: 55,7 % 40,0 % – 60,0 % ✔ (foreløbig)",
    ]
    one = history([small], "da", 60).split("\n\n")  # the table fits 60; the heading does not
    assert one[:2] == [
        "Erhvervshus Midtjylland: 2024\n2024: data til og med 2024-06-30 (året er ikke slut)",  # 84 > 60
        "Id          2024\n----------  " + "-" * 36 + "\nM8.reach    2.914 ≥ 5.000 ↗\n"
        "M8.balance  55,7 % 40,0 % – 60,0 % ✔ (foreløbig)"]
    assert history([small], "da").split("\n\n")[:2] == [
        "Erhvervshus Midtjylland: 2024 · 2024: data til og med 2024-06-30 (året er ikke slut)", one[1]]


def test_piped_output_is_100_wide_and_wide_is_the_full_table(full: Report, mid: Report) -> None:
    runner = CliRunner()
    for report, extra in ((full, []), (mid, ["--as-of", "2024-06-30"])):
        piped = runner.invoke(main, ["evaluate", CONTRACT, "--data", DATA, *extra])
        assert piped.exit_code == 0, piped.stderr
        assert piped.stdout == render(report, "da", 100)
        table = piped.stdout[:piped.stdout.index("\nDatakvalitet")].split("\n")[2:]  # the heading: one line
        assert max(len(line) for line in table) <= 100
        wide = runner.invoke(main, ["evaluate", CONTRACT, "--data", DATA, *extra, "--wide"])
        assert wide.stdout == render(report, "da")


# --- the lines around the table (heading, data quality, unread files) fit too -----------------------

def test_heading_and_quality_lines_fit_the_width(full: Report) -> None:
    """At 60 columns every line fits; the heading's parts go one a line, a finding's example wraps
    under itself (the sample's bad date at crm_activities_2024.csv row 102, hand-read from the file)."""
    lines = render(full, "da", 60).split("\n")
    assert max(len(line) for line in lines) <= 60
    assert lines[:5] == ["Resultatkontrakt 2024 mellem KKR Midtjylland og Erhvervshus",
                         "  Midtjylland", "Erhvervshus Midtjylland", "periode 2024-01-01 – 2024-12-31",
                         "data til og med 2024-12-31"]
    start = lines.index("    crm_activities_2024.csv:102 date: ugyldig dato")
    assert lines[start:start + 3] == ["    crm_activities_2024.csv:102 date: ugyldig dato",
                                      "      '2024-13-45' (ikke i datoformatet; kanonisk",
                                      "      ÅÅÅÅ-MM-DD)"]
    # without a width (--wide) the heading is one line and the example one line
    wide = render(full, "da", None).split("\n")
    assert wide[1] == "Erhvervshus Midtjylland · periode 2024-01-01 – 2024-12-31 · data til og med 2024-12-31"
    assert ("    crm_activities_2024.csv:102 date: ugyldig dato '2024-13-45' (ikke i datoformatet; kanonisk "
            "ÅÅÅÅ-MM-DD)") in wide


def test_check_data_fits_100_columns_when_piped() -> None:
    """check-data piped: 100 columns (the longest line of the sample's report is 140 with --wide,
    the masked CVR example); --wide prints it whole."""
    runner = CliRunner()
    piped = runner.invoke(main, ["check-data", DATA])
    wide = runner.invoke(main, ["check-data", DATA, "--wide"])
    assert piped.exit_code == 0 and wide.exit_code == 0
    assert max(len(line) for line in piped.output.splitlines()) <= 100
    assert max(len(line) for line in wide.output.splitlines()) == 140
    # the same words, only the line breaks differ
    assert piped.output.split() == wide.output.split()


def test_history_lines_fit(full: Report) -> None:
    """The quarantine line under the history wraps at 40 (the sample: 4 rows quarantined)."""
    lines = history([full], "da", 40).split("\n")
    assert lines[0] == "Erhvervshus Midtjylland: 2024"
    at = lines.index("Rækker i karantæne: 4 (hubmonitor")
    assert lines[at + 1] == "  check-data viser dem)"
    assert "Rækker i karantæne: 4 (hubmonitor check-data viser dem)" in history([full], "da", None)
