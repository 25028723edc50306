"""The label search's inner loop (hubmonitor/render/html/geo.py ``_signed_distance``): one pass
over a polygon's edges gives the distance to the nearest edge, negative outside (holes count as
outside), the same as ``inside`` says."""

from __future__ import annotations

import pytest

from hubmonitor.render.html import geo

SQUARE = ((0.0, 0.0), (4.0, 0.0), (4.0, 4.0), (0.0, 4.0), (0.0, 0.0))
HOLE = ((1.0, 1.0), (3.0, 1.0), (3.0, 3.0), (1.0, 3.0), (1.0, 1.0))


@pytest.mark.parametrize(("point", "expected"), [
    ((2.0, 0.5), 0.5),  # inside, nearest the bottom edge
    ((0.5, 0.5), 0.5),  # inside, as far from the bottom as from the left
    ((5.0, 2.0), -1.0),  # outside, to the right
    ((7.0, 8.0), -5.0),  # outside, nearest the corner (4, 4): a 3-4-5 triangle
    ((2.0, 2.0), -1.0),  # in the hole: outside the polygon
    ((3.5, 2.0), 0.5),  # between the hole and the outer ring
])
def test_signed_distance(point: tuple[float, float], expected: float) -> None:
    edges = geo._edges([SQUARE, HOLE])
    assert geo._signed_distance(edges, *point) == expected
    assert geo.inside([SQUARE, HOLE], *point) == (expected > 0)


def test_a_repeated_point_is_an_edge_of_no_length() -> None:
    """An edge from a point to itself (dx = dy = 0) is that point."""
    edges = geo._edges([((0.0, 0.0), (0.0, 0.0), (3.0, 0.0), (0.0, 4.0), (0.0, 0.0))])
    assert edges[0] == (0.0, 0.0, 0.0, 0.0, 0.0, 0.0)
    assert geo._signed_distance(edges[:1], 3.0, 4.0) == -5.0
