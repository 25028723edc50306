"""The municipal map (issue 17, item 5): every municipality of every hub is identifiable on screen
and in print — a number at a point inside it and one row of the key beside the map — and no
hover-only instruction prints. Decisions: docs/decisions.md."""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from dashboard_site import open_page, require_chromium

from hubmonitor.reference import load_registry, reference_dir
from hubmonitor.render.html import geo
from hubmonitor.render.html import municipal_figures as mf
from hubmonitor.render.html.municipal_page import municipal_body
from hubmonitor.report import GroupResult, Report, TargetResult

HUBS = sorted(load_registry().hubs)
IMG = "<img src=x onerror=alert(1)>"


def spread_of(names: list[str]) -> TargetResult:
    """A spread target over the named municipalities, the first third below the band, the next
    within, the rest above."""
    n = len(names)
    groups = [GroupResult(key=name, value=10, expected=20.0, low=18.0, high=22.0,
                          status="below" if i < n // 3 else "within" if i < 2 * n // 3 else "above",
                          dialogue=i < n // 3)
              for i, name in enumerate(names)]
    return sample_report().target("M8.spread").model_copy(update={"groups": groups})


def key_rows(html: str) -> list[tuple[str, str]]:
    """(number, name cell) of each row of the key table."""
    body = html.split('<table class="data map-key">', 1)[1].split("</table>", 1)[0]
    return re.findall(r'<tr><td class=num>(\d+)</td><th class="label" scope="row">(.*?)</th>', body)


@cache
def sample_report() -> Report:
    from dashboard_site import sample_report as evaluate_sample

    return evaluate_sample()


def report_with(spread: TargetResult) -> Report:
    return sample_report().model_copy(update={"targets": [spread]})


def test_six_hubs() -> None:
    assert len(HUBS) == 6


@pytest.mark.parametrize("hub", HUBS)
def test_every_municipality_has_one_number_and_one_key_row(hub: str) -> None:
    names = [m.name for m in load_registry().members(hub)]
    hub_map = geo.hub_map(names)
    assert sorted(s.name for s in hub_map.shapes) == sorted(names)
    spread = spread_of(names)
    numbers = mf.map_numbers(spread)
    assert sorted(numbers.values()) == list(range(1, len(names) + 1))
    fig = mf.map_figure(spread, hub_map, "da").to_dict()
    shown = [t for trace in fig["data"] if trace.get("legendgroup") for t in trace["text"]]
    assert sorted(shown, key=int) == [str(i) for i in range(1, len(names) + 1)]  # each number once
    body, charts = municipal_body(report_with(spread), hub_map, "da")
    assert charts
    rows = key_rows(body)
    assert rows == [(str(numbers[n]), n.replace("&", "&amp;")) for n in sorted(names)]


@pytest.mark.parametrize("hub", HUBS)
def test_label_point_inside_its_own_polygon(hub: str) -> None:
    hub_map = geo.hub_map([m.name for m in load_registry().members(hub)])
    for shape in hub_map.shapes:
        assert any(geo.inside([ring], *shape.label) for ring in shape.rings), shape.name
        # no smaller municipality (drawn on top) covers the number: Frederiksberg in København
        covering = [o.name for o in hub_map.shapes
                    if o.area < shape.area and any(geo.inside([r], *shape.label) for r in o.rings)]
        assert covering == [], shape.name


def test_label_points_are_deterministic_and_pinned() -> None:
    names = [m.name for m in load_registry().members("Hovedstaden")]
    first = {s.name: s.label for s in geo.hub_map(names).shapes}
    geo.load_boundaries.cache_clear()
    assert {s.name: s.label for s in geo.hub_map(names).shapes} == first
    assert first["København"] == (12.4955, 55.7039)  # in København, outside Frederiksberg (its hole)
    assert first["Frederiksberg"] == (12.5252, 55.6797)
    assert first["Allerød"] == (12.321, 55.8572)


def test_the_shipped_label_points_are_the_boundaries_own() -> None:
    """``kommuner.labels.json`` holds what the search gives for the shipped boundaries, byte for byte
    (a boundary file replaced without it fails here: ``python -m hubmonitor.render.html.geo`` writes it)."""
    shipped = (reference_dir() / geo.LABELS_FILE).read_text(encoding="utf-8")
    assert geo.label_points_text(geo.label_points_doc()) == shipped
    assert len(json.loads(shipped)["labels"]) == 98


@pytest.mark.parametrize("spoil", ["boundaries", "labels", "not json", "no file", "NaN", "a table", "deep"])
def test_label_points_not_made_from_these_boundaries_are_worked_out(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, spoil: str) -> None:
    """The shipped points are read only when made from these very boundaries (their SHA-256) by this
    search; a boundary file changed by one byte, a labels file of another shape, not JSON or missing:
    every point is worked out, the same as the boundaries give."""
    source = reference_dir()
    geojson = (source / "kommuner.geojson").read_bytes()
    doc = json.loads((source / geo.LABELS_FILE).read_text(encoding="utf-8"))
    wrong = {**doc, "labels": {**doc["labels"], "Allerød": [0.0, 0.0]}}
    (tmp_path / "kommuner.geojson").write_bytes(geojson + b"\n" if spoil == "boundaries" else geojson)
    text = {"boundaries": json.dumps(wrong), "labels": json.dumps({**wrong, "labels": [[0, 0]]}),
            "not json": "{", "no file": None,
            # with the right fingerprint, a point that is not two finite numbers: the whole file is not used
            "NaN": json.dumps({**doc, "labels": {**doc["labels"], "Allerød": [float("nan"), 55.0]}}),
            "a table": json.dumps({**doc, "labels": {**doc["labels"], "Allerød": {"1": 0, "2": 0}}}),
            "deep": "[" * 100_000}[spoil]
    if text is not None:
        (tmp_path / geo.LABELS_FILE).write_text(text, encoding="utf-8")
    monkeypatch.setattr(geo, "reference_dir", lambda: tmp_path)
    for cached in (geo._boundary_bytes, geo.load_boundaries, geo._shipped_labels, geo._shape_of):
        cached.cache_clear()
    try:
        assert geo._shipped_labels() == {}
        assert geo.hub_map(["Allerød"]).shapes[0].label == (12.321, 55.8572)  # worked out, not (0, 0)
    finally:
        for cached in (geo._boundary_bytes, geo.load_boundaries, geo._shipped_labels, geo._shape_of):
            cached.cache_clear()


def test_pole_of_inaccessibility_of_a_square_with_a_hole() -> None:
    square = ((0.0, 0.0), (4.0, 0.0), (4.0, 4.0), (0.0, 4.0), (0.0, 0.0))
    assert geo.pole_of_inaccessibility([square], 0.01) == (2.0, 2.0)
    hole = ((1.0, 1.0), (3.0, 1.0), (3.0, 3.0), (1.0, 3.0), (1.0, 1.0))
    x, y = geo.pole_of_inaccessibility([square, hole], 0.01)
    assert geo.inside([square, hole], x, y) and not (1 <= x <= 3 and 1 <= y <= 3)


def test_key_escapes_names_and_lists_a_municipality_without_boundary() -> None:
    names = ["Allerød", IMG]
    hub_map = geo.hub_map(names)
    assert [s.name for s in hub_map.shapes] == ["Allerød"]
    body, _ = municipal_body(report_with(spread_of(names)), hub_map, "da")
    assert IMG not in body
    assert key_rows(body) == [
        ("1", '&lt;img src=x onerror=alert(1)&gt; <span class="note">(ikke på kortet)</span>'), ("2", "Allerød")]
    fig = mf.map_figure(spread_of(names), hub_map, "en").to_dict()
    assert [t for trace in fig["data"] if trace.get("legendgroup") for t in trace["text"]] == ["2"]


def test_hover_sentence_is_screen_only_in_both_languages() -> None:
    names = [m.name for m in load_registry().members("Hovedstaden")]
    hub_map = geo.hub_map(names)
    for lang, sentence in (("da", "Hold musen over en kommune for tallene."),
                           ("en", "Hover over a municipality for the figures.")):
        body, _ = municipal_body(report_with(spread_of(names)), hub_map, lang)
        assert body.count(sentence) == 1
        assert f'<span class="screen-only">{sentence}</span>' in body


# --- in Chromium: the printed page -----------------------------------------------------------


@pytest.fixture(scope="module")
def map_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from hubmonitor.render.html.site import build_site

    names = [m.name for m in load_registry().members("Hovedstaden")]
    root = tmp_path_factory.mktemp("map-site")
    report = report_with(spread_of(names))
    site = build_site([report], lang="da", generated="2025-09-30", workbooks=False)
    for name, content in site.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(content)
    assert site == build_site([report], lang="da", generated="2025-09-30", workbooks=False)  # byte-identical
    return root


def municipal_page_name(root: Path) -> str:
    (page,) = [p for p in root.rglob("kommuner.html")]
    assert page.stat().st_size < 1_000_000
    return str(page.relative_to(root))


def test_printed_map_page_has_the_key_and_no_hover_sentence(browser: Any, map_site: Path) -> None:
    require_chromium()
    page, _watch = open_page(browser, map_site, municipal_page_name(map_site))
    try:
        screen = page.inner_text("#map")
        assert "Hold musen over en kommune" in screen
        page.emulate_media(media="print")
        printed = page.inner_text("#map")
        assert "Hold musen" not in printed
        assert "Nøgle til kortet" in printed and "Allerød" in printed
        assert page.locator("table.map-key tbody tr").count() == 29
        assert page.locator("table.map-key").is_visible()
        # every number is drawn as text on the map
        drawn = page.eval_on_selector_all("#fig-1 g.textpoint text", "els => els.map(e => e.textContent)")
        assert sorted(drawn, key=int) == [str(i) for i in range(1, 30)]
    finally:
        page.close()


# Two numbers closer than this (in CSS pixels) read as one; the boxes are the drawn <text> elements'.
_LABEL_GAP = 1.0


def _overlaps(boxes: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """Pairs of labels whose boxes, each grown by half the gap, intersect."""
    found = []
    g = _LABEL_GAP / 2
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            if (a["x"] - g < b["x"] + b["w"] + g and b["x"] - g < a["x"] + a["w"] + g
                    and a["y"] - g < b["y"] + b["h"] + g and b["y"] - g < a["y"] + a["h"] + g):
                found.append((a["t"], b["t"]))
    return found


def test_overlaps_by_hand() -> None:
    box = {"x": 0.0, "y": 0.0, "w": 10.0, "h": 10.0, "t": "1"}
    assert _overlaps([box, {**box, "x": 10.5, "t": "2"}]) == [("1", "2")]  # 0,5 px apart: too close
    assert _overlaps([box, {**box, "x": 11.0, "t": "2"}]) == []  # 1 px apart
    assert _overlaps([box, {**box, "y": 12.0, "t": "2"}]) == []


_LABEL_BOXES = """els => els.map(e => { const r = e.getBoundingClientRect();
    return {x: r.x, y: r.y, w: r.width, h: r.height, t: e.textContent}; })"""


@pytest.mark.parametrize("width", [1280, 800])
def test_no_two_map_numbers_overlap(browser: Any, tmp_path: Path, width: int) -> None:
    """Every hub's map (Hovedstaden's 29 with the København cluster among them), as drawn by
    plotly in Chromium at a desktop and a narrow width: no number's box touches another's."""
    from dashboard_site import write_site

    require_chromium()
    for hub in HUBS:
        names = [m.name for m in load_registry().members(hub)]
        root = write_site(tmp_path / hub, [report_with(spread_of(names))], "2025-09-30")
        page, _watch = open_page(browser, root, municipal_page_name(root))
        try:
            page.set_viewport_size({"width": width, "height": 900})
            page.wait_for_timeout(300)
            boxes = page.eval_on_selector_all("#fig-1 g.textpoint text", _LABEL_BOXES)
            assert sorted(int(b["t"]) for b in boxes) == list(range(1, len(names) + 1)), hub
            assert _overlaps(boxes) == [], (hub, width)
        finally:
            page.close()


def test_label_places_are_deterministic_and_move_only_where_crowded() -> None:
    """Numbers stay right of their markers unless that spot is taken: Midtjylland's 19 are spread
    out, and all stay right; in the København cluster some move (checked drawn in Chromium above)."""
    for hub, moved in (("Midtjylland", False), ("Hovedstaden", True)):
        names = [m.name for m in load_registry().members(hub)]
        hub_map = geo.hub_map(names)
        numbers = mf.map_numbers(spread_of(names))
        places = mf.label_places(hub_map, numbers)
        assert places == mf.label_places(hub_map, numbers) and set(places) == set(names)
        assert any(p != "middle right" for p in places.values()) is moved, hub


# --- the band is the contract's, not a fixed ±10 % ------------------------------------------------


def test_the_band_is_the_contracts_tolerance(tmp_path: Path) -> None:
    """A contract with tolerance 0.125: the results carry it, and the map's note, the spread chart's
    legend and its caption say ±12,5 % (Danish) / ±12.5 % (English); the sample contract says ±10 %."""
    import shutil

    import hubmonitor
    from hubmonitor.render.html import municipal_figures as mf
    from hubmonitor.render.html.document import chart_data
    from hubmonitor.render.html.municipal_page import map_note

    shutil.copytree("contracts/national", tmp_path / "national")
    (tmp_path / "midtjylland").mkdir()
    text = Path("contracts/midtjylland/2024.yaml").read_text(encoding="utf-8")
    assert text.count("tolerance: 0.10") == 1
    (tmp_path / "midtjylland" / "2024.yaml").write_text(text.replace("tolerance: 0.10", "tolerance: 0.125"),
                                                        encoding="utf-8")
    report = hubmonitor.evaluate(tmp_path / "midtjylland" / "2024.yaml", "data/sample/midtjylland-2024")
    spread = report.target("M8.spread")
    assert spread.details["tolerance"] == 0.125
    samso = next(g for g in spread.groups if g.key == "Samsø")
    assert (samso.low, samso.high) == (samso.expected * 0.875, samso.expected * 1.125)  # type: ignore[operator]
    assert map_note(spread, "da").startswith("Geografisk spredning")
    assert "indbyggertallet, ±12,5 % (båndet)." in map_note(spread, "da")
    assert "population, ±12.5 % (the band)." in map_note(spread, "en")
    fig = mf.spread_figure(spread, "da")
    assert fig.to_dict()["data"][-1]["name"] == "Forventet ±12,5 %"
    data = chart_data(fig)
    assert data is not None and " mod det forventede ±12,5 %: " in data.summary
    # the signed sample contract: ±10 %; an old results file without the tolerance: read off the band
    sample = hubmonitor.evaluate("contracts/midtjylland/2024.yaml", "data/sample/midtjylland-2024").target("M8.spread")
    assert mf.band_width(sample, "da") == "±10 %"
    old = sample.model_copy(update={"details": {k: v for k, v in sample.details.items() if k != "tolerance"}})
    assert mf.band_width(old, "da") == "±10 %" and mf.band_width(spread, "en") == "±12.5 %"
