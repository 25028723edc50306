"""The results JSON of ``shared/spec/results-json.md`` (schema_version 1), written atomically.

The document holds at least the spec's minimum (hub, contract, period, targets with value,
target, status, numerator, denominator, groups; data_quality with rows_read, rows_used,
quarantined and warnings) and more: the rule text, exclusions, origins and row accounting.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from hubmonitor.report import DataQuality, Finding, Report


def _finding(f: Finding) -> dict[str, Any]:
    return {"file": f.file, "sheet": f.sheet, "row": f.row, "reason": f.message, "code": f.code, "column": f.column,
            "value": f.value, "reason_en": f.message_en}


def to_document(report: Report) -> dict[str, Any]:
    doc = report.model_dump(mode="json", exclude={"data_quality"})
    for target in doc["targets"]:
        target["groups"] = [{k: v for k, v in g.items() if v is not None or k == "value"}
                            for g in target["groups"]]
    doc["data_quality"] = quality_document(report.data_quality)
    return doc


def quality_document(q: DataQuality) -> dict[str, Any]:
    """The data_quality block: totals, per-input accounting, counts per code and samples."""
    return {
        "rows_read": q.rows_read,
        "rows_used": q.rows_used,
        "inputs": [i.model_dump(mode="json") for i in q.inputs],
        "summary": [s.model_dump(mode="json") for s in q.summary],
        "quarantined_total": q.total("quarantine"),
        "warnings_total": q.total("warning"),
        "sample_per_code": q.sample_per_code,
        "quarantined": [_finding(f) for f in q.findings if f.severity == "quarantine"],
        "warnings": [_finding(f) for f in q.findings if f.severity == "warning"],
    }


def dumps(report: Report) -> str:
    return json.dumps(to_document(report), ensure_ascii=False, indent=1) + "\n"


def write_atomic(path: Path | str, text: str) -> None:
    """Write ``text`` so that readers see the old file or the whole new one, never a part."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_json(path: Path | str, report: Report) -> None:
    write_atomic(path, dumps(report))


def write_quality_json(path: Path | str, quality: DataQuality) -> None:
    write_atomic(path, json.dumps(quality_document(quality), ensure_ascii=False, indent=1) + "\n")
