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

import hashlib
import heapq
import itertools
import json
import math
import sys
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache
from typing import Any

from hubmonitor.errors import ReferenceDataError
from hubmonitor.reference import reference_dir

Ring = tuple[tuple[float, float], ...]
Box = tuple[float, float, float, float]  # min lon, min lat, max lon, max lat
_DECIMALS = 4
_LABEL_PRECISION = 50  # the label point is found to 1/50 of a municipality's extent
_FAR = 0.5  # degrees between a municipality and the rest beyond which it goes in an inset (Bornholm)


@dataclass(frozen=True)
class Shape:
    """One municipality: its outer rings (lon, lat) and a point inside it for its number."""

    name: str
    rings: tuple[Ring, ...]
    label: tuple[float, float]
    area: float  # in square degrees, only for drawing order


BOUNDARIES_FILE = "kommuner.geojson"


def _unreadable(exc: Exception) -> ReferenceDataError:
    return ReferenceDataError(f"{reference_dir() / BOUNDARIES_FILE}: cannot read the municipal boundaries: {exc}")


@cache
def _boundary_bytes() -> bytes:
    """``kommuner.geojson`` from the reference folder (the wheel's copy when installed), read once:
    parsed by ``load_boundaries``, hashed by ``_fingerprint``."""
    try:
        return (reference_dir() / BOUNDARIES_FILE).read_bytes()
    except OSError as exc:
        raise _unreadable(exc) from exc


@cache
def load_boundaries() -> dict[str, Any]:
    """``kommuner.geojson``, parsed."""
    try:
        doc: dict[str, Any] = json.loads(_boundary_bytes().decode("utf-8"))
    except ValueError as exc:
        raise _unreadable(exc) from exc
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


# An edge of a polygon with what every distance to it needs: x0, y0, y1, dx, dy, dx² + dy².
Edge = tuple[float, float, float, float, float, float]


def _edges(polygon: Sequence[Ring]) -> list[Edge]:
    edges = []
    for ring in polygon:
        for (x0, y0), (x1, y1) in itertools.pairwise(ring):
            dx, dy = x1 - x0, y1 - y0
            edges.append((x0, y0, y1, dx, dy, dx * dx + dy * dy))
    return edges


def _signed_distance(edges: Sequence[Edge], x: float, y: float) -> float:
    """The distance from (x, y) to the nearest edge (outer ring or hole), negative outside the
    polygon (even-odd rule): one pass over the edges, the label search's inner loop."""
    best = math.inf
    crossings = False
    for x0, y0, y1, dx, dy, length2 in edges:
        if (y0 > y) != (y1 > y) and x < x0 + (y - y0) * dx / dy:
            crossings = not crossings
        if dx == dy == 0:
            d = math.hypot(x - x0, y - y0)
        else:
            t = ((x - x0) * dx + (y - y0) * dy) / length2
            t = 0.0 if t < 0.0 else 1.0 if t > 1.0 else t
            d = math.hypot(x - x0 - t * dx, y - y0 - t * dy)
        if d < best:
            best = d
    return best if crossings else -best


def inside(polygon: Sequence[Ring], x: float, y: float) -> bool:
    """Whether (x, y) lies inside the polygon: its outer ring less its holes (even-odd rule)."""
    result = False
    for ring in polygon:
        for (x0, y0), (x1, y1) in itertools.pairwise(ring):
            if (y0 > y) != (y1 > y) and x < x0 + (y - y0) * (x1 - x0) / (y1 - y0):
                result = not result
    return result


def pole_of_inaccessibility(polygon: Sequence[Ring], precision: float) -> tuple[float, float]:
    """The point inside the polygon (outer ring first, then holes) farthest from its edges, to within ``precision`` (the
    "polylabel" search of Mapbox: square cells, best-first by the distance a cell could still
    reach, split in four until no cell can beat the best by more than ``precision``).
    Deterministic: ties are broken by the order cells were made."""
    ring = polygon[0]
    x0, y0, x1, y1 = _box([ring])
    size = min(x1 - x0, y1 - y0)
    if size <= 0:
        return ring[0]
    counter = itertools.count()
    heap: list[tuple[float, int, float, float, float, float]] = []
    edges = _edges(polygon)

    def push(x: float, y: float, h: float) -> None:
        d = _signed_distance(edges, x, y)
        heapq.heappush(heap, (-(d + h * math.sqrt(2)), next(counter), x, y, h, d))

    h = size / 2
    x = x0
    while x < x1:
        y = y0
        while y < y1:
            push(x + h, y + h, h)
            y += size
        x += size
    cx, cy = _centroid(ring)
    best = (cx, cy, _signed_distance(edges, cx, cy))
    mx, my = (x0 + x1) / 2, (y0 + y1) / 2
    if (d := _signed_distance(edges, mx, my)) > best[2]:
        best = (mx, my, d)
    while heap:
        neg_max, _, x, y, h, d = heapq.heappop(heap)
        if d > best[2]:
            best = (x, y, d)
        if -neg_max - best[2] <= precision:
            continue
        for sx, sy in ((-1, -1), (1, -1), (-1, 1), (1, 1)):
            push(x + sx * h / 2, y + sy * h / 2, h / 2)
    return best[0], best[1]


def label_point(polygon: Sequence[Ring]) -> tuple[float, float]:
    """Where the municipality's number goes: the polygon's pole of inaccessibility, found with the
    latitude stretched by 1 / cos(latitude) as the map draws it (so "farthest from the edges"
    is as the eye sees it), to 1/50 of the ring's extent, rounded to 4 decimals. Falls back to
    the centroid should rounding ever put the point outside (it cannot for any Danish
    municipality: the point is at least 1/50 of the extent from every edge)."""
    lats = [lat for _, lat in polygon[0]]
    ratio = 1 / math.cos(math.radians((min(lats) + max(lats)) / 2))
    stretched = [tuple((x, y * ratio) for x, y in ring) for ring in polygon]
    x0, y0, x1, y1 = _box(stretched[:1])
    px, py = pole_of_inaccessibility(stretched, max(x1 - x0, y1 - y0) / _LABEL_PRECISION)
    point = round(px, _DECIMALS), round(py / ratio, _DECIMALS)
    if inside(polygon, *point):
        return point
    cx, cy = _centroid(polygon[0])  # pragma: no cover - guard, see above
    return round(cx, _DECIMALS), round(cy, _DECIMALS)  # pragma: no cover


LABELS_FILE = "kommuner.labels.json"  # beside BOUNDARIES_FILE: each municipality's label point


def _fingerprint() -> str:
    return hashlib.sha256(_boundary_bytes()).hexdigest()


def label_points_doc() -> dict[str, Any]:
    """Every municipality's label point worked out from the boundaries (``label_point``, 0.4 s for the
    98), with what it was worked out from: ``LABELS_FILE`` as shipped (``python -m
    hubmonitor.render.html.geo > data/reference/kommuner.labels.json`` writes it anew)."""
    labels = {}
    for feature in load_boundaries()["features"]:
        shape = _shape(feature, known={})
        labels[shape.name] = list(shape.label)
    return {"boundaries_sha256": _fingerprint(), "precision": _LABEL_PRECISION, "decimals": _DECIMALS,
            "labels": dict(sorted(labels.items()))}


@cache
def _shipped_labels() -> dict[str, tuple[float, float]]:
    """The label points of ``LABELS_FILE`` when they were worked out from these very boundaries (their
    SHA-256) by this search (its precision and rounding); else none, and each point is worked out
    (a boundary file replaced, a labels file missing or not as written)."""
    folder = reference_dir()
    try:
        doc = json.loads((folder / LABELS_FILE).read_text(encoding="utf-8"))
        if not isinstance(doc, dict) or (doc.get("boundaries_sha256"), doc.get("precision"), doc.get("decimals")) != (
                _fingerprint(), _LABEL_PRECISION, _DECIMALS) or not isinstance(doc.get("labels"), dict):
            return {}
        points = {str(name): (float(x), float(y)) for name, (x, y) in doc["labels"].items()
                  if isinstance(x, int | float) and isinstance(y, int | float)}
        if len(points) < len(doc["labels"]) or not all(map(math.isfinite, itertools.chain(*points.values()))):
            return {}  # a point not two numbers (a NaN, a text, a table): the file is not as written
        return points
    except (OSError, ValueError, TypeError, RecursionError):
        return {}


def _shape(feature: dict[str, Any], known: dict[str, tuple[float, float]] | None = None) -> Shape:
    geometry = feature["geometry"]
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    rounded = [[r for r in (_round_ring(ring) for ring in p) if len(r) >= 4] for p in polygons]
    kept = [p for p in rounded if p]
    rings = tuple(p[0] for p in kept)
    largest = max(kept, key=lambda p: abs(_signed_area(p[0])))  # with its holes (Frederiksberg in København)
    name = str(feature["properties"]["name"])
    label = (_shipped_labels() if known is None else known).get(name)
    return Shape(name=name, rings=rings, label=label if label is not None else label_point(largest),
                 area=sum(abs(_signed_area(r)) for r in rings))


@cache
def _shape_of(name: str) -> Shape | None:
    """A municipality's shape, made once per process: its label point (the pole of inaccessibility,
    most of a dashboard build's time when made per page) depends on the boundary alone, and is
    read from ``LABELS_FILE`` when that was made from these boundaries (a fifth of the demo's
    dashboard build when worked out for the 98)."""
    feature = next((f for f in load_boundaries()["features"] if f["properties"]["name"] == name), None)
    return _shape(feature) if feature is not None else None


def shapes(names: Sequence[str]) -> list[Shape]:
    """The shapes of the named municipalities (official names), largest first so smaller ones
    are drawn on top. Names without a boundary are left out (the caller lists them anyway)."""
    found = [s for s in (_shape_of(name) for name in dict.fromkeys(names)) if s is not None]
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
    """What the map draws: the shapes (insets moved) and the frames around insets. Every shape
    gets its number at its label point; the names are in the key beside the map."""

    shapes: tuple[Shape, ...]
    frames: tuple[Box, ...]


def hub_map(names: Sequence[str]) -> HubMap:
    """The shapes of a hub's municipalities for the map. A municipality far from the rest
    (Bornholm, 150 km east of Copenhagen) is moved just east of them and framed, as printed maps of
    Denmark do, so the others are not drawn tiny."""
    found = shapes(names)
    if not found:
        return HubMap(shapes=(), frames=())
    moved: list[Shape] = []
    frames: list[Box] = []
    boxes = [_box(s.rings) for s in found]
    for i, s in enumerate(found):
        rest = boxes[:i] + boxes[i + 1:]
        if not rest:
            moved.append(s)
            continue
        ox0, oy0 = min(b[0] for b in rest), min(b[1] for b in rest)
        ox1, oy1 = max(b[2] for b in rest), max(b[3] for b in rest)
        x0, y0, x1, y1 = boxes[i]
        if max(ox0 - x1, x0 - ox1, oy0 - y1, y0 - oy1) > _FAR:
            pad = 0.04
            dx, dy = ox1 + 2 * pad - x0, oy0 + pad - y0
            moved.append(_moved(s, dx, dy))
            frames.append((round(x0 + dx - pad, _DECIMALS), round(y0 + dy - pad, _DECIMALS),
                           round(x1 + dx + pad, _DECIMALS), round(y1 + dy + pad, _DECIMALS)))
        else:
            moved.append(s)
    return HubMap(shapes=tuple(moved), frames=tuple(frames))


def aspect(shapes_: Sequence[Shape]) -> float:
    """How much longer a degree of latitude is drawn than a degree of longitude at the map's middle."""
    lats = [lat for s in shapes_ for ring in s.rings for _, lat in ring]
    middle = (min(lats) + max(lats)) / 2 if lats else 56.0
    return 1 / math.cos(math.radians(middle))


def label_points_text(doc: dict[str, Any]) -> str:
    """``label_points_doc`` as ``LABELS_FILE`` holds it: JSON, a municipality a line."""
    head = {k: v for k, v in doc.items() if k != "labels"}
    lines = [f"  {json.dumps(name, ensure_ascii=False)}: {json.dumps(point)}" for name, point in doc["labels"].items()]
    return (json.dumps(head, ensure_ascii=False, indent=1)[:-2] + ',\n "labels": {\n' + ",\n".join(lines)
            + "\n }\n}\n")


if __name__ == "__main__":  # the shipped label points, written anew: see ``label_points_doc``
    sys.stdout.write(label_points_text(label_points_doc()))
