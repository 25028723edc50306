"""Figures for the hub report and the national comparison: pure functions from results to
``PlainFigure`` (tested through ``fig.to_dict()``). They read the report and compute nothing but
display units (a share as a percentage) and axis ranges.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from hubmonitor.render.format import (
    STATUS_ICON,
    UNCERTAIN_MEANING,
    UNCERTAIN_SHORT,
    UNCERTAIN_TEXT,
    goal_text,
    group_name,
    group_value_text,
    interval_text,
    judged,
    number,
    result_value_text,
    shown_status,
    status_label,
    status_marks,
    status_text,
    target_text,
    title,
)
from hubmonitor.render.html.document import ChartData, describe
from hubmonitor.render.html.palette import (
    GRID,
    INK,
    MUTED,
    PATTERN,
    STATUS_COLOUR,
    TARGET_INK,
    TRACK,
    esc,
    layout,
    outline,
    pattern,
    status_ink,
    wrap,
)
from hubmonitor.render.html.plain import PlainFigure, trace
from hubmonitor.render.html.texts import text
from hubmonitor.report import GroupResult, Report, TargetResult, is_number

# Kinds with a page of their own (municipal page), not a bar against a target.
MUNICIPAL_KINDS = ("municipal_spread", "allocation")
_ROW_HEIGHT = 92
_ROW_HEIGHT_UNCERTAIN = 112  # room for "not significantly different from the target" under the target
_BULLET_X = (0.48, 0.98)  # the bullets' horizontal domain: the titles are to the left of it
# a small multiple's title, in characters a line: three panels side by side keep theirs over their panel on
# paper (680 px) and in a chart kept 480 px wide on a narrow screen (a review: at 26 and 28 the rightmost
# panel's title ran 5–15 px past the chart's edge at 320 px)
PANEL_TITLE_WIDTH = 22


def display(value: float | int, unit: str) -> float:
    """A value in the unit people read: shares as percentages; rounded so the page stays small."""
    return round(value * 100, 2) if unit == "share" else round(float(value), 2)


def suffix(unit: str, lang: str) -> str:
    if unit == "share":
        return " %"
    if unit == "pp":
        return " procentpoint" if lang == "da" else " pp"
    return ""


def charted(t: TargetResult) -> bool:
    """A target shown as a bar against its target: a number, not a milestone done/not done."""
    return (t.kind not in MUNICIPAL_KINDS and is_number(t.value)
            and t.target is not None and not isinstance(t.target, bool))


def _bounds(t: TargetResult) -> tuple[float, float]:
    target = t.target if isinstance(t.target, list) else [t.target]
    interval = [t.interval.low, t.interval.high] if t.interval is not None else []
    points = [display(v, t.unit) for v in [t.value, *target, *interval] if isinstance(v, int | float)]
    low = min(0.0, *points)
    low = round(low * 1.15, 2) if low < 0 else low  # a negative value clear of the axis' start
    if t.unit in ("share", "score"):
        return low, 100.0
    high = max(points) * 1.15 if max(points) > 0 else 1.0
    return low, round(high, 2)


def _uncertain_lines(lang: str) -> list[str]:
    """The uncertain words under a bullet's target, escaped: one line, or two of about equal length where
    it would be wider than the target's line ("not significantly" / "different from the target")."""
    words = esc(UNCERTAIN_SHORT[lang])
    if len(words) <= 40:  # Danish, "ikke signifikant forskellig fra målet", fits on one line
        return [words]
    middle = min((i for i, c in enumerate(words) if c == " "), key=lambda i: abs(i - len(words) / 2))
    return [words[:middle], words[middle + 1:]]


def _bullet(t: TargetResult, lang: str, y: tuple[float, float]) -> dict[str, Any]:
    low, high = _bounds(t)
    gauge: dict[str, Any] = {
        "shape": "bullet",
        "axis": {"range": [low, high], "tickformat": ",~r" if t.unit != "share" else ",.0f",
                 "ticksuffix": " %" if t.unit == "share" else "", "tickfont": {"size": 10, "color": MUTED}},
        "bar": {"color": STATUS_COLOUR.get(t.status, STATUS_COLOUR["insufficient_data"]), "thickness": 0.55,
                "line": outline(status_ink(t.status))},
        "bgcolor": TRACK,
        "borderwidth": 0,
    }
    if isinstance(t.target, list):
        gauge["steps"] = [{"range": [display(t.target[0], t.unit), display(t.target[1], t.unit)],
                           "color": "#C9C9C9"}]
    elif isinstance(t.target, int | float):
        gauge["threshold"] = {"line": {"color": TARGET_INK, "width": 3}, "thickness": 0.9,
                              "value": display(t.target, t.unit)}
    assert isinstance(t.value, int | float)
    if display(t.value, t.unit) < 0:  # a bullet's bar runs from the axis' start: a value below 0 is drawn from 0
        below = {"range": [display(t.value, t.unit), 0], "color": gauge["bar"]["color"], "thickness": 0.55,
                 "line": gauge["bar"]["line"]}
        gauge["steps"] = [*gauge.get("steps", []), below]
        gauge["bar"] = {**gauge["bar"], "thickness": 0}
    small = f"<br><span style='font-size:11px;color:{MUTED}'>"
    goal = esc(goal_text(t, lang))
    if t.interval is not None:  # on the target's line, so that the heading stays clear of the axis labels
        goal += f" · 95 %: {esc(interval_text(t, lang))}"
    # the value with its group named short ("78,6 % (vækst)"): the line is right-aligned to the bar's start, and
    # "78,6 % (laveste: vækst) ✘ ikke opfyldt" ran out past the chart's left edge (a review: ",6 % …")
    heading = (f"{wrap(esc(title(t, lang)), 28)}<br><b>{esc(result_value_text(t, lang, short=True))}</b> "
               f"{esc(status_label(t.status, lang))}{small}{goal}</span>")
    if t.uncertain:  # in words, as the card says it: the target lies inside the interval; a line each as wide as
        # the target's line at most (a review: the English words ran 2 px past the chart's edge at 320 px)
        heading += "".join(f"{small}<i>{line}</i></span>" for line in _uncertain_lines(lang))
    assert isinstance(t.value, int | float)
    return trace(
        "indicator", mode="gauge", value=display(t.value, t.unit), name=t.id,
        title={"text": heading, "font": {"size": 13}, "align": "right"},
        domain={"x": list(_BULLET_X), "y": list(y)},
        gauge=gauge,
    )


def _whisker(t: TargetResult, y: tuple[float, float]) -> list[dict[str, Any]]:
    """The 95 % interval of a bullet as a whisker over its bar: a line with end caps, as shapes in
    paper coordinates (above the indicator, which would hide anything drawn on axes). The bullet's
    axis spans ``_BULLET_X`` linearly from its range's low to its high end."""
    assert t.interval is not None
    low, high = _bounds(t)
    x0, x1 = _BULLET_X

    def at(v: float) -> float:
        return round(x0 + (x1 - x0) * (min(max(display(v, t.unit), low), high) - low) / (high - low), 4)

    left, right = at(t.interval.low), at(t.interval.high)
    middle = round((y[0] + y[1]) / 2, 4)
    cap = round((y[1] - y[0]) / 5, 4)
    line = {"color": INK, "width": 2}
    return [{"type": "line", "xref": "paper", "yref": "paper", "x0": left, "x1": right, "y0": middle, "y1": middle,
             "line": line, "name": f"{t.id} interval"}] + [
        {"type": "line", "xref": "paper", "yref": "paper", "x0": x, "x1": x, "y0": round(middle - cap, 4),
         "y1": round(middle + cap, 4), "line": line, "name": f"{t.id} interval {end}"}
        for x, end in ((left, "low"), (right, "high"))]


def bullet_groups(report: Report, lang: str) -> list[tuple[str, PlainFigure]]:
    """One figure per target group (the contract's 'Mål 1', 'Mål 3', …) with a bullet chart per
    numeric target: the value as a bar coloured by status, the target as a line (or a band)."""
    groups: dict[str, list[TargetResult]] = {}
    for t in report.targets:
        if charted(t):
            groups.setdefault(t.ref, []).append(t)
    figures = []
    for ref, targets in groups.items():
        n = len(targets)
        # a row with the uncertain words gets room for them, a line more where they wrap (English)
        extra = 12 * (len(_uncertain_lines(lang)) - 1)
        height = (_ROW_HEIGHT_UNCERTAIN + extra if any(t.uncertain for t in targets) else _ROW_HEIGHT) * n + 20
        fig = PlainFigure.of(layout(lang, height, margin={"l": 10, "r": 10, "t": 8, "b": 20}))
        shapes: list[dict[str, Any]] = []
        for i, t in enumerate(targets):
            top = 1 - i / n
            bottom = 1 - (i + 1) / n
            pad = 0.32 / n
            y = (round(bottom + pad, 4), round(top - 0.08 / n, 4))
            fig.add_trace(_bullet(t, lang, y))
            if t.interval is not None:
                shapes += _whisker(t, y)
        if shapes:
            fig.update_layout(shapes=shapes)
        figures.append((ref, describe(fig, bullet_data(targets, lang, report.period.in_year))))
    return figures


_COLUMNS = {
    "da": {"goal": "Mål", "value": "Værdi", "rule": "Målet", "status": "Status", "group": "Gruppe",
           "count": "Antal", "against": "mod målet", "none": "–", "hub": "Erhvervshus", "year": "År",
           "met": "opfyldt", "of": "af", "national": "landsdækkende mål med et tal (milepæle står i tabellen)",
           "hubs": "erhvervshuse", "judged": "vurderede resultater"},
    "en": {"goal": "Target", "value": "Value", "rule": "Required", "status": "Status", "group": "Group",
           "count": "Count", "against": "against the target", "none": "–", "hub": "Hub", "year": "Year",
           "met": "met", "of": "of", "national": "national targets with a figure (milestones are in the table)",
           "hubs": "hubs", "judged": "judged results"},
}


def words(lang: str) -> dict[str, str]:
    return _COLUMNS.get(lang, _COLUMNS["da"])


def _interval_cell(result: Any, lang: str, unit: str | None = None) -> str:
    return interval_text(result, lang, unit) if result.interval is not None else words(lang)["none"]


def hub_count(n: int, lang: str) -> str:
    """'1 erhvervshus', '5 erhvervshuse'."""
    w = words(lang)
    return f"{number(n, 0, lang)} {w['hub'].lower() if n == 1 else w['hubs']}"


def result_cells(t: TargetResult, lang: str, in_year: bool = False) -> tuple[str, str, str]:
    """A result's value, rule and status as the cards write them, with what is said beside the status
    ("✔ opfyldt, foreløbig, usikker": ``status_marks``; the caption puts the status in brackets)."""
    return result_value_text(t, lang), target_text(t, lang), marked_status(t, lang, in_year)


def marked_status(t: TargetResult, lang: str, in_year: bool = False) -> str:
    """"✔ opfyldt, foreløbig, usikker": the status with its icon and ``status_marks``."""
    return ", ".join([status_label(shown_status(t), lang), *status_marks(t, lang, in_year)])


def bullet_data(targets: Sequence[TargetResult], lang: str, in_year: bool = False) -> ChartData:
    """The bullets' text alternative: a sentence per target ("Kendskabsgrad 53,5 % mod målet
    ≥ 50 %: opfyldt") and a row per target with its value, rule, interval and status (with what the
    card says beside it: ``marked_status``)."""
    w = words(lang)
    summary = "; ".join(f"{title(t, lang)} {result_value_text(t, lang)} {w['against']} "
                        f"{target_text(t, lang)}: {marked_status(t, lang, in_year)}" for t in targets) + "."
    rows = tuple((title(t, lang), result_value_text(t, lang), target_text(t, lang),
                  _interval_cell(t, lang), marked_status(t, lang, in_year)) for t in targets)
    return ChartData(summary, (w["goal"], w["value"], w["rule"], text("interval", lang), w["status"]), rows,
                     lang=lang, numeric=frozenset({1}))


def segment_data(t: TargetResult, lang: str) -> ChartData:
    """A segment chart's text alternative: the rule, then each group's value and status."""
    w = words(lang)

    def status(g: GroupResult) -> str:  # as the group's bar says it: "usikker" where its interval holds the target
        return status_label(g.status, lang) + (f", {UNCERTAIN_TEXT[lang]}" if g.uncertain else "")

    groups = "; ".join(f"{group_name(t, g.key, lang)} {group_value_text(t, g, lang)} ({status(g)})" for g in t.groups)
    summary = f"{title(t, lang)}, {w['rule'].lower()} {target_text(t, lang)}: {groups}."
    rows = tuple((group_name(t, g.key, lang), group_value_text(t, g, lang),
                  f"{number(g.numerator or 0, 0, lang)} / {number(g.denominator, 0, lang)}"
                  if g.denominator is not None else w["none"],
                  _interval_cell(g, lang, t.unit), status(g)) for g in t.groups)
    return ChartData(summary, (w["group"], w["value"], w["count"], text("interval", lang), w["status"]), rows,
                     lang=lang, numeric=frozenset({1, 2}), printed=True)


def segment_targets(report: Report) -> list[TargetResult]:
    """Targets evaluated per group (e.g. satisfaction per segment) with a value per group."""
    return [t for t in report.targets if t.groups and all(g.status in STATUS_COLOUR for g in t.groups)
            and charted(t)]


def _group_interval(g: GroupResult, unit: str, lang: str) -> str:
    """A group's interval for its hover text, in words when it holds the target."""
    if g.interval is None:
        return ""
    band = interval_text(g, lang, unit)
    words = f"<br><i>{esc(UNCERTAIN_MEANING[lang])}</i>" if g.uncertain else ""
    return f"<br>{text('interval', lang)}: {esc(band)}{words}"


def _right_margin(lines: Sequence[str]) -> int:
    """Room right of the plot for the target's label, its word ("Mål", "Target") over its threshold: about
    7 px a character at 12 px (a review: "Target ≥ 80.0 %" on one line lost its "%" to the edge)."""
    return max(60, 7 * max((len(line) for line in lines), default=0) + 12)


def segment_figure(t: TargetResult, lang: str) -> PlainFigure:
    """Bars per group (segment) coloured and patterned by status, with the target as a line."""
    keys = [esc(group_name(t, g.key, lang)) for g in t.groups]
    values = [display(g.value, t.unit) if isinstance(g.value, int | float) else None for g in t.groups]
    labels = [f"{group_value_text(t, g, lang)} {STATUS_ICON.get(g.status, '')}" for g in t.groups]
    hover = [f"<b>{esc(group_name(t, g.key, lang))}</b>: {group_value_text(t, g, lang)}"
             + (f" ({number(g.numerator or 0, 0, lang)} / {number(g.denominator, 0, lang)})"
                if g.denominator is not None else "")
             + f"<br>{status_label(g.status, lang)}" + _group_interval(g, t.unit, lang) for g in t.groups]
    colours = [STATUS_COLOUR[g.status] for g in t.groups]
    patterns = [PATTERN.get(g.status, "") for g in t.groups]
    goal = esc(goal_text(t, lang)).split(" ", 1) if isinstance(t.target, int | float) else []
    fig = PlainFigure.of(layout(
        lang, 320, margin={"l": 50, "r": _right_margin(goal), "t": 30, "b": 40}, bargap=0.45,
        yaxis={"range": [0, 100] if t.unit == "share" else None, "ticksuffix": suffix(t.unit, lang),
               "gridcolor": GRID, "zeroline": False, "showgrid": True},
        # the value under each bar, so that nothing sits on the whisker above it
        xaxis={"showgrid": False, "fixedrange": True, "tickvals": keys,
               "ticktext": [f"{k}<br><b>{esc(label)}</b>" for k, label in zip(keys, labels, strict=True)]},
    ))
    whiskers: dict[str, Any] = {}
    if any(g.interval is not None for g in t.groups):
        plus: list[float] = []
        minus: list[float] = []
        for g, v in zip(t.groups, values, strict=True):
            if g.interval is None or v is None:
                plus.append(0.0)
                minus.append(0.0)
            else:
                plus.append(round(display(g.interval.high, t.unit) - v, 2))
                minus.append(round(v - display(g.interval.low, t.unit), 2))
        whiskers = {"error_y": {"type": "data", "symmetric": False, "array": plus, "arrayminus": minus,
                                "color": INK, "thickness": 2, "width": 8}}
    fig.add_trace(trace(
        "bar", x=keys, y=values, hovertext=hover,
        hoverinfo="text", marker={"color": colours, "pattern": pattern(patterns, colours),
                                   "line": outline([status_ink(g.status) for g in t.groups])},
        name=esc(title(t, lang)), showlegend=False, **whiskers,
    ))
    if isinstance(t.target, int | float):
        fig.add_hline(display(t.target, t.unit), line={"color": TARGET_INK, "width": 2, "dash": "dash"},
                      annotation={"text": "<br>".join(goal),
                                  "xanchor": "left", "x": 1, "yanchor": "middle", "font": {"size": 12}})
    return describe(fig, segment_data(t, lang))


# --- national comparison ---------------------------------------------------------------------

def national_targets(reports: Sequence[Report]) -> list[tuple[str, TargetResult]]:
    """The national (framework) targets present in any report, each with a representative result for
    its title and unit: one whose contract kept the framework's words where any did (a KL review: one
    hub's own title headed the column of all six). In the reports' order: a target the first report
    lacks (its hub removed it) comes after the target before it in the report that has it, not last."""
    seen: dict[str, TargetResult] = {}
    sequences: list[list[str]] = []
    for r in reports:
        sequence = []
        for t in judged(r.targets):
            if t.origin != "framework":
                continue
            if t.id not in seen or (_own_words(seen[t.id]) and not _own_words(t)):
                seen[t.id] = t
            sequence.append(t.id)
        sequences.append(sequence)
    return [(tid, seen[tid]) for tid in merged_order(sequences)]


def merged_order(sequences: Sequence[Sequence[str]]) -> list[str]:
    """One order holding each sequence's order (each report's framework targets, some left out by its hub):
    a target comes after every target before it in any sequence, ties by first appearance (a review: hub 1
    without the 3rd target and hub 2 without the 2nd put the 3rd before the 2nd). Sequences that disagree
    (a cycle) leave the rest in order of first appearance."""
    first: dict[str, int] = {}
    after: dict[str, set[str]] = {}
    for sequence in sequences:
        for i, item in enumerate(sequence):
            first.setdefault(item, len(first))
            after.setdefault(item, set()).update(sequence[:i])
    order: list[str] = []
    left = sorted(first, key=first.__getitem__)
    while left:
        ready = next((item for item in left if after[item].issubset(order)), left[0])
        order.append(ready)
        left.remove(ready)
    return order


def _own_words(t: TargetResult) -> bool:
    """Did the hub's contract give a framework target its own title (``overridden``)?"""
    return "title" in t.overridden or "title_en" in t.overridden


def national_figure(reports: Sequence[Report], lang: str) -> PlainFigure | None:
    """Small multiples: one panel per national target, a horizontal bar per hub (colour, pattern
    and icon by status) and each hub's own target as a black tick."""
    targets = [(tid, t) for tid, t in national_targets(reports) if charted(t)]
    if not targets:
        return None
    cols = 3
    rows = -(-len(targets) // cols)
    hubs = [esc(r.erhvervshus) for r in reports]
    panel = 70 + 22 * len(reports)
    # titles wrapped for a panel's width (``PANEL_TITLE_WIDTH``; at 40 they ran into each other), and room
    # between panels for the ticks ("100 %0 %" where they met)
    fig = PlainFigure.grid(rows, cols, [wrap(esc(title(t, lang)), PANEL_TITLE_WIDTH) for _, t in targets],
                           shared_yaxes=True,
                           vertical_spacing=min(0.25, 80 / (panel * rows)), horizontal_spacing=0.07)
    fig.update_layout(**layout(lang, panel * rows + 40, margin={"l": 100, "r": 36, "t": 50, "b": 30}, bargap=0.3))
    for n, (tid, first) in enumerate(targets, start=1):
        values, colours, inks, patterns, labels, hover, goals = [], [], [], [], [], [], []
        bounds: list[tuple[float, float]] = []  # every hub's value in view
        for r in reports:
            t = r.find(tid)
            if t is not None:
                bounds.append(_bounds(t))
            values.append(display(t.value, t.unit) if t is not None and charted(t)
                          and isinstance(t.value, int | float) else None)
            status = t.status if t is not None else "insufficient_data"
            colours.append(STATUS_COLOUR.get(status, STATUS_COLOUR["insufficient_data"]))
            inks.append(status_ink(status))
            patterns.append(PATTERN.get(status, ""))
            labels.append(STATUS_ICON.get(status, "") if values[-1] is not None else "")
            # the status as the table beside it says it ("✔ opfyldt, usikker"; a review: the hover said less)
            hover.append(f"<b>{esc(r.erhvervshus)}</b><br>{esc(result_value_text(t, lang))} · "
                         f"{esc(goal_text(t, lang))}<br>{esc(marked_status(t, lang, r.period.in_year))}"
                         if t is not None else f"<b>{esc(r.erhvervshus)}</b>")
            goals.append(display(t.target, t.unit) if t is not None and is_number(t.target) else None)
        fig.add_trace(trace("bar", y=hubs, x=values, orientation="h", text=labels, textposition="outside",
                            cliponaxis=False, hovertext=hover, hoverinfo="text", name=tid,
                            marker={"color": colours, "pattern": pattern(patterns, colours),
                                    "line": outline(inks)}),
                      panel=n)
        fig.add_trace(trace("scatter", y=hubs, x=goals, mode="markers", hoverinfo="skip", name=f"{tid} target",
                            marker={"symbol": "line-ns", "size": 16, "line": {"width": 3, "color": TARGET_INK}}),
                      panel=n)
        low, high = min(b[0] for b in bounds), max(b[1] for b in bounds)
        fig.update_axis("x", n, range=[low, high] if first.unit in ("share", "score") else None,
                        ticksuffix=" %" if first.unit == "share" else "", gridcolor=GRID, showgrid=True,
                        zeroline=False, fixedrange=True, tickfont={"size": 10})
        fig.update_axis("y", n, autorange="reversed", fixedrange=True, showgrid=False, automargin=True)
    fig.update_annotations(font={"size": 12})
    return describe(fig, national_data(reports, [tid for tid, _ in targets], lang))


def met_of_judged(results: Sequence[TargetResult], lang: str) -> str:
    """'165 af 258 vurderede resultater opfyldt; 30 mangler data': met out of those that can be judged
    (met or not met), the heat table's rule, then the results not judged by why (on track, behind,
    missing data) where there are any. A review found the history's "165 af 288" counting the 30 without
    data in the denominator."""
    w = words(lang)
    n: Counter[str] = Counter(t.status for t in results)
    judged = n["met"] + n["not_met"]
    rest = [f"{number(n[s], 0, lang)} {label}" for s, label in (
        ("on_track", status_text("on_track", lang)), ("behind", status_text("behind", lang)),
        ("insufficient_data", text("missing_data", lang))) if n[s]]
    return (f"{number(n['met'], 0, lang)} {w['of']} {number(judged, 0, lang)} {w['judged']} {w['met']}"
            + ("; " + ", ".join(rest) if rest else ""))


def national_data(reports: Sequence[Report], ids: Sequence[str], lang: str) -> ChartData:
    """The national comparison's text alternative: how many results met their target of those judged
    (``met_of_judged``), and a row
    per target and hub (the order of the panels, then of the bars)."""
    w = words(lang)
    found = [(r, t) for tid in ids for r in reports if (t := r.find(tid)) is not None]
    rows = [(title(t, lang), r.erhvervshus, *result_cells(t, lang, r.period.in_year)) for r, t in found]
    results = [t for _, t in found]
    summary = f"{len(ids)} {w['national']}, {hub_count(len(reports), lang)}: {met_of_judged(results, lang)}."
    return ChartData(summary, (w["goal"], w["hub"], w["value"], w["rule"], w["status"]), tuple(rows),
                     lang=lang, numeric=frozenset({2}))
