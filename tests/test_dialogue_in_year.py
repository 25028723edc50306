"""While the year runs, a municipality is invited to dialogue when it is at least one company below its
band; one less than a company short, it is said to be below and not invited (docs/decisions.md, "The
session of 7 December 2026, late afternoon"). On 10 January the worked example invited seven of 19
municipalities on ten days' companies, with nothing but "foreløbig" beside it. At the year end the
contract's rule stands as written: every municipality below the band is invited.

Hand-checked on the worked example as of 10 January 2024: 121 companies guided in the hub's
municipalities, 1.383.261 inhabitants; a municipality's lower edge is 121 × population / 1.383.261 × 0,9:
- Lemvig 18.596: 1,4640, 1 company (0,46 short): below, not invited
- Odder 24.310: 1,9139, 1 (0,91 short): not invited
- Samsø 3.617: 0,2848, 0 (0,28 short): not invited
- Hedensted 48.578: 3,8244, 3 (0,82 short): not invited
- Ikast-Brande 43.305: 3,4093, 1 (2,41 short): invited
- Viborg 97.874: 7,7053, 5 (2,71 short): invited
- Silkeborg 102.753: 8,0894, 5 (3,09 short): invited
"""

from __future__ import annotations

import io
import re
from datetime import date

import openpyxl
import pytest
from helpers import MIDTJYLLAND, SAMPLE

import hubmonitor
from hubmonitor.render import terminal
from hubmonitor.render.format import held_back, held_back_note
from hubmonitor.render.html.site import build_site
from hubmonitor.render.workbook import workbook_bytes
from hubmonitor.report import Report

BELOW = ["Hedensted", "Ikast-Brande", "Lemvig", "Odder", "Samsø", "Silkeborg", "Viborg"]
INVITED = ["Ikast-Brande", "Silkeborg", "Viborg"]
WAITING = ["Hedensted", "Lemvig", "Odder", "Samsø"]


@pytest.fixture(scope="module")
def january() -> Report:
    return hubmonitor.evaluate(MIDTJYLLAND, SAMPLE, as_of=date(2024, 1, 10))


def _edges(report: Report) -> dict[str, tuple[int, float, bool]]:
    spread = report.target("M8.spread")
    return {g.key: (int(g.value or 0), round(g.low or 0, 4), g.dialogue) for g in spread.groups if g.status == "below"}


def test_in_the_running_year_one_company_short_is_the_least_that_invites(january: Report) -> None:
    spread = january.target("M8.spread")
    assert spread.details["companies_in_hub"] == 121 and spread.details["hub_population"] == 1_383_261
    assert _edges(january) == {
        "Lemvig": (1, 1.4640, False), "Odder": (1, 1.9139, False), "Samsø": (0, 0.2848, False),
        "Hedensted": (3, 3.8244, False), "Ikast-Brande": (1, 3.4093, True), "Viborg": (5, 7.7053, True),
        "Silkeborg": (5, 8.0894, True)}
    assert sorted(spread.details["dialogue"]) == INVITED  # type: ignore[arg-type]
    assert spread.value == 7 and spread.status == "not_met"  # the count within the band is not touched
    assert "Mens året løber, inviteres en kommune til dialog, når den ligger mindst én virksomhed under båndet." in (
        spread.explanation)


def test_at_the_year_end_every_municipality_below_the_band_is_invited() -> None:
    report = hubmonitor.evaluate(MIDTJYLLAND, SAMPLE)
    spread = report.target("M8.spread")
    below = sorted(g.key for g in spread.groups if g.status == "below")
    assert below == sorted(spread.details["dialogue"]) == ["Holstebro", "Lemvig", "Odder", "Samsø"]  # type: ignore[arg-type]
    # Odder is 0,30 short of its edge (44 against 2.801 × 24.310 / 1.383.261 × 0,9 = 44,30): invited all the
    # same, as the contract says
    odder = next(g for g in spread.groups if g.key == "Odder")
    assert (odder.value, round(odder.low or 0, 2), odder.dialogue) == (44, 44.30, True)
    assert "Mens året løber" not in spread.explanation


def test_the_terminal_names_who_is_invited_and_who_is_not_yet(january: Report) -> None:
    for lang, invited, waiting in (
            ("da", "Kommuner, der ligger mindst én virksomhed under båndet (inviteres til dialog): Ikast-Brande, "
                   "Silkeborg, Viborg",
             "Under båndet med mindre end én virksomhed: Hedensted, Lemvig, Odder, Samsø. De inviteres ikke, mens "
             "året løber: én virksomhed mere bringer dem op i båndet eller over det."),
            ("en", "Municipalities that are at least one company below the band (invite to dialogue): Ikast-Brande, "
                   "Silkeborg, Viborg",
             "Below the band by less than one company: Hedensted, Lemvig, Odder, Samsø. They are not invited while "
             "the year runs: one more company lifts them into the band or above it.")):
        lines = terminal.render(january, lang).splitlines()
        assert invited in lines and waiting in lines, lang


def test_the_pages_list_the_invited_and_say_the_others(january: Report) -> None:
    pages = build_site([january], lang="da", generated="2025-01-01", workbooks=False)
    municipal = next(c.decode("utf-8") for name, c in pages.items() if name.endswith("/kommuner.html"))
    section = municipal.split('<section id="dialogue">')[1].split("</section>")[0]
    assert '<p class="note">Kommuner, der ligger mindst én virksomhed under båndet.</p>' in section
    listed = re.findall(r'<th class="label" scope="row">([^<]+)</th>', section)
    assert listed == INVITED
    assert ('<p class="note held-back">Under båndet med mindre end én virksomhed: Hedensted, Lemvig, Odder, Samsø. '
            "De inviteres ikke, mens året løber") in section
    report = next(c.decode("utf-8") for name, c in pages.items() if name.endswith("/rapport.html"))
    assert "Kommuner der inviteres til dialog: <strong>Ikast-Brande, Silkeborg, Viborg</strong>" in report
    assert "Under båndet med mindre end én virksomhed: Hedensted, Lemvig, Odder, Samsø." in report


def test_none_invited_yet_is_not_said_as_none_below(january: Report) -> None:
    spread = january.target("M8.spread")
    groups = [g.model_copy(update={"dialogue": False}) for g in spread.groups]
    quiet = january.model_copy(update={"targets": [t.model_copy(update={"groups": groups}) if t.id == "M8.spread"
                                                   else t for t in january.targets]})
    pages = build_site([quiet], lang="en", generated="2025-01-01", workbooks=False)
    municipal = next(c.decode("utf-8") for name, c in pages.items() if name.endswith("/kommuner.html"))
    section = municipal.split('<section id="dialogue">')[1].split("</section>")[0]
    assert "No municipality is at least one company below the band." in section
    assert "No municipality is below the band." not in section
    report = next(c.decode("utf-8") for name, c in pages.items() if name.endswith("/rapport.html"))
    assert "Municipalities to invite to dialogue: <strong>No municipality is at least one company below the band." \
           "</strong>" in report


def _with_groups(report: Report, tid: str, change: dict[str, dict[str, object]]) -> Report:
    """``report`` with the groups of target ``tid`` changed by key."""
    targets = []
    for t in report.targets:
        if t.id == tid:
            t = t.model_copy(update={"groups": [g.model_copy(update=change.get(g.key, {})) for g in t.groups]})
        targets.append(t)
    return report.model_copy(update={"targets": targets})


def test_one_municipality_held_back_is_said_in_the_singular(january: Report) -> None:
    """A review: "Dragør. De inviteres ikke … bringer dem op" for one municipality."""
    one = _with_groups(january, "M8.spread", {k: {"status": "within"} for k in ("Hedensted", "Lemvig", "Odder")})
    assert held_back_note(one.targets, "da") == ("Under båndet med mindre end én virksomhed: Samsø. Den inviteres "
                                                 "ikke, mens året løber: én virksomhed mere bringer den op i båndet "
                                                 "eller over det.")
    assert held_back_note(one.targets, "en") == ("Below the band by less than one company: Samsø. It is not invited "
                                                 "while the year runs: one more company lifts it into the band or "
                                                 "above it.")


def test_the_reports_municipal_section_says_the_rule_of_the_running_year(january: Report) -> None:
    """A review: the report's "Kommunerne" said "kommuner under båndet inviteres til dialog" and then named
    four below the band that are not invited."""
    pages = build_site([january], lang="da", generated="2025-01-01", workbooks=False)
    report = next(c.decode("utf-8") for name, c in pages.items() if name.endswith("/rapport.html"))
    assert ("Målet tæller kommunerne inden for båndet; mens året løber, inviteres de kommuner, der ligger mindst én "
            "virksomhed under båndet, til dialog.") in report
    assert "kommuner under båndet inviteres til dialog" not in report
    year_end = build_site([hubmonitor.evaluate(MIDTJYLLAND, SAMPLE)], lang="da", generated="2025-01-01",
                          workbooks=False)
    page = next(c.decode("utf-8") for name, c in year_end.items() if name.endswith("/rapport.html"))
    assert "Målet tæller kommunerne inden for båndet; kommuner under båndet inviteres til dialog." in page


def test_the_workbooks_municipal_sheet_says_why_one_below_is_not_invited(january: Report) -> None:
    """A review: the sheet Kommuner showed Lemvig "under" and Dialog "nej" with no word of why."""
    sheet = openpyxl.load_workbook(io.BytesIO(workbook_bytes(january, "da")))["Kommuner"]
    cells = [c.value for row in sheet.iter_rows(min_col=1, max_col=1) for c in row if c.value]
    assert cells[-1] == ("Under båndet med mindre end én virksomhed: Hedensted, Lemvig, Odder, Samsø. De inviteres "
                         "ikke, mens året løber: én virksomhed mere bringer dem op i båndet eller over det.")
    rows = {r[1]: r for r in sheet.iter_rows(values_only=True) if r[0] == "M8.spread"}
    assert [rows[k][6:8] for k in ("Lemvig", "Viborg")] == [("under", "nej"), ("under", "ja")]


def test_a_municipality_another_spread_invites_is_not_said_held_back(january: Report) -> None:
    """A review: a contract with two spread targets named Lemvig among those invited and, two lines later,
    among those not invited."""
    spread = january.target("M8.spread")
    other = spread.model_copy(update={"id": "M8.spread_all", "groups": [
        g.model_copy(update={"dialogue": g.key == "Lemvig", "status": "below" if g.key == "Lemvig" else "within"})
        for g in spread.groups]})
    assert held_back([spread, other]) == ["Hedensted", "Odder", "Samsø"]
    assert held_back([spread]) == WAITING


def test_two_spread_targets_are_said_alike_on_the_pages(january: Report) -> None:
    """A review: with a second spread target the report's summary invited eight municipalities and the
    Kommuner page's table five, and the two pages named different municipalities held back. The Kommuner page
    now names those another spread invites under its table, and every page the held back of every spread."""
    spread = january.target("M8.spread")
    other = spread.model_copy(update={"id": "M8.spread_all", "groups": [
        g.model_copy(update={"dialogue": g.key in ("Lemvig", "Aarhus"),
                             "status": "below" if g.key in ("Lemvig", "Aarhus", "Norddjurs") else "within"})
        for g in spread.groups]})
    two = january.model_copy(update={"targets": [*january.targets, other]})
    pages = build_site([two], lang="da", generated="2025-01-01", workbooks=False)
    municipal = next(c.decode("utf-8") for name, c in pages.items() if name.endswith("/kommuner.html"))
    section = municipal.split('<section id="dialogue">')[1].split("</section>")[0]
    assert re.findall(r'<th class="label" scope="row">([^<]+)</th>', section) == INVITED
    assert ('<p class="note dialogue-also">Inviteres også til dialog efter kontraktens andre mål for spredning: '
            "Aarhus, Lemvig.</p>") in section
    held = "Under båndet med mindre end én virksomhed: Hedensted, Norddjurs, Odder, Samsø."
    report = next(c.decode("utf-8") for name, c in pages.items() if name.endswith("/rapport.html"))
    assert held in section and held in report
    assert "Kommuner der inviteres til dialog: <strong>Aarhus, Ikast-Brande, Lemvig, Silkeborg, Viborg</strong>" \
           in report
