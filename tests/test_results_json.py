"""The results JSON holds at least the minimum of docs/results-json.md."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from helpers import MIDTJYLLAND, SAMPLE, complete

import hubmonitor
from hubmonitor.io.results_json import to_document, write_atomic


@pytest.fixture(scope="module")
def document() -> dict:
    return json.loads(json.dumps(to_document(hubmonitor.evaluate(MIDTJYLLAND, SAMPLE))))


def test_minimum_fields(document: dict) -> None:
    assert document["schema_version"] == 1
    assert document["hub"] == "Erhvervshus Midtjylland"
    assert document["contract"].startswith("Resultatkontrakt 2024")
    assert document["period"] == {"start": "2024-01-01", "end": "2024-12-31", "as_of": "2024-12-31"}
    for target in document["targets"]:
        assert {"id", "value", "target", "status", "numerator", "denominator", "groups"} <= set(target)
        assert target["status"] in {"met", "not_met", "insufficient_data", "on_track", "behind"}
    dq = document["data_quality"]
    assert {"rows_read", "rows_used", "quarantined", "warnings"} <= set(dq)
    assert dq["quarantined"][0].keys() >= {"file", "row", "reason"}


def test_targets_in_spec_shape(document: dict) -> None:
    targets = {t["id"]: t for t in document["targets"]}
    satisfaction = targets["M3.satisfaction"]
    assert satisfaction["target"] == 0.8
    drift = satisfaction["groups"][0]
    assert {k: drift[k] for k in ("key", "value", "status", "numerator", "denominator")} == {
        "key": "drift", "value": 588 / 733, "status": "met", "numerator": 588, "denominator": 733}
    # a group of answers carries its Wilson interval; 0.80 lies inside it: met, but uncertain
    assert drift["interval"]["method"] == "wilson" and drift["interval"]["level"] == 0.95
    assert drift["interval"]["low"] <= 0.8 <= drift["interval"]["high"]
    assert drift["uncertain"] is True
    assert targets["M8.balance"]["target"] == [0.4, 0.6]
    assert targets["M5.green_tool"]["value"] is True
    aarhus = next(g for g in targets["M8.spread"]["groups"] if g["key"] == "Aarhus")
    assert {"value", "expected", "low", "high", "status"} <= set(aarhus)
    samso = next(g for g in targets["ALLOC.basisbevilling"]["groups"] if g["key"] == "Samsø")
    # 116 thousand kr over 4 individually guided companies = 29,000 kr each.
    assert (samso["amount"], samso["guided"], samso["kr_per_guided"]) == (116, 4, 29000.0)
    assert {"share", "population_share"} <= set(samso)


def test_missing_figure_is_null_not_zero(tmp_path: Path) -> None:
    # Only the evaluations: every CRM- and external-based target lacks its data.
    (tmp_path / "evaluations.csv").write_bytes((SAMPLE / "evaluations.csv").read_bytes())
    complete(tmp_path)  # the CRM export with its header only
    doc = to_document(hubmonitor.evaluate(MIDTJYLLAND, tmp_path))
    targets = {t["id"]: t for t in doc["targets"]}
    for target_id in ("M1.awareness", "M1.new_companies", "M8.spread", "M8.reach", "M8.balance",
                      "M6.growth_revenue", "M5.green_tool"):
        assert targets[target_id]["value"] is None, target_id
        assert targets[target_id]["status"] == "insufficient_data", target_id
    assert targets["M1.new_companies"]["reason"] == "ingen CRM-aktiviteter fra 2023 at sammenligne med"


def test_atomic_write_keeps_the_old_file_on_failure(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "out.json"
    write_atomic(target, "old\n")

    def disk_full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)  # fails after the bytes are written
    with pytest.raises(OSError, match="No space"):
        write_atomic(target, "new\n")
    assert target.read_text(encoding="utf-8") == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]  # no temporary file left behind


def test_a_later_version_s_added_fields_are_ignored_when_read() -> None:
    """docs/results-json.md: fields may be added within schema_version 1 and a reader ignores those it
    does not know. hubmonitor's own reader refused them ("contract_en: Extra inputs are not permitted"
    in the release before contract_en), so results of a later version could not be read."""
    from hubmonitor.io.results_json import from_document

    report = hubmonitor.evaluate(MIDTJYLLAND, SAMPLE)
    doc = to_document(report)
    doc["added_later"] = {"x": 1}
    grouped = next(t for t in doc["targets"] if t["groups"])
    grouped["added_later"] = [1, 2]
    grouped["groups"] = [{**g, "added_later": True} for g in grouped["groups"]]
    doc["period"]["added_later"] = "x"
    assert from_document(doc) == report
