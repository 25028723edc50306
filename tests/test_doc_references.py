"""Every document the code, the tests and the docs send a reader to is there. The decisions were
once kept in a file per issue (decisions-18-durations.md …) and later gathered in
docs/decisions.md; the contract language's guide and a dozen docstrings still named the old files."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NAMED = re.compile(r"\bdocs/[A-Za-z0-9_./-]+\.(?:md|txt)\b")


def _texts() -> list[Path]:
    found = [ROOT / "README.md", ROOT / "ARCHITECTURE.md", ROOT / "BENCHMARKS.md"]
    for folder, pattern in (("hubmonitor", "*.py"), ("tests", "*.py"), ("bench", "*.py"), ("docs", "*.md"),
                            ("contracts", "*.yaml"), ("data", "*.md")):
        found += sorted((ROOT / folder).rglob(pattern))
    return [p for p in found if p.is_file()]


def test_every_document_named_is_there() -> None:
    named = {(str(p.relative_to(ROOT)), m) for p in _texts() for m in NAMED.findall(p.read_text(encoding="utf-8"))}
    assert len(named) > 20
    missing = sorted((where, name) for where, name in named if not (ROOT / name).is_file())
    assert missing == []
