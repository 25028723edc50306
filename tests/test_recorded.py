"""No figure moved: the results of the worked example and of its ESCRM export, against the results
recorded before the input schema (tests/fixtures/recorded/, see its README).

Every field of the recorded documents must be the same now; fields added since are allowed.
``data_quality`` is not recorded (it covers the contract year since then, by design). The
contract files are recorded as the results write them since issue 16 (the contract's name, then
what it extends relative to its folder), the same from any working directory.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from escrm_export import write_escrm
from helpers import MIDTJYLLAND, SAMPLE

import hubmonitor
from hubmonitor.io.results_json import to_document

RECORDED = Path(__file__).parent / "fixtures" / "recorded"


def _same(recorded: Any, now: Any, path: str = "") -> list[str]:
    """Where ``now`` differs from ``recorded``, ignoring keys ``recorded`` does not have."""
    if isinstance(recorded, dict) and isinstance(now, dict):
        return [d for key, value in recorded.items()
                for d in ([f"{path}.{key}: gone"] if key not in now else _same(value, now[key], f"{path}.{key}"))]
    if isinstance(recorded, list) and isinstance(now, list):
        if len(recorded) != len(now):
            return [f"{path}: {len(recorded)} items, now {len(now)}"]
        return [d for i, (a, b) in enumerate(zip(recorded, now, strict=True)) for d in _same(a, b, f"{path}[{i}]")]
    return [] if recorded == now else [f"{path}: {recorded!r}, now {now!r}"]


def _now(folder: Path, as_of: date | None = None, profile: str | None = None) -> dict[str, Any]:
    report = hubmonitor.evaluate(MIDTJYLLAND, folder, as_of=as_of, profile=profile)
    return json.loads(json.dumps(to_document(report), ensure_ascii=False, default=str))


@pytest.mark.parametrize(("name", "as_of"), [("sample", None), ("sample-0630", date(2024, 6, 30))])
def test_the_worked_example_gives_the_recorded_results(name: str, as_of: date | None) -> None:
    recorded = json.loads((RECORDED / f"{name}.json").read_text(encoding="utf-8"))
    assert _same(recorded, _now(SAMPLE, as_of)) == []


def test_the_escrm_export_gives_the_recorded_results(tmp_path: Path) -> None:
    write_escrm(SAMPLE, tmp_path)
    recorded = json.loads((RECORDED / "escrm.json").read_text(encoding="utf-8"))
    assert _same(recorded, _now(tmp_path, profile="escrm-excel")) == []


def test_the_comparison_sees_a_moved_figure() -> None:
    recorded = json.loads((RECORDED / "sample.json").read_text(encoding="utf-8"))
    moved = json.loads(json.dumps(recorded))
    moved["targets"][3]["value"] = 0.5
    assert _same(recorded, moved) == [f".targets[3].value: {recorded['targets'][3]['value']!r}, now 0.5"]
