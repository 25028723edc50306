"""Figures as the plain dicts plotly.js draws, built without plotly.py's per-property validation
(two thirds of a dashboard build went to it). The shapes are fixed and tested; plotly.js in
``assets/`` still draws them.

The dicts are written in the order plotly.py wrote them, so the pages keep their bytes:

- an object made in one go (a trace, the first layout, a shape) has its keys in alphabetical
  order, a trace's ``type`` last (``props``, ``trace``);
- an update (``PlainFigure.update_layout``, ``update_axis``) keeps the keys already there in their
  places and appends new ones: at each level first the nested objects, then the plain values, each
  in the order given (how plotly.py's batch update applies them).

A property given as ``None`` is left out, as plotly.py leaves it unset.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import plotly.io as pio

from hubmonitor.render.html.palette import NO_TEMPLATE


def _made(value: Any) -> Any:
    """``value`` as plotly.py writes an object made in one go: dict keys sorted, ``None`` left out,
    tuples as lists."""
    if isinstance(value, dict):
        return {key: _made(v) for key, v in sorted(value.items()) if v is not None}
    if isinstance(value, list | tuple):
        return [_made(v) if isinstance(v, dict | list | tuple) else v for v in value]
    return value


def props(**given: Any) -> dict[str, Any]:
    """An object (a layout, a shape, a marker) made in one go."""
    made: dict[str, Any] = _made(given)
    return made


def trace(kind: str, **given: Any) -> dict[str, Any]:
    """A trace of type ``kind`` ('bar', 'scatter', 'indicator') made in one go."""
    return {**props(**given), "type": kind}


def _update(target: dict[str, Any], update: dict[str, Any]) -> None:
    """Merge ``update`` into ``target`` in place: nested objects first, then plain values."""
    for key, value in update.items():
        if isinstance(value, dict):
            if not isinstance(target.get(key), dict):
                target[key] = {}
            _update(target[key], value)
    for key, value in update.items():
        if value is not None and not isinstance(value, dict):
            target[key] = _made(value)


@cache
def _grid(rows: int, cols: int, shared_yaxes: bool, vertical_spacing: float,
          horizontal_spacing: float) -> dict[str, Any]:
    """The axes of a grid of panels as plotly.py's ``make_subplots`` lays them out (start cell top
    left, no specs): its domain arithmetic step for step, the same floats and keys in the same
    order (a property test holds the two equal; make_subplots built a whole validated figure: 0.3 s
    under the profiler of the 0.8 s the demo's dashboards had left to do on one core)."""
    if rows < 1 or cols < 1 or not (0 <= horizontal_spacing <= (1 / (cols - 1) if cols > 1 else 1)) \
            or not (0 <= vertical_spacing <= (1 / (rows - 1) if rows > 1 else 1)):
        raise ValueError(f"no grid of {rows} x {cols} with spacing {horizontal_spacing}, {vertical_spacing}")
    widths = [(1.0 - horizontal_spacing * (cols - 1)) / cols] * cols
    heights = [(1.0 - vertical_spacing * (rows - 1)) / rows] * rows
    lefts = [sum(widths[:c]) + c * horizontal_spacing for c in range(cols)]
    # plotly's rows run from the bottom: the top row (r = 0) starts where the last of them does
    bottoms = [sum(heights[:row]) + row * vertical_spacing for row in range(rows)[::-1]]
    axes: dict[str, Any] = {}
    for r in range(rows):
        y0, y1 = _nudged(bottoms[r]), _nudged(bottoms[r] + heights[-1 - r])
        for c in range(cols):
            n = _suffix(r * cols + c + 1)  # and every domain clamped to [0, 1], as make_subplots does
            axes[f"xaxis{n}"] = {"anchor": f"y{n}", "domain": [max(0.0, lefts[c]), min(1.0, lefts[c] + widths[c])]}
            axes[f"yaxis{n}"] = {"anchor": f"x{n}", "domain": [max(0.0, y0), min(1.0, y1)]}
            if shared_yaxes and c > 0:  # each row's panels on the y axis of its first
                axes[f"yaxis{n}"].update(matches=f"y{_suffix(r * cols + 1)}", showticklabels=False)
    return axes


def _nudged(y: float) -> float:
    """A y domain's end as ``make_subplots`` rounds it: into [0, 1] from within 0.01 of it."""
    if -0.01 < y < 0.0:
        return 0.0
    if 1.0 < y < 1.01:
        return 1.0
    return y


def _suffix(panel: int) -> str:
    """The axes' number of the ``panel``-th panel (1, 2, …): '' for the first, as plotly names them."""
    return "" if panel == 1 else str(panel)


@dataclass
class PlainFigure:
    """A figure as plotly.js reads it: its traces and its layout, both plain JSON values."""

    layout: dict[str, Any] = field(default_factory=dict)
    data: list[dict[str, Any]] = field(default_factory=list)

    @classmethod
    def of(cls, layout: dict[str, Any]) -> PlainFigure:
        """A figure with ``layout`` made in one go (as ``go.Figure(layout=…)``)."""
        return cls(layout=props(**layout))

    @classmethod
    def grid(cls, rows: int, cols: int, titles: list[str], *, shared_yaxes: bool = False,
             vertical_spacing: float, horizontal_spacing: float) -> PlainFigure:
        """Panels in ``rows`` × ``cols`` with a title over each of the first ones (as
        ``make_subplots``; its titles are 16 px until the caller says otherwise)."""
        axes = copy.deepcopy(_grid(rows, cols, shared_yaxes, vertical_spacing, horizontal_spacing))
        annotations = []
        for panel, title in enumerate(titles, start=1):
            x0, x1 = axes[f"xaxis{_suffix(panel)}"]["domain"]
            top = axes[f"yaxis{_suffix(panel)}"]["domain"][1]
            if title:
                annotations.append(props(font={"size": 16}, showarrow=False, text=title, x=(x0 + x1) / 2.0,
                                         xanchor="center", xref="paper", y=top, yanchor="bottom", yref="paper"))
        layout = {"template": _made(NO_TEMPLATE), **axes}
        if annotations:
            layout["annotations"] = annotations
        return cls(layout=layout)

    def add_trace(self, made: dict[str, Any], panel: int | None = None) -> None:
        """Add a trace (from ``trace``), in a grid on the axes of ``panel`` (1, 2, …)."""
        if panel is not None:
            made = {**made, "xaxis": f"x{_suffix(panel)}", "yaxis": f"y{_suffix(panel)}"}
        self.data.append(made)

    def update_layout(self, **update: Any) -> None:
        _update(self.layout, update)

    def update_axis(self, axis: str, panel: int = 1, **update: Any) -> None:
        """Update the ``axis`` ('x' or 'y') of ``panel`` (1, 2, … in a grid; a lone plot is panel 1)."""
        _update(self.layout, {f"{axis}axis{_suffix(panel)}": update})

    def update_annotations(self, **update: Any) -> None:
        for annotation in self.layout.get("annotations", []):
            _update(annotation, update)

    def add_shape(self, **shape: Any) -> None:
        self.layout.setdefault("shapes", []).append(props(**shape))

    def add_annotation(self, **annotation: Any) -> None:
        self.layout.setdefault("annotations", []).append(props(showarrow=False, **annotation))

    def add_hline(self, y: float, line: dict[str, Any], annotation: dict[str, Any]) -> None:
        """A line across the plot at ``y`` and its label (``annotation`` says where along it)."""
        self.add_shape(type="line", x0=0, x1=1, xref="x domain", y0=y, y1=y, yref="y", line=line)
        self.add_annotation(**{"xref": "x domain", "y": y, "yref": "y", **annotation})

    def add_vline(self, x: float | str, line: dict[str, Any], annotation: dict[str, Any] | None = None) -> None:
        """A line up the plot at ``x`` and its label (``annotation`` says where along it; none: the
        line is named elsewhere, e.g. in the legend)."""
        self.add_shape(type="line", x0=x, x1=x, xref="x", y0=0, y1=1, yref="y domain", line=line)
        if annotation is not None:
            self.add_annotation(**{"x": x, "xref": "x", "yref": "y domain", **annotation})

    def to_dict(self) -> dict[str, Any]:
        """The figure as plotly.js reads it (the figure's own lists and dicts, not a copy)."""
        return {"data": self.data, "layout": self.layout}

    def to_json(self) -> str:
        """The figure as compact JSON (plotly.py's encoder); pages embed it with ``document.figure_json``."""
        return str(pio.to_json(self.to_dict(), validate=False, pretty=False, engine="json"))
