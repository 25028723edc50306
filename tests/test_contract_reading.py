"""Contract loading reads each framework once per run (issue 19): every hub's contract of a year
extends the same framework; a framework changed since it was read is read again."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from helpers import REPO

from hubmonitor.contract import loader
from hubmonitor.contract.loader import load_contract


@pytest.fixture
def contracts(tmp_path: Path) -> Path:
    """Two hub contracts of 2024 extending one copy of the national framework."""
    (tmp_path / "national").mkdir()
    (tmp_path / "national" / "2024.yaml").write_bytes((REPO / "contracts" / "national" / "2024.yaml").read_bytes())
    for hub in ("midtjylland", "fyn"):
        (tmp_path / hub).mkdir()
        (tmp_path / hub / "2024.yaml").write_bytes((REPO / "contracts" / hub / "2024.yaml").read_bytes())
    return tmp_path


def test_a_framework_is_read_once_for_every_hub(contracts: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    read: list[str] = []
    real = loader.load_document

    def counting(path: Path | str) -> tuple[object, str]:
        read.append(Path(path).name if Path(path).parent.name != "national" else "national")
        return real(path)

    monkeypatch.setattr(loader, "_FRAMEWORKS", {})
    monkeypatch.setattr(loader, "load_document", counting)
    first = load_contract(contracts / "midtjylland" / "2024.yaml")
    second = load_contract(contracts / "fyn" / "2024.yaml")
    assert read.count("national") == 1  # two contracts, one framework read
    assert first.target("M1.awareness").threshold == second.target("M1.awareness").threshold == 0.5


def test_a_changed_framework_is_read_again(contracts: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(loader, "_FRAMEWORKS", {})
    path = contracts / "national" / "2024.yaml"
    assert load_contract(contracts / "midtjylland" / "2024.yaml").target("M1.awareness").threshold == 0.5
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    # the same size, written at once: told apart by content, not by the file's time
    next(t for t in doc["targets"] if t["id"] == "M1.awareness")["threshold"] = 0.6
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    assert load_contract(contracts / "midtjylland" / "2024.yaml").target("M1.awareness").threshold == 0.6
