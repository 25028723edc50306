"""The pace view of the hub report during the year (issue 7, part 5): the course of a counting
target against the pro-rated and the seasonal expectation, with the forecast. Figures are checked
through ``to_dict()`` against the small history of tests/test_pace.py, computed by hand there."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from helpers import make_data, run, target, write_contract
from test_pace import HISTORY, THIS_YEAR

from hubmonitor.render.html.pace_figures import pace_figure, paced_targets
from hubmonitor.render.html.palette import STATUS_COLOUR, STATUS_INK
from hubmonitor.render.html.report_page import card, report_body
from hubmonitor.report import Report


@pytest.fixture(scope="module")
def in_year(tmp_path_factory: pytest.TempPathFactory) -> Report:
    tmp = tmp_path_factory.mktemp("pace")
    contract = write_contract(tmp, [target("T.reach", "distinct_companies", 10, pace="seasonal"),
                                    target("T.prorata", "distinct_companies", 10)])
    return run(contract, make_data(tmp / "data", activities=THIS_YEAR + HISTORY), as_of=date(2024, 6, 30))


MONTH_ENDS = ["2024-01-31", "2024-02-29", "2024-03-31", "2024-04-30", "2024-05-31", "2024-06-30", "2024-07-31",
              "2024-08-31", "2024-09-30", "2024-10-31", "2024-11-30", "2024-12-31"]


def test_pace_figure_of_a_seasonal_target(in_year: Report) -> None:
    fig = pace_figure(in_year.target("T.reach"), date(2024, 1, 1), "da").to_dict()
    prorated, seasonal, forecast, reached, data_date_key = fig["data"]
    # every line starts the year at 0 and runs through the month ends
    assert prorated["x"] == seasonal["x"] == ["2024-01-01", *MONTH_ENDS]
    days = [0, 31, 60, 91, 121, 152, 182, 213, 244, 274, 305, 335, 366]
    assert prorated["y"] == [round(10 * d / 366, 2) for d in days] and prorated["line"]["dash"] == "dot"
    assert prorated["y"][6] == 4.97  # 10 × 182 / 366 = 4.9727 on 30 June
    # the profile of 2022 and 2023 (test_pace.py): 10 × the mean share reached by each month end
    assert seasonal["y"] == [0.0, 0.0, 1.25, 2.5, 2.5, 3.75, 3.75, 3.75, 5.0, 6.25, 7.5, 8.75, 10.0]
    assert seasonal["name"] == "Forventet efter sæsonprofil (2022, 2023)" and seasonal["line"]["dash"] == "dash"
    # reached: 0 at the start, then 1, 2, 2, 3, 3, 4 companies by the month ends to the as-of date
    assert reached["x"] == ["2024-01-01", *MONTH_ENDS[:6]] and reached["y"] == [0.0, 1, 2, 2, 3, 3, 4]
    # the line in the status's dark ink (3:1 on white), the points in its colour, outlined in the ink
    assert reached["name"] == "Opnået (↗ på sporet)" and reached["line"]["color"] == STATUS_INK["on_track"]
    assert reached["marker"]["color"] == STATUS_COLOUR["on_track"]
    # forecast 4 / 0.375 = 10.67 at the year end, from 4 / 0.5 = 8 to 4 / 0.25 = 16
    assert forecast["x"] == ["2024-06-30", "2024-12-31"] and forecast["y"] == [4, 10.67]
    assert forecast["error_y"]["array"] == [0, 5.33] and forecast["error_y"]["arrayminus"] == [0, 2.67]
    assert forecast["name"] == "Prognose ultimo 11 (8–16)"
    # the target as a line, the data date as a vertical line in long dashes, named in the legend (a label beside
    # the line lay across the achieved line of a hub behind: a review)
    target_line, data_date = fig["layout"]["shapes"]
    assert (target_line["y0"], target_line["y1"]) == (10.0, 10.0)
    assert data_date["x0"] == "2024-06-30" and data_date["line"]["dash"] == "longdash"  # (not "dot": pro rata's)
    assert [a["text"] for a in fig["layout"]["annotations"]] == ["Mål 10"]
    assert data_date_key["name"] == "Data til og med 30. juni 2024" and data_date_key["line"] == data_date["line"]
    assert data_date_key["x"] == data_date_key["y"] == [None]  # in the legend only


def test_pace_figure_without_history_has_no_season_and_no_forecast(tmp_path: Path) -> None:
    contract = write_contract(tmp_path, [target("T.reach", "distinct_companies", 10)])
    report = run(contract, make_data(tmp_path / "data", activities=THIS_YEAR), as_of=date(2024, 6, 30))
    fig = pace_figure(report.target("T.reach"), date(2024, 1, 1), "en").to_dict()
    assert [t["name"] for t in fig["data"]] == ["Expected pro rata", "Reached (↘ behind)",  # 4 < 4.97
                                                "Data up to 30 June 2024"]
    assert fig["data"][1]["line"]["color"] == STATUS_INK["behind"]
    assert fig["data"][1]["marker"] == {"color": STATUS_COLOUR["behind"], "size": 7,
                                        "line": {"color": STATUS_INK["behind"], "width": 1.5}}


def test_report_shows_the_pace_view_during_the_year_only(in_year: Report, tmp_path: Path) -> None:
    assert [t.id for t in paced_targets(in_year)] == ["T.reach", "T.prorata"]
    body, charts = report_body(in_year, "da", municipal_href="kommuner.html")
    pace = body[body.index('<section id="pace">'):]
    pace = pace[:pace.index("</section>")]
    assert pace.count('class="chart"') == 2 and "Tempo i året" in pace and charts
    # the card says how each rule sees the target, one line each, and which decided (issue 17):
    # pro rata 10 × 182 / 366 = 4.97 > 4; the profile expects 10 × 0.375 = 3.75 and forecasts 4 / 0.375 = 10.67
    # (8-16, which holds the target 10: uncertain); `pace: seasonal` decides T.reach, pro rata T.prorata
    assert ('<p class="pace">forholdsmæssigt: bagud (4 &lt; 5,0)<br>sæsonprofil (2022, 2023): på sporet, usikker — '
            "forventet nu 3,8, prognose ultimo 11 (8–16) ≥ 10; målet ligger inden for prognosens spænd<br>"
            "samlet: på sporet efter målets regel (sæsonprofil)</p>") in card(in_year.target("T.reach"), "da")
    assert ('<p class="pace">pro rata: behind (4 &lt; 5.0)<br>seasonal profile (2022, 2023): on track, uncertain — '
            "expected now 3.8, year-end forecast 11 (8–16) ≥ 10; the target lies inside the forecast&#x27;s range<br>"
            "overall: behind by the target&#x27;s rule (pro rata)</p>") in card(in_year.target("T.prorata"), "en")
    # the whole year: no pace section, no pace line
    contract = write_contract(tmp_path, [target("T.reach", "distinct_companies", 10, pace="seasonal")])
    full = run(contract, make_data(tmp_path / "data", activities=THIS_YEAR + HISTORY))
    body, _ = report_body(full, "da", municipal_href="kommuner.html")
    assert 'id="pace"' not in body and 'class="pace"' not in body
