"""Figures for the municipal page: the map against the ±10 % band, actual against expected, and
the allocation of the basic grant. Pure functions of the results (and the boundary shapes)."""

from __future__ import annotations

import plotly.graph_objects as go

from hubmonitor.render.format import number, percent, status_text
from hubmonitor.render.html.geo import HubMap, aspect
from hubmonitor.render.html.palette import (
    BAND_COLOUR,
    BAND_ICON,
    BAND_ORDER,
    BAND_SYMBOL,
    GRID,
    MUTED,
    PATTERN,
    esc,
    layout,
    pattern,
)
from hubmonitor.render.html.texts import text
from hubmonitor.report import GroupResult, Report, TargetResult


def spread_target(report: Report) -> TargetResult | None:
    return next((t for t in report.targets if t.kind == "municipal_spread"), None)


def allocation_target(report: Report) -> TargetResult | None:
    return next((t for t in report.targets if t.kind == "allocation"), None)


def band_text(g: GroupResult, lang: str) -> str:
    return f"{BAND_ICON.get(g.status, '')} {status_text(g.status, lang)}"


def _count(x: float | int | None, lang: str) -> str:
    return "–" if x is None else number(x, 0, lang)


def _one(x: float | int | None, lang: str) -> str:
    return "–" if x is None else number(x, 1, lang)


def spread_hover(g: GroupResult, lang: str) -> str:
    """The figures of one municipality, for the map's and the bars' hover labels."""
    return (f"<b>{esc(g.key)}</b><br>{text('actual', lang)}: {_count(g.value, lang)} {text('companies', lang)}"
            f"<br>{text('expected', lang)}: {_one(g.expected, lang)} "
            f"({text('band', lang)} {_one(g.low, lang)}–{_one(g.high, lang)})"
            f"<br>{band_text(g, lang)}")


def map_numbers(spread: TargetResult) -> dict[str, int]:
    """Each municipality's number on the map and in its key: 1, 2, … in the order of the names
    (the order of the dialogue and allocation tables)."""
    return {key: i for i, key in enumerate(sorted({g.key for g in spread.groups}), start=1)}


def map_figure(spread: TargetResult, hub_map: HubMap, lang: str) -> go.Figure:
    """The hub's municipalities filled by their position against the band (colour, a hatch for
    'below', and a marker shape ▼ ● ▲ at each) with each municipality's number beside its marker
    (the key beside the map names them), hover text with the figures; no tiles, no geo subplot:
    polygons on plain axes (see ``geo``)."""
    groups = {g.key: g for g in spread.groups}
    numbers = map_numbers(spread)
    shapes = hub_map.shapes
    fig = go.Figure(layout=layout(
        lang, 560, margin={"l": 0, "r": 0, "t": 0, "b": 0}, showlegend=True, dragmode=False,
        legend={"orientation": "h", "x": 0, "y": 1.0, "yanchor": "bottom", "font": {"size": 12}},
        xaxis={"visible": False, "fixedrange": True},
        yaxis={"visible": False, "fixedrange": True, "scaleanchor": "x", "scaleratio": round(aspect(shapes), 4)},
    ))
    for s in shapes:
        g = groups.get(s.name)
        if g is None:
            continue
        xs: list[float | None] = []
        ys: list[float | None] = []
        for ring in s.rings:
            xs += [p[0] for p in ring] + [None]
            ys += [p[1] for p in ring] + [None]
        fig.add_trace(go.Scatter(
            x=xs[:-1], y=ys[:-1], mode="lines", fill="toself", name=esc(s.name), showlegend=False,
            fillcolor=BAND_COLOUR.get(g.status, "#CCCCCC"), line={"color": "#FFFFFF", "width": 1},
            fillpattern={"shape": PATTERN.get(g.status, ""), "fgcolor": "#FFFFFF", "fgopacity": 0.55,
                         "bgcolor": BAND_COLOUR.get(g.status, "#CCCCCC")},
            hoveron="fills", text=spread_hover(g, lang), hoverinfo="text",
        ))
    for status in BAND_ORDER:
        members = [(s, groups[s.name]) for s in shapes if s.name in groups and groups[s.name].status == status]
        fig.add_trace(go.Scatter(
            x=[s.label[0] for s, _ in members], y=[s.label[1] for s, _ in members], mode="markers+text",
            text=[str(numbers[s.name]) for s, _ in members], textposition="middle right",
            textfont={"size": 12, "color": "#111111", "weight": "bold", "shadow": "1px 1px 1px #FFFFFF"},
            hovertext=[f"{numbers[s.name]}. {spread_hover(g, lang)}" for s, g in members], hoverinfo="text",
            marker={"symbol": BAND_SYMBOL[status], "size": 9, "color": "#FFFFFF",
                    "line": {"color": "#111111", "width": 1.5}},
            name=f"{status_text(status, lang)} " + ("båndet" if lang == "da" else "the band") + f" ({len(members)})",
            legendgroup=status,
        ))
    for x0, y0, x1, y1 in hub_map.frames:
        fig.add_shape(type="rect", x0=x0, y0=y0, x1=x1, y1=y1, line={"color": MUTED, "width": 1}, layer="below")
    return fig


def _label(g: GroupResult) -> str:
    """A municipality's axis label with its band symbol, so the position reads without colour."""
    return f"{esc(g.key)} {BAND_ICON.get(g.status, '')}"


def _ratio(g: GroupResult) -> float:
    return float(g.value or 0) / g.expected if g.expected else 0.0


def spread_figure(spread: TargetResult, lang: str) -> go.Figure:
    """Horizontal bars of the actual number per municipality (furthest below expectation first),
    the expected number as a diamond and the band as its error bar."""
    groups = sorted(spread.groups, key=lambda g: (_ratio(g), g.key))
    keys = [_label(g) for g in groups]
    n = len(groups)
    fig = go.Figure(layout=layout(
        lang, 26 * n + 90, margin={"l": 130, "r": 40, "t": 40, "b": 40}, showlegend=True, bargap=0.35,
        legend={"orientation": "h", "x": 0, "y": 1.0, "yanchor": "bottom", "font": {"size": 12}},
        yaxis={"autorange": "reversed", "fixedrange": True, "automargin": True},
        xaxis={"gridcolor": GRID, "showgrid": True, "zeroline": False, "tickformat": ",d", "fixedrange": True},
    ))
    for status in BAND_ORDER:
        members = [g for g in groups if g.status == status]
        if not members:
            continue
        fig.add_trace(go.Bar(
            y=[_label(g) for g in members], x=[g.value for g in members], orientation="h",
            name=f"{BAND_ICON[status]} {status_text(status, lang)} " + ("båndet" if lang == "da" else "the band"),
            legendgroup=status,
            marker={"color": BAND_COLOUR[status], "pattern": pattern(PATTERN.get(status, ""), BAND_COLOUR[status])},
            hovertext=[spread_hover(g, lang) for g in members], hoverinfo="text",
        ))
    fig.add_trace(go.Scatter(
        y=keys, x=[round(g.expected or 0, 2) for g in groups], mode="markers",
        name=f"{text('expected', lang)} ± 10 %",
        marker={"symbol": "diamond", "size": 8, "color": "#111111"},
        error_x={"type": "data", "symmetric": False, "color": "#111111", "thickness": 1.5, "width": 5,
                 "array": [round((g.high or 0) - (g.expected or 0), 2) for g in groups],
                 "arrayminus": [round((g.expected or 0) - (g.low or 0), 2) for g in groups]},
        hovertext=[spread_hover(g, lang) for g in groups], hoverinfo="text",
    ))
    fig.update_layout(barmode="overlay", yaxis={"categoryorder": "array", "categoryarray": keys})
    return fig


def guided_shares(alloc: TargetResult) -> dict[str, float]:
    """Each municipality's share of the individually guided companies in the allocation table."""
    total = sum(g.guided or 0 for g in alloc.groups)
    return {g.key: (g.guided or 0) / total if total else 0.0 for g in alloc.groups}


def allocation_figure(alloc: TargetResult, lang: str) -> go.Figure:
    """Per municipality, its share of the grant beside its share of the individually guided
    companies (the latter hatched), largest grant first."""
    groups = sorted(alloc.groups, key=lambda g: (-(g.share or 0), g.key))
    shares = guided_shares(alloc)
    keys = [esc(g.key) for g in groups]
    fig = go.Figure(layout=layout(
        lang, 30 * len(groups) + 100, margin={"l": 130, "r": 30, "t": 40, "b": 40}, showlegend=True,
        barmode="group", bargap=0.25, bargroupgap=0.05,
        legend={"orientation": "h", "x": 0, "y": 1.0, "yanchor": "bottom", "font": {"size": 12}},
        yaxis={"autorange": "reversed", "fixedrange": True, "automargin": True},
        xaxis={"gridcolor": GRID, "showgrid": True, "zeroline": False, "ticksuffix": " %", "fixedrange": True},
    ))
    fig.add_trace(go.Bar(
        y=keys, x=[round((g.share or 0) * 100, 2) for g in groups], orientation="h",
        name=text("grant_share", lang), marker={"color": "#0072B2"},
        hovertext=[f"<b>{esc(g.key)}</b><br>{text('grant_share', lang)}: {percent(g.share or 0, 1, lang)}"
                   f"<br>{text('amount', lang)}: {number(g.amount or 0, 0, lang)}" for g in groups],
        hoverinfo="text",
    ))
    fig.add_trace(go.Bar(
        y=keys, x=[round(shares[g.key] * 100, 2) for g in groups], orientation="h",
        name=text("guided_share", lang), marker={"color": "#E69F00", "pattern": pattern(".", "#E69F00", "#5A3A00")},
        hovertext=[f"<b>{esc(g.key)}</b><br>{text('guided_share', lang)}: {percent(shares[g.key], 1, lang)}"
                   f"<br>{text('guided', lang)}: {number(g.guided or 0, 0, lang)}" for g in groups],
        hoverinfo="text",
    ))
    fig.update_xaxes(title={"text": "", "font": {"color": MUTED}})
    return fig
