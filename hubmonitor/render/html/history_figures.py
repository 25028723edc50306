"""Figures over the contract years: pure functions from results to ``PlainFigure`` (tested through
``fig.to_dict()``).

- ``trend_figure``: one target of one hub, a point per year (shape and colour by that year's
  status) and that year's target as a black segment over the year (a grey box for a band), so a
  target that changed between contracts shows as a step.
- ``national_history_figure``: a panel per national target, a line per hub across the years
  (colour, marker and dash per hub, so it reads in greyscale) and the national target per year.

A year whose data end before the contract year does (``period.in_year``) is marked in the axis label
("2025 t.o.m. 30.6."), with a dotted line to it and, for a counting target, the expectation by
that date the status was judged against: its values are not a whole year's.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from hubmonitor.days import date_text, short_date
from hubmonitor.render.format import (
    GRANT_KINDS,
    expected_now,
    expected_text,
    goal_side,
    goal_text,
    number,
    result_value_text,
    rule_changed,
    status_label,
    target_text,
    title,
    value_places,
    whole_in_year_dates,
)
from hubmonitor.render.html.document import ChartData, describe
from hubmonitor.render.html.figures import (
    PANEL_TITLE_WIDTH,
    display,
    hub_count,
    met_of_judged,
    result_cells,
    suffix,
    words,
)
from hubmonitor.render.html.palette import (
    GRID,
    INK,
    MUTED,
    STATUS_COLOUR,
    STATUS_SYMBOL,
    TARGET_INK,
    esc,
    layout,
    status_ink,
    wrap,
)
from hubmonitor.render.html.plain import PlainFigure, trace
from hubmonitor.render.html.texts import text
from hubmonitor.report import Report, TargetResult, is_number

# One style per hub in the national figure: Okabe–Ito colours (no yellow: too pale on white; no
# black: that is the target), orange and sky blue darkened to 3.7:1 on white (WCAG 1.4.11: #E69F00
# and #56B4E9 are 2.3:1), and a marker and a dash each, so the lines part in greyscale too.
HUB_COLOURS = ("#0072B2", "#B07A00", "#009E73", "#CC79A7", "#2B8CC4", "#D55E00")
HUB_SYMBOLS = ("circle", "square", "diamond", "triangle-up", "triangle-down", "cross", "x", "star")
HUB_DASHES = ("solid", "dash", "dot", "dashdot", "longdash", "longdashdot")
BAND_FILL = "rgba(0,0,0,0.13)"
HALF = 0.32  # a target's segment spans its year ± this, so a change between years shows as a gap and a step
_PANEL = 210


def trended(t: TargetResult) -> bool:
    """A target with a number to follow over the years (not a milestone done / not done, not the
    allocation of the grant, whose value is its own target)."""
    return t.kind not in GRANT_KINDS and (is_number(t.value) or is_number(t.target) or isinstance(t.target, list))


def target_ids(reports: Sequence[Report]) -> list[str]:
    """Every target id in the reports: the newest contract's order, then targets only older
    contracts had (newest first)."""
    ids: list[str] = []
    for r in sorted(reports, key=lambda r: -r.period.start.year):
        ids += [t.id for t in r.targets if t.id not in ids]
    return ids




def year_tick(year: int, as_of: date | None, lang: str) -> str:
    """A year's axis label; a year not yet ended says how far its data go."""
    if as_of is None:
        return str(year)
    return f"{year}<br>{text('in_year_short', lang)} {short_date(as_of, lang, year=False)}"


def _shown(x: float | int | None, unit: str) -> float | None:
    return display(x, unit) if is_number(x) else None


def _segments(spans: Sequence[tuple[int, float, str]]) -> tuple[list[Any], list[Any], list[Any]]:
    """Horizontal segments over years (x = year ± HALF), separated by gaps (None)."""
    xs: list[Any] = []
    ys: list[Any] = []
    hover: list[Any] = []
    for year, y, label in spans:
        xs += [year - HALF, year + HALF, None]
        ys += [y, y, None]
        hover += [label, label, None]
    return xs[:-1], ys[:-1], hover[:-1]


def _boxes(spans: Sequence[tuple[int, float, float, str]]) -> tuple[list[Any], list[Any], list[Any]]:
    """Rectangles over years (a band target), one closed ring each, separated by None."""
    xs: list[Any] = []
    ys: list[Any] = []
    hover: list[Any] = []
    for year, low, high, label in spans:
        x0, x1 = year - HALF, year + HALF
        xs += [x0, x1, x1, x0, x0, None]
        ys += [low, low, high, high, low, None]
        hover += [label] * 5 + [None]
    return xs[:-1], ys[:-1], hover[:-1]


def _target_traces(fig: PlainFigure, spans: list[tuple[int, Any, str]], unit: str, name: str, *,
                   dotted: bool = False, legend: bool = False, panel: int | None = None) -> list[float]:
    """The targets of some years as black segments (a number) or grey boxes (a band [low, high]);
    returns the y values drawn, for the axis range."""
    lines = [(y, display(v, unit), label) for y, v, label in spans if is_number(v)]
    bands = [(y, display(v[0], unit), display(v[1], unit), label) for y, v, label in spans
             if isinstance(v, list) and len(v) == 2]
    if lines:
        x, y, hover = _segments(lines)
        fig.add_trace(trace("scatter", x=x, y=y, mode="lines", name=name, hovertext=hover, hoverinfo="text",
                            showlegend=legend, legendgroup="target",
                            line={"color": TARGET_INK, "width": 1.5 if dotted else 2.5,
                                  "dash": "dot" if dotted else "solid"}), panel)
    if bands:
        x, y, hover = _boxes(bands)
        fig.add_trace(trace("scatter", x=x, y=y, mode="lines", fill="toself", fillcolor=BAND_FILL,
                            name=f"{name} band", showlegend=False, legendgroup="target", hovertext=hover,
                            hoverinfo="text", hoveron="points+fills",
                            line={"color": TARGET_INK, "width": 1, "dash": "dot" if dotted else "solid"}), panel)
    return [v for _, v, _ in lines] + [v for _, low, high, _ in bands for v in (low, high)]


def _range(points: Sequence[float], unit: str) -> list[float]:
    """The value axis: every point in view with room above for the labels; from 0 when a share
    or count gets near it."""
    low, high = min(points), max(points)
    span = high - low or abs(high) * 0.2 or 1.0
    bottom, top = low - 0.15 * span, high + 0.3 * span
    if low >= 0 > bottom:
        bottom = 0.0
    return [round(bottom, 2), round(top, 2)]


def label(t: TargetResult, lang: str) -> str:
    """The value written above its point: in its unit, but a number of percentage points without
    the word (the axis says it), so it fits a small panel."""
    if t.unit == "pp" and is_number(t.value):  # the decimals that keep it on its side of the target
        return number(t.value, value_places(float(t.value), 1, 1, goal_side(t)), lang)
    return esc(result_value_text(t, lang))


def _value_hover(r: Report, t: TargetResult, lang: str) -> str:
    lines = [f"<b>{r.period.start.year}</b>: {esc(result_value_text(t, lang))}",
             esc(goal_text(t, lang)),
             status_label(t.status, lang)]
    if r.period.in_year:
        lines.append(f"{text('data_date', lang)} {date_text(r.period.as_of, lang)}")
    return "<br>".join(lines)


def trend_figure(reports: Sequence[Report], target_id: str, lang: str) -> PlainFigure:
    """One target of one hub over the years (``reports``: one per year, any order): the value per
    year as a point (colour and shape by status, the value written above), joined by a grey line
    (dotted into a year not yet ended), and each year's own target as a segment over that year."""
    ordered = sorted(reports, key=lambda r: r.period.start.year)
    found = [(r, t) for r in ordered if (t := r.find(target_id)) is not None]
    unit = found[-1][1].unit if found else "count"
    years = [r.period.start.year for r in ordered]
    points: list[float] = []
    fig = PlainFigure.of(layout(
        lang, _PANEL, margin={"l": 48, "r": 12, "t": 16, "b": 40 if any(r.period.in_year for r in ordered) else 26},
        xaxis={"tickvals": years,
               "ticktext": [year_tick(r.period.start.year, r.period.as_of if r.period.in_year else None, lang)
                            for r in ordered],
               "range": [years[0] - 0.5, years[-1] + 0.5], "showgrid": False, "zeroline": False, "fixedrange": True,
               "tickfont": {"size": 11}},
        yaxis={"gridcolor": GRID, "showgrid": True, "zeroline": False, "fixedrange": True,
               "ticksuffix": suffix(unit, lang) if unit == "share" else "", "separatethousands": True,
               "tickfont": {"size": 10, "color": MUTED},
               "title": {"text": suffix(unit, lang).strip() if unit == "pp" else "", "font": {"size": 10,
                                                                                          "color": MUTED}}},
    ))
    values = [_shown(t.value, unit) for _, t in found]
    # the line over every year with results: broken at a year whose contract lacks the target and where the
    # rule changed (a KL review: drawn across both); a year not yet ended is joined by a dotted line below
    xs: list[float] = []
    ys: list[float | None] = []
    before: TargetResult | None = None
    for r in ordered:
        t = r.find(target_id)
        if rule_changed(t, before):
            xs.append(r.period.start.year - 0.5)
            ys.append(None)
        xs.append(r.period.start.year)
        ys.append(_shown(t.value, unit) if t is not None and not r.period.in_year else None)
        before = t
    fig.add_trace(trace("scatter", x=xs, y=ys, mode="lines", name="line",
                        hoverinfo="skip", line={"color": MUTED, "width": 1.5}, connectgaps=False))
    for i, r in enumerate(ordered):  # a dotted line into a year not yet ended, from the year before's value
        t, last = r.find(target_id), ordered[i - 1].find(target_id) if i else None
        if (r.period.in_year and t is not None and last is not None and not rule_changed(t, last)
                and (now := _shown(t.value, unit)) is not None and (then := _shown(last.value, unit)) is not None):
            fig.add_trace(trace("scatter", x=[ordered[i - 1].period.start.year, r.period.start.year],
                                y=[then, now], mode="lines", name="line in year",
                                hoverinfo="skip", line={"color": MUTED, "width": 1.5, "dash": "dot"}))
    spans = [(r.period.start.year, t.target, f"{r.period.start.year}: {text('target', lang)} "
              f"{esc(target_text(t, lang))}") for r, t in found]
    points += _target_traces(fig, spans, unit, "target")
    expected = []
    for r, t in found:
        by_now = expected_now(t)
        if r.period.in_year and by_now is not None:
            by_now_text = expected_text(by_now, t.unit, lang, beside=t)
            expected.append((r.period.start.year, by_now, f"{text('expected_to_date', lang)} "
                             f"{date_text(r.period.as_of, lang)}: {esc(by_now_text)}"))
    if expected:
        points += _target_traces(fig, expected, unit, "expected", dotted=True)
    shown = [(r, t, v) for (r, t), v in zip(found, values, strict=True) if v is not None]
    points += [v for _, _, v in shown]
    fig.add_trace(trace(
        "scatter", x=[r.period.start.year for r, _, _ in shown], y=[v for _, _, v in shown], mode="markers+text",
        name="value",
        text=[label(t, lang) for _, t, _ in shown], textposition="top center",
        textfont={"size": 11, "color": INK}, cliponaxis=False,
        hovertext=[_value_hover(r, t, lang) for r, t, _ in shown], hoverinfo="text",
        marker={"color": [STATUS_COLOUR.get(t.status, STATUS_COLOUR["insufficient_data"]) for _, t, _ in shown],
                "symbol": [STATUS_SYMBOL.get(t.status, "circle-open") for _, t, _ in shown], "size": 11,
                "line": {"width": 2, "color": [status_ink(t.status) for _, t, _ in shown]}},
    ))
    if points:
        fig.update_axis("y", range=_range(points, unit))
    return describe(fig, trend_data(found, lang))


def year_text(r: Report, lang: str) -> str:
    """A year as a table cell: '2025 t.o.m. 30.9.' for a year not yet ended."""
    year = r.period.start.year
    return f"{year} {text('in_year_short', lang)} {short_date(r.period.as_of, lang, year=False)}" \
        if r.period.in_year else str(year)


def trend_data(found: Sequence[tuple[Report, TargetResult]], lang: str) -> ChartData:
    """A trend's text alternative: each year's value and status, and a row per year."""
    w = words(lang)
    rows = tuple((year_text(r, lang), *result_cells(t, lang, r.period.in_year)) for r, t in found)
    name = title(found[-1][1], lang) if found else ""
    summary = f"{name}: " + "; ".join(f"{year} {value} ({status})" for year, value, _, status in rows) + "."
    return ChartData(summary, (w["year"], w["value"], w["rule"], w["status"]), rows, lang=lang,
                     numeric=frozenset({1}))


# --- national comparison over the years --------------------------------------------------------

def hub_style(i: int, partial: Sequence[bool] = ()) -> dict[str, Any]:
    """The i-th hub's line: colour, marker and dash (distinct for the first 24 hubs); a point of a
    year not yet ended (``partial``, per point) gets the open marker."""
    colour = HUB_COLOURS[i % len(HUB_COLOURS)]
    symbol = HUB_SYMBOLS[i % len(HUB_SYMBOLS)]
    symbols: str | list[str] = [f"{symbol}-open" if p else symbol for p in partial] if any(partial) else symbol
    return {"line": {"color": colour, "width": 2, "dash": HUB_DASHES[i % len(HUB_DASHES)]},
            "marker": {"color": colour, "symbol": symbols, "size": 8}}


def national_ids(reports: Sequence[Report]) -> list[str]:
    """The national (framework) targets with a number to follow: the newest contract's order."""
    ids: list[str] = []
    for r in sorted(reports, key=lambda r: -r.period.start.year):
        ids += [t.id for t in r.targets if t.origin == "framework" and trended(t) and t.id not in ids]
    return ids


def hubs(reports: Sequence[Report]) -> list[str]:
    """The hubs (their short names), in alphabetical order: the same style per hub in every panel."""
    return sorted({r.erhvervshus for r in reports})


def _national_spans(reports: Sequence[Report], tid: str, year: int, lang: str
                    ) -> tuple[list[tuple[int, Any, str]], bool]:
    """The year's national target as (year, target, hover) per distinct target among the hubs;
    and whether the hubs have targets of their own that year."""
    by_target: dict[str, tuple[TargetResult, list[str]]] = {}
    for r in reports:
        t = r.find(tid)
        if r.period.start.year == year and t is not None and t.target is not None:
            key = repr((t.comparison, t.target))
            by_target.setdefault(key, (t, []))[1].append(r.erhvervshus)
    own = len(by_target) > 1
    spans = []
    for key in sorted(by_target):
        t, names = by_target[key]
        label = f"{year}: {text('national_target', lang)} {esc(target_text(t, lang))}"
        if own:
            label += f"<br>{', '.join(esc(n) for n in sorted(names))}"
        spans.append((year, t.target, label))
    return spans, own


def national_history_figure(reports: Sequence[Report], lang: str) -> PlainFigure | None:
    """Small multiples, one panel per national target with a number: a line per hub across the
    years (a style per hub, one legend for all panels) and the national target of each year in
    black (dotted segments, one per distinct target, where the hubs have targets of their own)."""
    ids = national_ids(reports)
    if not ids:
        return None
    names = hubs(reports)
    years = sorted({r.period.start.year for r in reports})
    partial = whole_in_year_dates(reports)  # an axis label says "t.o.m." where every hub's year is partial
    newest: dict[str, TargetResult] = {}  # the newest result of each target: its title and unit
    for r in sorted(reports, key=lambda r: r.period.start.year):
        for tid in ids:
            if (t := r.find(tid)) is not None:
                newest[tid] = t
    cols = 3
    rows = -(-len(ids) // cols)
    titles = [title(newest[tid], lang) for tid in ids]
    # two targets of one title (a target renamed between years: two ids) are told apart by their ids (a KL review)
    titles = [f"{name} ({tid})" if titles.count(name) > 1 else name for tid, name in zip(ids, titles, strict=True)]
    fig = PlainFigure.grid(rows, cols, [wrap(esc(name), PANEL_TITLE_WIDTH) for name in titles],
                           vertical_spacing=min(0.2, 90 / (_PANEL * rows)), horizontal_spacing=0.07)
    fig.update_layout(**layout(lang, _PANEL * rows + 120, margin={"l": 50, "r": 16, "t": 116, "b": 40},
                             showlegend=True,
                             legend={"orientation": "h", "x": 0, "y": 1, "yanchor": "top",
                                     "yref": "container", "font": {"size": 12}}))
    legend_done = False  # one legend entry for the national target, on its first solid segment
    for n, tid in enumerate(ids, start=1):
        unit = newest[tid].unit
        points: list[float] = []
        own = False
        for y in years:
            spans, differ = _national_spans(reports, tid, y, lang)
            first = not legend_done and not differ and any(is_number(v) for _, v, _ in spans)
            legend_done = legend_done or first
            own = own or differ
            points += _target_traces(fig, spans, unit, text("national_target", lang), dotted=differ, legend=first,
                                     panel=n)
        for i, hub in enumerate(names):
            results = {r.period.start.year: (r, t) for r in reports if r.erhvervshus == hub
                       and (t := r.find(tid)) is not None}
            xs: list[float] = []
            ys: list[float | None] = []
            hover: list[str] = []
            partial_points: list[bool] = []
            last: TargetResult | None = None
            for y in years:
                t = results[y][1] if y in results else None
                if rule_changed(t, last):  # the line broken where the hub's rule changed (a KL review)
                    xs.append(y - 0.5)
                    ys.append(None)
                    hover.append("")
                    partial_points.append(False)
                last = t if y in results else last
                xs.append(y)
                partial_points.append(y in results and results[y][0].period.in_year)
                if y not in results:
                    ys.append(None)
                    hover.append("")
                    continue
                r, t = results[y]
                ys.append(_shown(t.value, t.unit))
                hover.append(f"<b>{esc(hub)}</b><br>{_value_hover(r, t, lang)}")
            points += [v for v in ys if v is not None]
            fig.add_trace(trace("scatter", x=xs, y=ys, mode="lines+markers", name=esc(hub),
                                legendgroup=f"hub-{i}", showlegend=n == 1, hovertext=hover, hoverinfo="text",
                                connectgaps=False, **hub_style(i, partial_points)), panel=n)
        fig.update_axis("x", n, tickvals=years, ticktext=[year_tick(y, partial.get(y), lang) for y in years],
                        range=[years[0] - 0.5, years[-1] + 0.5], showgrid=False, zeroline=False, fixedrange=True,
                        tickfont={"size": 10})
        fig.update_axis("y", n, gridcolor=GRID, showgrid=True, zeroline=False, fixedrange=True,
                        separatethousands=True, ticksuffix=suffix(unit, lang) if unit == "share" else "",
                        tickfont={"size": 10, "color": MUTED}, range=_range(points, unit) if points else None)
        if own:
            fig.layout["annotations"][n - 1]["text"] += f"<br><span style='font-size:10px;color:{MUTED}'>" \
                                                        f"({text('own_targets', lang)})</span>"
    fig.update_annotations(font={"size": 12})
    return describe(fig, national_history_data(reports, ids, names, lang))


def national_history_data(reports: Sequence[Report], ids: Sequence[str], names: Sequence[str],
                          lang: str) -> ChartData:
    """The national history's text alternative: how many results met their target of those judged
    (``met_of_judged``), and a row per target, hub and year (the panels' order, then the hubs', then
    the years')."""
    w = words(lang)
    ordered = sorted(reports, key=lambda r: r.period.start.year)
    rows = tuple((title(t, lang), hub, year_text(r, lang), *result_cells(t, lang, r.period.in_year))
                 for tid in ids for hub in names for r in ordered
                 if r.erhvervshus == hub and (t := r.find(tid)) is not None)
    years = sorted({r.period.start.year for r in reports})
    results = [t for tid in ids for r in reports if (t := r.find(tid)) is not None]
    span = f"{years[0]}–{years[-1]}" if len(years) > 1 else str(years[0])
    summary = f"{len(ids)} {w['national']}, {hub_count(len(names), lang)}, {span}: {met_of_judged(results, lang)}"
    return ChartData(summary + ".", (w["goal"], w["hub"], w["year"], w["value"], w["rule"], w["status"]), rows,
                     lang=lang, numeric=frozenset({3}))
