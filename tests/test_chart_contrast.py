"""WCAG 2.1 1.4.11 (non-text contrast) for the charts: every mark of a chart (a bar, a bullet's
bar, a marker, a map area, a line) stands out at least 3:1 from the plot's background, by its own
colour or by its outline. The colours are read from the built pages' figures (what the browser
draws), not from the palette's constants. And the status colours are defined once
(``palette``): the workbook takes them from there, and the stylesheet's copy must equal them."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
from dashboard_site import history_reports, sample_report
from helpers import contrast

from hubmonitor.render import workbook
from hubmonitor.render.html.assets import STYLE_CSS
from hubmonitor.render.html.palette import BAND_BG, BAND_COLOUR, BAND_INK, STATUS_BG, STATUS_COLOUR, STATUS_INK
from hubmonitor.render.html.site import build_site

MARK = 3.0  # WCAG 2.1 SC 1.4.11
FIGURE_JSON = re.compile(r'<script type="application/json" id="(fig-\d+)-data">(.*?)</script>')


def _hex(colour: str, background: str = "#FFFFFF") -> str:
    """'#abc' → '#AABBCC', '#aabbcc' → '#AABBCC'; 'rgba(r,g,b,a)' as drawn over ``background``."""
    rgba = re.fullmatch(r"rgba\((\d+),(\d+),(\d+),([0-9.]+)\)", colour.replace(" ", ""))
    if rgba:
        alpha = float(rgba.group(4))
        under = [int(background[i:i + 2], 16) for i in (1, 3, 5)]
        mixed = [round(alpha * int(rgba.group(k + 1)) + (1 - alpha) * under[k]) for k in range(3)]
        return "#" + "".join(f"{c:02X}" for c in mixed)
    assert re.fullmatch(r"#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})", colour), colour
    body = colour[1:] if len(colour) == 7 else "".join(c * 2 for c in colour[1:])
    return "#" + body.upper()


@pytest.fixture(scope="module")
def pages() -> dict[str, str]:
    """Every page with charts: the sample's hub report, municipal page and national page, and the
    hand-made history (a running year 2024 with pace charts, trends and the national history)."""
    found: dict[str, str] = {}
    for reports, generated in (([sample_report()], "2024-12-31"), (history_reports(), "2024-06-30")):
        for name, raw in build_site(reports, lang="da", generated=generated, workbooks=False).items():
            if name.endswith(".html") and "data-figure=" in raw.decode():
                found[f"{generated}/{name}"] = raw.decode()
    return found


def _each(value: Any, n: int) -> list[Any]:
    """A plotly property given once for every point, or per point, as a list of n."""
    return list(value) if isinstance(value, list) else [value] * n


def marks(fig: dict[str, Any]) -> Iterator[tuple[str, str, str | None]]:
    """(what, fill colour, outline colour or None) of every coloured mark of a figure."""
    for i, trace in enumerate(fig["data"]):
        kind = trace["type"]
        name = f"trace {i} ({kind} {trace.get('name', '')})"
        if kind == "indicator":
            bar = trace["gauge"]["bar"]
            line = bar.get("line", {})
            yield name, bar["color"], line.get("color") if line.get("width", 0) > 0 else None
        elif kind == "bar":
            marker = trace.get("marker", {})
            n = len(trace.get("x") or trace.get("y") or [])
            line = marker.get("line", {})
            outlines = _each(line.get("color"), n) if line.get("width", 0) > 0 else [None] * n
            for fill, edge in zip(_each(marker["color"], n), outlines, strict=True):
                yield name, fill, edge
        elif kind == "scatter":
            line = trace.get("line", {})
            if trace.get("fill") == "toself":  # a map area: its fill and its border
                yield name, trace["fillcolor"], line.get("color") if line.get("width", 1) > 0 else None
                continue
            mode = trace.get("mode", "lines")
            marker = trace.get("marker", {})
            if "lines" in mode and "color" in line:
                yield f"{name} line", line["color"], None  # a line has no outline: its own colour counts
            if "markers" in mode and "color" in marker:
                n = len(trace.get("x") or [])
                sizes = _each(marker.get("size", 6), n)
                edge = marker.get("line", {})
                outlines = _each(edge.get("color"), n) if edge.get("width", 0) > 0 else [None] * n
                for fill, outline, size in zip(_each(marker["color"], n), outlines, sizes, strict=True):
                    if size > 1:  # a 1-px marker is only a hover anchor
                        yield f"{name} marker", fill, outline


def test_every_chart_mark_stands_out_by_colour_or_outline(pages: dict[str, str]) -> None:
    checked: set[str] = set()
    for page_name, html in pages.items():
        for fid, raw in FIGURE_JSON.findall(html):
            fig = json.loads(raw)
            background = _hex(fig["layout"].get("plot_bgcolor", "#FFFFFF"))
            for what, fill, outline in marks(fig):
                own = contrast(_hex(fill, background), background)
                edge = contrast(_hex(outline), background) if outline else 0.0
                assert max(own, edge) >= MARK, (page_name, fid, what, fill, round(own, 2), outline, round(edge, 2))
                checked.add(_hex(fill, background))
    # the light status colours are among the marks checked: each passes by its outline
    for status in ("on_track", "behind", "insufficient_data"):
        assert contrast(STATUS_COLOUR[status], "#FFFFFF") < MARK
    assert {"#56B4E9", "#D55E00", "#0072B2", "#E69F00"} - checked == set(), sorted(checked)


@pytest.mark.parametrize("status", sorted(STATUS_COLOUR))
def test_every_status_in_a_bar_and_a_bullet(status: str) -> None:
    """Statuses the sample does not show (insufficient data, on track, behind): the sample's segment
    chart and bullets built with every group and target in ``status``."""
    from hubmonitor.render.html import figures
    report = sample_report()
    segment = figures.segment_targets(report)[0]
    segment = segment.model_copy(update={"groups": [g.model_copy(update={"status": status})
                                                    for g in segment.groups]})
    report = report.model_copy(update={"targets": [t.model_copy(update={"status": status})
                                                   for t in report.targets]})
    built = [figures.segment_figure(segment, "da")] + [fig for _, fig in figures.bullet_groups(report, "da")]
    seen = 0
    for fig in built:
        for what, fill, outline in marks(json.loads(fig.to_json())):
            assert _hex(fill) == _hex(STATUS_COLOUR[status]), what
            assert outline is not None and _hex(outline) == _hex(STATUS_INK[status]), what
            assert contrast(_hex(outline), "#FFFFFF") >= MARK
            seen += 1
    assert seen >= 4


def test_light_status_colours_fail_alone_and_their_inks_pass() -> None:
    """The ratios by hand: sky blue #56B4E9 has L = 0,2126·0,0931 + 0,7152·0,4564 + 0,0722·0,8148
    = 0,4050, so 1,05 / 0,4550 = 2,31:1 on white; orange #E69F00 2,25:1, grey #999999 2,85:1;
    their inks #0B4F73, #6B4A00, #3D3D3D (and every other ink) above 7:1."""
    assert round(contrast("#56B4E9", "#FFFFFF"), 2) == 2.31
    assert round(contrast("#E69F00", "#FFFFFF"), 2) == 2.25
    assert round(contrast("#999999", "#FFFFFF"), 2) == 2.85
    for status, ink in STATUS_INK.items():
        assert contrast(ink, "#FFFFFF") >= 7.0, status


def test_workbook_takes_the_palettes_colours() -> None:
    assert {status: (STATUS_BG[status], STATUS_INK[status]) for status in STATUS_BG} == workbook.STATUS_FILL
    assert {band: (BAND_BG[band], BAND_INK[band]) for band in BAND_BG} == workbook.BAND_FILL
    assert workbook.BAND_FILL["below"] == ("#FBE3D3", "#8A3B00")


def _css_variables() -> dict[str, str]:
    found = re.findall(r"--([\w-]+):\s*(#[0-9a-fA-F]{3,6})\b", STYLE_CSS)
    return {name: _hex(value) for name, value in found}


def test_stylesheet_status_colours_equal_the_palette() -> None:
    """style.css repeats the palette's colours as variables; they must not drift apart."""
    css = _css_variables()
    for status, colour in STATUS_COLOUR.items():
        assert css[status] == _hex(colour), status
        assert css[f"{status}-bg"] == _hex(STATUS_BG[status]), status
        assert css[f"{status}-ink"] == _hex(STATUS_INK[status]), status
    assert {band: css[band] for band in BAND_BG} == {band: _hex(c) for band, c in BAND_COLOUR.items()}


def test_pace_chart_marks_in_a_running_year() -> None:
    """The sample as of 30 June 2024: the reached line is drawn in its status's ink and its points
    in the status's colour outlined in that ink; every line and point stands out 3:1 alone."""
    from datetime import date

    from helpers import MIDTJYLLAND, SAMPLE

    import hubmonitor
    from hubmonitor.render.html import pace_figures

    report = hubmonitor.evaluate(MIDTJYLLAND, SAMPLE, as_of=date(2024, 6, 30))
    targets = pace_figures.paced_targets(report)
    assert targets
    inked = 0
    for t in targets:
        fig = json.loads(pace_figures.pace_figure(t, report.period.start, "da").to_json())
        for what, fill, outline in marks(fig):
            own = contrast(_hex(fill), "#FFFFFF")
            edge = contrast(_hex(outline), "#FFFFFF") if outline else 0.0
            assert max(own, edge) >= MARK, (t.id, what, fill, outline)
            if "Opnået" in what and what.endswith(" line"):
                assert _hex(fill) == _hex(STATUS_INK[t.status])
                inked += 1
    assert inked == len(targets)
