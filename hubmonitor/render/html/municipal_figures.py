"""Figures for the municipal page: the map against the band (the contract's tolerance, e.g. ±10 %),
actual against expected, and the allocation of the basic grant. Pure functions of the results (and
the boundary shapes)."""

from __future__ import annotations

from hubmonitor.render.format import band_edges_text, municipalities, number, percent, status_text, value_text
from hubmonitor.render.html.document import ChartData, describe
from hubmonitor.render.html.geo import HubMap, aspect
from hubmonitor.render.html.palette import (
    BAND_COLOUR,
    BAND_ICON,
    BAND_INK,
    BAND_ORDER,
    BAND_SYMBOL,
    GRID,
    MUTED,
    PATTERN,
    STATUS_INK,
    esc,
    layout,
    outline,
    pattern,
)
from hubmonitor.render.html.plain import PlainFigure, trace
from hubmonitor.render.html.texts import text
from hubmonitor.report import GroupResult, Report, TargetResult


def spread_target(report: Report) -> TargetResult | None:
    return next((t for t in report.targets if t.kind == "municipal_spread"), None)


def allocation_target(report: Report) -> TargetResult | None:
    return next((t for t in report.targets if t.kind == "allocation"), None)


def band_width(spread: TargetResult, lang: str) -> str:
    """The band's width as the contract gives it ("±10 %", "±12,5 %"): the spread's tolerance from
    the results (a results file from before it was recorded: read off a municipality's band)."""
    tolerance = spread.details.get("tolerance")
    if not isinstance(tolerance, int | float):
        edges = [(g.high, g.expected) for g in spread.groups if g.high is not None and g.expected]
        tolerance = round(edges[0][0] / edges[0][1] - 1, 6) if edges else None
    if tolerance is None:
        return ""
    points = round(tolerance * 100, 6)
    return f"±{number(points, 0 if points == int(points) else len(str(points).split('.')[1]), lang)} %"


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
            f"({text('band', lang)} {band_edges_text(g, lang)})"
            f"<br>{band_text(g, lang)}")


def map_numbers(spread: TargetResult) -> dict[str, int]:
    """Each municipality's number on the map and in its key: 1, 2, … in the order of the names
    (the order of the dialogue and allocation tables)."""
    return {key: i for i, key in enumerate(sorted({g.key for g in spread.groups}), start=1)}


# The map's numbers are placed beside their markers where they do not touch another number or
# marker, estimated in pixels at the map's drawn height (560 px less the legend: the map is bounded
# by its height on a page of 800 px or wider; the scale is underestimated a little, so that the
# estimate finds a clash sooner than the drawing has one). Measured in Chromium: a 12 px bold digit is 8,4 px
# wide and its box 14 px high, 9 px above to 5 px below the marker's centre; a marker is 10,4 px.
_MAP_PLOT_HEIGHT = 520.0
_AXIS_PAD = 1.15  # plotly's autorange adds room for markers and text (11 % for Hovedstaden): err on the near side
_DIGIT = 8.4
_TEXT_HIGH = 14.0
_MARKER = 5.5  # half a marker, and the text's distance from the marker's centre
_SPACE = 2.0  # pixels kept clear between boxes
# Where a number may go, in order of preference: plotly's textposition and its box relative to the
# marker's centre (x0, y0, x1, y1 as functions of the text's width w; y grows downwards).
_PLACES: tuple[tuple[str, tuple[float, float, float, float]], ...] = (
    ("middle right", (1.0, -9.0, 0.0, 5.0)),
    ("middle left", (-1.0, -9.0, 0.0, 5.0)),
    ("top center", (0.0, -_MARKER - _TEXT_HIGH, 0.0, -_MARKER)),
    ("bottom center", (0.0, _MARKER, 0.0, _MARKER + _TEXT_HIGH)),
    ("top right", (1.0, -_MARKER - _TEXT_HIGH, 0.0, -_MARKER)),
    ("bottom right", (1.0, _MARKER, 0.0, _MARKER + _TEXT_HIGH)),
    ("top left", (-1.0, -_MARKER - _TEXT_HIGH, 0.0, -_MARKER)),
    ("bottom left", (-1.0, _MARKER, 0.0, _MARKER + _TEXT_HIGH)),
)
PixelBox = tuple[float, float, float, float]


def _text_box(x: float, y: float, w: float, place: tuple[float, float, float, float]) -> PixelBox:
    side, top, _, bottom = place
    if side > 0:
        x0 = x + _MARKER
    elif side < 0:
        x0 = x - _MARKER - w
    else:
        x0 = x - w / 2
    return x0, y + top, x0 + w, y + bottom


def _clash(a: PixelBox, b: PixelBox) -> float:
    """The overlap of two boxes each grown by half of ``_SPACE`` (0 when they keep clear)."""
    g = _SPACE / 2
    w = min(a[2], b[2]) - max(a[0], b[0]) + 2 * g
    h = min(a[3], b[3]) - max(a[1], b[1]) + 2 * g
    return w * h if w > 0 and h > 0 else 0.0


def label_places(hub_map: HubMap, numbers: dict[str, int]) -> dict[str, str]:
    """Each municipality's textposition: in number order, the first place (right, left, above,
    below, then the corners) whose box touches no number placed before and no other marker; where
    every place touches something, the place that overlaps least."""
    shapes = [s for s in hub_map.shapes if s.name in numbers]
    if not shapes:
        return {}
    lats = [lat for s in hub_map.shapes for ring in s.rings for _, lat in ring]
    per_lat = _MAP_PLOT_HEIGHT / (max(max(lats) - min(lats), 1e-6) * _AXIS_PAD)
    per_lon = per_lat / aspect(hub_map.shapes)
    points = {s.name: (s.label[0] * per_lon, -s.label[1] * per_lat) for s in shapes}
    markers = {name: (x - _MARKER, y - _MARKER, x + _MARKER, y + _MARKER) for name, (x, y) in points.items()}
    placed: list[PixelBox] = []
    chosen: dict[str, str] = {}
    for name in sorted(points, key=lambda n: numbers[n]):
        x, y = points[name]
        w = _DIGIT * len(str(numbers[name]))
        others = [box for other, box in markers.items() if other != name]
        best: tuple[float, str, PixelBox] | None = None
        for position, place in _PLACES:
            box = _text_box(x, y, w, place)
            cost = sum(_clash(box, b) for b in placed) + sum(_clash(box, b) for b in others)
            if best is None or cost < best[0]:
                best = (cost, position, box)
            if cost == 0:
                break
        assert best is not None
        chosen[name] = best[1]
        placed.append(best[2])
    return chosen


def map_figure(spread: TargetResult, hub_map: HubMap, lang: str) -> PlainFigure:
    """The hub's municipalities filled by their position against the band (colour, a hatch for
    'below', and a marker shape ▼ ● ▲ at each) with each municipality's number beside its marker
    (the key beside the map names them), hover text with the figures; no tiles, no geo subplot:
    polygons on plain axes (see ``geo``)."""
    groups = {g.key: g for g in spread.groups}
    numbers = map_numbers(spread)
    places = label_places(hub_map, numbers)
    shapes = hub_map.shapes
    fig = PlainFigure.of(layout(
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
        fig.add_trace(trace(
            "scatter", x=xs[:-1], y=ys[:-1], mode="lines", fill="toself", name=esc(s.name), showlegend=False,
            fillcolor=BAND_COLOUR.get(g.status, "#CCCCCC"),
            line={"color": BAND_INK.get(g.status, STATUS_INK["insufficient_data"]), "width": 1},
            fillpattern={"shape": PATTERN.get(g.status, ""), "fgcolor": "#FFFFFF", "fgopacity": 0.55,
                         "bgcolor": BAND_COLOUR.get(g.status, "#CCCCCC")},
            hoveron="fills", text=spread_hover(g, lang), hoverinfo="text",
        ))
    for status in BAND_ORDER:
        members = [(s, groups[s.name]) for s in shapes if s.name in groups and groups[s.name].status == status]
        fig.add_trace(trace(
            "scatter", x=[s.label[0] for s, _ in members], y=[s.label[1] for s, _ in members], mode="markers+text",
            text=[str(numbers[s.name]) for s, _ in members], textposition=[places[s.name] for s, _ in members],
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


def spread_figure(spread: TargetResult, lang: str) -> PlainFigure:
    """Horizontal bars of the actual number per municipality (furthest below expectation first),
    the expected number as a diamond and the band as its error bar."""
    groups = sorted(spread.groups, key=lambda g: (_ratio(g), g.key))
    keys = [_label(g) for g in groups]
    n = len(groups)
    fig = PlainFigure.of(layout(
        lang, 26 * n + 90, margin={"l": 130, "r": 40, "t": 40, "b": 40}, showlegend=True, bargap=0.35,
        legend={"orientation": "h", "x": 0, "y": 1.0, "yanchor": "bottom", "font": {"size": 12}},
        yaxis={"autorange": "reversed", "fixedrange": True, "automargin": True},
        xaxis={"gridcolor": GRID, "showgrid": True, "zeroline": False, "tickformat": ",d", "fixedrange": True},
    ))
    for status in BAND_ORDER:
        members = [g for g in groups if g.status == status]
        if not members:
            continue
        fig.add_trace(trace(
            "bar", y=[_label(g) for g in members], x=[g.value for g in members], orientation="h",
            name=f"{BAND_ICON[status]} {status_text(status, lang)} " + ("båndet" if lang == "da" else "the band"),
            legendgroup=status,
            marker={"color": BAND_COLOUR[status], "pattern": pattern(PATTERN.get(status, ""), BAND_COLOUR[status]),
                    "line": outline(BAND_INK[status])},
            hovertext=[spread_hover(g, lang) for g in members], hoverinfo="text",
        ))
    fig.add_trace(trace(
        "scatter", y=keys, x=[round(g.expected or 0, 2) for g in groups], mode="markers",
        name=f"{text('expected', lang)} {band_width(spread, lang)}",
        marker={"symbol": "diamond", "size": 8, "color": "#111111"},
        error_x={"type": "data", "symmetric": False, "color": "#111111", "thickness": 1.5, "width": 5,
                 "array": [round((g.high or 0) - (g.expected or 0), 2) for g in groups],
                 "arrayminus": [round((g.expected or 0) - (g.low or 0), 2) for g in groups]},
        hovertext=[spread_hover(g, lang) for g in groups], hoverinfo="text",
    ))
    fig.update_layout(barmode="overlay", yaxis={"categoryorder": "array", "categoryarray": keys})
    return describe(fig, spread_data(groups, lang, band_width(spread, lang)))


# The words of the two charts' text alternatives (captions and tables).
_WORDS = {
    "da": {"against": "mod det forventede", "band": "båndet",
           "grant": "Basisbevilling", "to": "til", "largest": "størst andel har", "of_grant": "af bevillingen mod",
           "of_guided": "af de", "guided": "individuelt vejledte virksomheder", "position": "Placering",
           "total": "I alt"},
    "en": {"against": "against the expected", "band": "the band",
           "grant": "Basic grant", "to": "to", "largest": "the largest share goes to",
           "of_grant": "of the grant against",
           "of_guided": "of the", "guided": "individually guided companies", "position": "Position",
           "total": "Total"},
}


def _words(lang: str) -> dict[str, str]:
    return _WORDS.get(lang, _WORDS["da"])


def spread_data(groups: list[GroupResult], lang: str, band: str) -> ChartData:
    """The spread chart's text alternative: how many municipalities lie below, within and above
    the band (those below by name: the dialogue list), and a row per municipality in the chart's
    order with its actual and expected number, band and position."""
    w = _words(lang)
    counts = []
    for status in BAND_ORDER:
        members = [g.key for g in groups if g.status == status]
        names = f" ({', '.join(sorted(members))})" if status == "below" and members else ""
        counts.append(f"{number(len(members), 0, lang)} {status_text(status, lang)}"
                      + (f" {w['band']}" if status == "below" else "") + names)
    summary = f"{municipalities(len(groups), lang)} {w['against']} {band}: {', '.join(counts)}."
    rows = tuple((g.key, _count(g.value, lang), _one(g.expected, lang), band_edges_text(g, lang),
                  band_text(g, lang)) for g in groups)
    headers = (text("municipality", lang), text("actual", lang), text("expected", lang), text("band", lang),
               w["position"])
    return ChartData(summary, headers, rows, lang=lang, numeric=frozenset({1, 2, 3}))


def guided_shares(alloc: TargetResult) -> dict[str, float]:
    """Each municipality's share of the individually guided companies in the allocation table."""
    total = sum(g.guided or 0 for g in alloc.groups)
    return {g.key: (g.guided or 0) / total if total else 0.0 for g in alloc.groups}


def allocation_figure(alloc: TargetResult, lang: str) -> PlainFigure:
    """Per municipality, its share of the grant beside its share of the individually guided
    companies (the latter hatched), largest grant first."""
    groups = sorted(alloc.groups, key=lambda g: (-(g.share or 0), g.key))
    shares = guided_shares(alloc)
    keys = [esc(g.key) for g in groups]
    fig = PlainFigure.of(layout(
        lang, 30 * len(groups) + 100, margin={"l": 130, "r": 30, "t": 40, "b": 40}, showlegend=True,
        barmode="group", bargap=0.25, bargroupgap=0.05,
        legend={"orientation": "h", "x": 0, "y": 1.0, "yanchor": "bottom", "font": {"size": 12}},
        yaxis={"autorange": "reversed", "fixedrange": True, "automargin": True},
        xaxis={"gridcolor": GRID, "showgrid": True, "zeroline": False, "ticksuffix": " %", "fixedrange": True},
    ))
    fig.add_trace(trace(
        "bar", y=keys, x=[round((g.share or 0) * 100, 2) for g in groups], orientation="h",
        name=text("grant_share", lang), marker={"color": "#0072B2"},
        hovertext=[f"<b>{esc(g.key)}</b><br>{text('grant_share', lang)}: {percent(g.share or 0, 1, lang)}"
                   f"<br>{text('amount', lang)}: {number(g.amount or 0, 0, lang)}" for g in groups],
        hoverinfo="text",
    ))
    fig.add_trace(trace(
        "bar", y=keys, x=[round(shares[g.key] * 100, 2) for g in groups], orientation="h",
        name=text("guided_share", lang),
        marker={"color": "#E69F00", "pattern": pattern(".", "#E69F00", "#5A3A00"), "line": outline("#5A3A00")},
        hovertext=[f"<b>{esc(g.key)}</b><br>{text('guided_share', lang)}: {percent(shares[g.key], 1, lang)}"
                   f"<br>{text('guided', lang)}: {number(g.guided or 0, 0, lang)}" for g in groups],
        hoverinfo="text",
    ))
    fig.update_axis("x", title={"text": "", "font": {"color": MUTED}})
    return describe(fig, allocation_data(groups, shares, lang))


def allocation_data(groups: list[GroupResult], shares: dict[str, float], lang: str) -> ChartData:
    """The allocation chart's text alternative: the grant, the municipality with the largest share
    of it against its share of the guided companies, and a row per municipality in the chart's
    order (largest grant first) with the two shares and the grant, then the total."""
    w = _words(lang)
    total = sum(g.amount or 0 for g in groups)
    guided = sum(g.guided or 0 for g in groups)
    amount = value_text(total, "thousand_kr", lang)
    summary = f"{w['grant']} {amount} {w['to']} {municipalities(len(groups), lang)}"
    if groups and guided:
        first = groups[0]
        summary += (f"; {w['largest']} {first.key}: {percent(first.share or 0, 1, lang)} {w['of_grant']} "
                    f"{percent(shares[first.key], 1, lang)} {w['of_guided']} {number(guided, 0, lang)} {w['guided']}")
    rows = tuple((g.key, percent(g.share or 0, 1, lang), percent(shares[g.key], 1, lang),
                  number(g.amount or 0, 0, lang)) for g in groups)
    rows += ((w["total"], percent(1 if total else 0, 1, lang), percent(1 if guided else 0, 1, lang),
              number(total, 0, lang)),)
    headers = (text("municipality", lang), text("grant_share", lang), text("guided_share", lang), text("amount", lang))
    return ChartData(summary + ".", headers, rows, lang=lang, numeric=frozenset({1, 2, 3}))
