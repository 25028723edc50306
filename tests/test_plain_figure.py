"""The dashboards' figures as plain dicts (hubmonitor/render/html/plain.py): the order plotly.py
wrote them in (so the pages keep their bytes), and every figure on the pages a valid plotly figure
that plotly.py's own validation leaves unchanged."""

from __future__ import annotations

import json
import re
from datetime import date
from typing import Any

import plotly.graph_objects as go
import pytest
from dashboard_site import history_reports, html_pages
from helpers import MIDTJYLLAND, SAMPLE
from hypothesis import given, settings
from hypothesis import strategies as st
from plotly.subplots import make_subplots

import hubmonitor
from hubmonitor.render.html import history_figures
from hubmonitor.render.html.document import figure_json
from hubmonitor.render.html.palette import NO_TEMPLATE
from hubmonitor.render.html.plain import PlainFigure, _grid, props, trace
from hubmonitor.render.html.site import build_site

FIGURE_JSON = re.compile(r'<script type="application/json" id="fig-\d+-data">(.*?)</script>')


def test_an_object_made_in_one_go_has_its_keys_sorted_and_no_none() -> None:
    made = props(yaxis={"zeroline": False, "range": None, "gridcolor": "#E3E3E3"}, height=320,
                 shapes=[{"y0": 1, "type": "line", "line": {"width": 2, "color": "#111111"}}], domain=(0.1, 0.9))
    assert json.dumps(made) == (
        '{"domain": [0.1, 0.9], "height": 320, "shapes": [{"line": {"color": "#111111", "width": 2}, '
        '"type": "line", "y0": 1}], "yaxis": {"gridcolor": "#E3E3E3", "zeroline": false}}')


def test_a_trace_has_its_type_last_and_keeps_nulls_in_its_arrays() -> None:
    assert list(trace("bar", y=["a", "b"], x=[1.5, None], name="n").items()) == [
        ("name", "n"), ("x", [1.5, None]), ("y", ["a", "b"]), ("type", "bar")]


def test_an_update_keeps_keys_in_place_and_appends_objects_before_values() -> None:
    fig = PlainFigure.of({"showlegend": False, "yaxis": {"range": [0, 1]}, "height": 100})
    fig.update_layout(barmode="overlay", height=200, yaxis={"categoryorder": "array", "categoryarray": ["b", "a"]},
                      legend={"y": 1.0, "font": {"size": 12}, "x": 0}, margin=None)
    assert json.dumps(fig.layout) == (
        '{"height": 200, "showlegend": false, "yaxis": {"range": [0, 1], "categoryorder": "array", '
        '"categoryarray": ["b", "a"]}, "legend": {"font": {"size": 12}, "y": 1.0, "x": 0}, "barmode": "overlay"}')


def test_lines_across_and_up_the_plot_with_their_labels() -> None:
    fig = PlainFigure.of({"height": 100})
    fig.add_hline(80.0, line={"color": "#111111", "width": 2}, annotation={"text": "Mål", "x": 1, "xanchor": "left"})
    fig.add_vline("2024-06-30", line={"color": "#595959"}, annotation={"text": "Data", "y": 0})
    assert fig.layout["shapes"] == [
        {"line": {"color": "#111111", "width": 2}, "type": "line", "x0": 0, "x1": 1, "xref": "x domain",
         "y0": 80.0, "y1": 80.0, "yref": "y"},
        {"line": {"color": "#595959"}, "type": "line", "x0": "2024-06-30", "x1": "2024-06-30", "xref": "x",
         "y0": 0, "y1": 1, "yref": "y domain"}]
    assert [list(a.items()) for a in fig.layout["annotations"]] == [
        [("showarrow", False), ("text", "Mål"), ("x", 1), ("xanchor", "left"), ("xref", "x domain"), ("y", 80.0),
         ("yref", "y")],
        [("showarrow", False), ("text", "Data"), ("x", "2024-06-30"), ("xref", "x"), ("y", 0), ("yref", "y domain")]]


def test_a_grid_is_make_subplots_own() -> None:
    """Three columns 0.04 apart: each (1 - 2 × 0.04) / 3 wide; a title over the middle of each panel
    that has one; traces on their panel's axes."""
    fig = PlainFigure.grid(2, 3, ["a", "", "c", "d"], shared_yaxes=True, vertical_spacing=0.1, horizontal_spacing=0.04)
    assert fig.layout["xaxis2"] == {"anchor": "y2", "domain": [0.3466666666666667, 0.6533333333333333]}
    assert fig.layout["yaxis5"] == {"anchor": "x5", "domain": [0.0, 0.45], "matches": "y4", "showticklabels": False}
    assert [(a["text"], a["x"], a["y"]) for a in fig.layout["annotations"]] == [
        ("a", 0.15333333333333335, 1.0), ("c", 0.8466666666666667, 1.0), ("d", 0.15333333333333335, 0.45)]
    plotly = make_subplots(rows=2, cols=3, subplot_titles=["a", "", "c", "d"], shared_yaxes=True,
                           vertical_spacing=0.1, horizontal_spacing=0.04)
    plotly.update_layout(template="none")
    assert json.dumps(fig.layout) == json.dumps(plotly.to_dict()["layout"])
    fig.add_trace(trace("bar", x=[1]), panel=5)
    assert fig.data == [{"x": [1], "type": "bar", "xaxis": "x5", "yaxis": "y5"}]
    assert fig.layout["template"] == NO_TEMPLATE and fig.layout["template"] is not NO_TEMPLATE


@settings(max_examples=150, deadline=None)
@given(rows=st.integers(1, 12), cols=st.integers(1, 6), shared=st.booleans(), data=st.data())
def test_the_grid_arithmetic_is_make_subplots_own(rows: int, cols: int, shared: bool, data: st.DataObject) -> None:
    """Every float and key of the axes, in plotly.py's order, for any grid and spacing it accepts
    (the callers' spacings among them), and the spacings it refuses refused: make_subplots is only
    asked here, not when pages are built."""
    hubs = data.draw(st.integers(1, 8))
    callers = [min(0.25, 70 / ((70 + 22 * hubs) * rows)),  # figures.national_figure, a panel per target
               min(0.2, 90 / (history_figures._PANEL * rows))]  # history_figures.national_history_figure
    vertical = data.draw(st.sampled_from([0.1, 0.2, 0.25, *callers]) | st.floats(0, 1 / (rows - 1) if rows > 1 else 1))
    horizontal = data.draw(st.sampled_from([0.04, 0.07]) | st.floats(0, 1 / (cols - 1) if cols > 1 else 1))
    try:
        plotly = make_subplots(rows=rows, cols=cols, shared_yaxes=shared, vertical_spacing=vertical,
                               horizontal_spacing=horizontal).to_dict()["layout"]
    except ValueError:  # a spacing too wide for the grid (0.25 between six rows): refused by both
        with pytest.raises(ValueError, match="no grid of"):
            _grid.__wrapped__(rows, cols, shared, vertical, horizontal)
        return
    del plotly["template"]
    assert json.dumps(_grid.__wrapped__(rows, cols, shared, vertical, horizontal)) == json.dumps(plotly)


def test_a_grid_plotly_would_refuse_is_refused() -> None:
    with pytest.raises(ValueError, match="no grid of 3 x 2"):
        _grid.__wrapped__(3, 2, False, 0.6, 0.04)


def test_a_plain_figure_is_embedded_as_plotly_wrote_it() -> None:
    """The same bytes as plotly.py's figure of the same properties (made in one go)."""
    plain = PlainFigure.of({"template": NO_TEMPLATE, "height": 200, "title": {"text": "<b>x</b> & y"}})
    plain.add_trace(trace("scatter", x=[1, 2], y=[3.5, None], mode="lines", line={"width": 2, "color": "#111111"}))
    plotly = go.Figure(layout={"template": "none", "height": 200, "title": {"text": "<b>x</b> & y"}})
    plotly.add_trace(go.Scatter(x=[1, 2], y=[3.5, None], mode="lines", line={"width": 2, "color": "#111111"}))
    assert figure_json(plain) == figure_json(plotly)
    assert json.loads(plain.to_json()) == plain.to_dict()


@pytest.fixture(scope="module")
def figures() -> list[dict[str, Any]]:
    """Every figure of the sample's pages (as of 30 June 2024: with pace charts) and of the history
    pages (three hubs over three years) in both languages: bullets, segments, the pace chart, the
    map, the spread and the allocation, the national comparison, the trends and the national history."""
    found = []
    for reports in ([hubmonitor.evaluate(MIDTJYLLAND, SAMPLE, as_of=date(2024, 6, 30))], history_reports()):
        for lang in ("da", "en"):
            for page in html_pages(build_site(reports, lang=lang, generated="x", workbooks=False)).values():
                found += [json.loads(raw) for raw in FIGURE_JSON.findall(page)]
    return found


def test_the_pages_hold_every_kind_of_figure(figures: list[dict[str, Any]]) -> None:
    kinds = {t["type"] for f in figures for t in f["data"]}
    assert kinds == {"indicator", "bar", "scatter"}
    layouts = [f["layout"] for f in figures]
    assert any(la.get("xaxis", {}).get("type") == "date" for la in layouts)  # the pace chart
    assert any("xaxis12" in la for la in layouts)  # a grid of panels
    assert any(t.get("fill") == "toself" and t.get("hoveron") == "fills" for f in figures for t in f["data"])  # map


def test_plotly_validation_changes_no_figure(figures: list[dict[str, Any]]) -> None:
    """plotly.py's validation accepts every property of every figure and coerces none of them
    (a misspelt property or a value of the wrong kind would raise or come back changed)."""
    for fig in figures:
        assert go.Figure(fig).to_dict() == fig
