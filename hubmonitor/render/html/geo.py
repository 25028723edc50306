"""Municipal boundaries for a hub's map, small enough to embed in one page.

The map is drawn as filled polygons on plain x/y axes (longitude, latitude with the latitude
scaled by 1 / cos of the map's middle latitude), not with plotly's ``go.Choropleth``: a geo
subplot always fetches its base-map topojson from ``cdn.plot.ly`` — even with ``visible=False`` —
which fails offline and logs errors, and maplibre maps want tiles or glyph fonts. On plain axes
the winding order that ``kommuner.geojson.SOURCE.md`` warns about does not matter (a filled
SVG path is the same either way round); holes are dropped and enclosed municipalities (such as
Frederiksberg inside København) are drawn after, i.e. on top of, the larger ones.

Coordinates are rounded to 4 decimals (about 7–11 m, far below the 1:500 000 source's
precision) with repeated points dropped; a hub's 19 municipalities come to well under 100 KB.
"""

from __future__ import annotations

import itertools
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache
from typing import Any

from hubmonitor.errors import ReferenceDataError
from hubmonitor.reference import reference_dir

Ring = tuple[tuple[float, float], ...]
Box = tuple[float, float, float, float]  # min lon, min lat, max lon, max lat
_DECIMALS = 4
_FAR = 0.5  # degrees between a municipality and the rest beyond which it goes in an inset (Bornholm)


@dataclass(frozen=True)
class Shape:
    """One municipality: its outer rings (lon, lat) and a point inside it for a marker."""

    name: str
    rings: tuple[Ring, ...]
    label: tuple[float, float]
    area: float  # in square degrees, only for drawing order


@cache
def load_boundaries() -> dict[str, Any]:
    """``kommuner.geojson`` from the reference folder (the wheel's copy when installed)."""
    path = reference_dir() / "kommuner.geojson"
    try:
        doc: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ReferenceDataError(f"{path}: cannot read the municipal boundaries: {exc}") from exc
    return doc


def _round_ring(ring: Sequence[Sequence[float]]) -> Ring:
    out: list[tuple[float, float]] = []
    for lon, lat, *_ in ring:
        point = (round(float(lon), _DECIMALS), round(float(lat), _DECIMALS))
        if not out or out[-1] != point:
            out.append(point)
    if out and out[0] != out[-1]:
        out.append(out[0])
    return tuple(out)


def _signed_area(ring: Ring) -> float:
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in itertools.pairwise(ring)) / 2


def _centroid(ring: Ring) -> tuple[float, float]:
    a = _signed_area(ring)
    if a == 0:
        return ring[0]
    cx = sum((x0 + x1) * (x0 * y1 - x1 * y0) for (x0, y0), (x1, y1) in itertools.pairwise(ring))
    cy = sum((y0 + y1) * (x0 * y1 - x1 * y0) for (x0, y0), (x1, y1) in itertools.pairwise(ring))
    return cx / (6 * a), cy / (6 * a)


def _crossings(ring: Ring, y: float) -> list[float]:
    """The x positions where the horizontal line at ``y`` crosses the ring's edges."""
    xs = []
    for (x0, y0), (x1, y1) in itertools.pairwise(ring):
        if (y0 <= y < y1) or (y1 <= y < y0):
            xs.append(x0 + (y - y0) * (x1 - x0) / (y1 - y0))
    return sorted(xs)


def _inside_point(ring: Ring) -> tuple[float, float]:
    """The centroid when it lies inside the ring, else the middle of the widest inside span on
    the centroid's latitude (a concave or crescent-shaped municipality)."""
    cx, cy = _centroid(ring)
    xs = _crossings(ring, cy)
    spans = list(zip(xs[0::2], xs[1::2], strict=False))
    if any(a <= cx <= b for a, b in spans) or not spans:
        return round(cx, _DECIMALS), round(cy, _DECIMALS)
    a, b = max(spans, key=lambda s: s[1] - s[0])
    return round((a + b) / 2, _DECIMALS), round(cy, _DECIMALS)


def _shape(feature: dict[str, Any]) -> Shape:
    geometry = feature["geometry"]
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    rings = tuple(r for r in (_round_ring(p[0]) for p in polygons) if len(r) >= 4)
    largest = max(rings, key=lambda r: abs(_signed_area(r)))
    props = feature["properties"]
    return Shape(name=str(props["name"]), rings=rings,
                 label=_inside_point(largest), area=sum(abs(_signed_area(r)) for r in rings))


def shapes(names: Sequence[str]) -> list[Shape]:
    """The shapes of the named municipalities (official names), largest first so smaller ones
    are drawn on top. Names without a boundary are left out (the caller lists them anyway)."""
    doc = load_boundaries()
    wanted = set(names)
    found = [_shape(f) for f in doc["features"] if f["properties"]["name"] in wanted]
    return sorted(found, key=lambda s: (-s.area, s.name))


def _box(rings: Sequence[Ring]) -> Box:
    xs = [x for r in rings for x, _ in r]
    ys = [y for r in rings for _, y in r]
    return min(xs), min(ys), max(xs), max(ys)


def _moved(shape: Shape, dx: float, dy: float) -> Shape:
    def move(p: tuple[float, float]) -> tuple[float, float]:
        return round(p[0] + dx, _DECIMALS), round(p[1] + dy, _DECIMALS)

    return replace(shape, rings=tuple(tuple(move(p) for p in r) for r in shape.rings), label=move(shape.label))


@dataclass(frozen=True)
class HubMap:
    """What the map draws: the shapes (insets moved), the frames around insets, the names that
    get a text label (the others have their marker and hover text only)."""

    shapes: tuple[Shape, ...]
    frames: tuple[Box, ...]
    labelled: frozenset[str]


def _labelled(shapes: Sequence[Shape], ratio: float) -> frozenset[str]:
    """Names whose label boxes do not overlap a larger municipality's label, largest first."""
    x0, y0, x1, y1 = _box([r for s in shapes for r in s.rings])
    width, height = (x1 - x0) or 1.0, ((y1 - y0) or 1.0) * ratio
    placed: list[Box] = []
    names = []
    for s in shapes:  # largest first
        half_w = (len(s.name) + 2) * 0.0055 * max(width, height / 0.8) / 2
        half_h = 0.05 * height
        x, y = s.label[0], s.label[1] * ratio
        box = (x - half_w, y - 2 * half_h, x + half_w, y + half_h / 2)
        if all(box[2] < b[0] or box[0] > b[2] or box[3] < b[1] or box[1] > b[3] for b in placed):
            placed.append(box)
            names.append(s.name)
    return frozenset(names)


def hub_map(names: Sequence[str]) -> HubMap:
    """The shapes of a hub's municipalities for the map. A municipality far from the rest
    (Bornholm, 150 km east of Copenhagen) is moved just east of them and framed, as printed maps of
    Denmark do, so the others are not drawn tiny."""
    found = shapes(names)
    if not found:
        return HubMap(shapes=(), frames=(), labelled=frozenset())
    moved: list[Shape] = []
    frames: list[Box] = []
    for s in found:
        rest = [r for o in found if o is not s for r in o.rings]
        if not rest:
            moved.append(s)
            continue
        ox0, oy0, ox1, oy1 = _box(rest)
        x0, y0, x1, y1 = _box(s.rings)
        if max(ox0 - x1, x0 - ox1, oy0 - y1, y0 - oy1) > _FAR:
            pad = 0.04
            dx, dy = ox1 + 2 * pad - x0, oy0 + pad - y0
            moved.append(_moved(s, dx, dy))
            frames.append((round(x0 + dx - pad, _DECIMALS), round(y0 + dy - pad, _DECIMALS),
                           round(x1 + dx + pad, _DECIMALS), round(y1 + dy + pad, _DECIMALS)))
        else:
            moved.append(s)
    return HubMap(shapes=tuple(moved), frames=tuple(frames), labelled=_labelled(moved, aspect(moved)))


def aspect(shapes_: Sequence[Shape]) -> float:
    """How much longer a degree of latitude is drawn than a degree of longitude at the map's middle."""
    lats = [lat for s in shapes_ for ring in s.rings for _, lat in ring]
    middle = (min(lats) + max(lats)) / 2 if lats else 56.0
    return 1 / math.cos(math.radians(middle))
