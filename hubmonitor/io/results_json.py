"""The results JSON of ``docs/results-json.md`` (schema_version 1), written atomically.

The document holds at least the spec's minimum (hub, contract, period, targets with value,
target, status, numerator, denominator, groups; data_quality with rows_read, rows_used,
quarantined and warnings) and more: the rule text, exclusions, origins and row accounting.
"""

from __future__ import annotations

import json
import math
import os  # noqa: F401  (tests reach os.fsync through this module: hubmonitor.io.results_json.os.fsync)
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO

from hubmonitor.errors import DataError, first_line
from hubmonitor.io.atomic import write_file
from hubmonitor.report import DataQuality, Finding, Report


def _finding(f: Finding) -> dict[str, Any]:
    return {"file": f.file, "sheet": f.sheet, "row": f.row, "reason": f.message, "code": f.code, "column": f.column,
            "value": f.value, "reason_en": f.message_en, **({"sensitive": True} if f.sensitive else {})}


def to_document(report: Report) -> dict[str, Any]:
    doc = report.model_dump(mode="json", exclude={"data_quality"})
    for target in doc["targets"]:
        target["groups"] = [{k: v for k, v in g.items() if v is not None or k == "value"}
                            for g in target["groups"]]
    doc["data_quality"] = quality_document(report.data_quality)
    return doc


def quality_document(q: DataQuality) -> dict[str, Any]:
    """The data_quality block: totals, per-input accounting, counts per code and samples; with
    ``period`` (the contract year and as-of date covered, and each input's ``undated`` rows) in an
    evaluation's, without it in check-data's (the whole folder)."""
    period = {"period": q.period.model_dump(mode="json")} if q.period is not None else {}
    return {
        "rows_read": q.rows_read,
        "rows_used": q.rows_used,
        **period,
        "inputs": [i.model_dump(mode="json", exclude={"undated"} if i.undated is None else None)
                   for i in q.inputs],
        "summary": [s.model_dump(mode="json") for s in q.summary],
        "quarantined_total": q.total("quarantine"),
        "warnings_total": q.total("warning"),
        "sample_per_code": q.sample_per_code,
        "quarantined": [_finding(f) for f in q.findings if f.severity == "quarantine"],
        "warnings": [_finding(f) for f in q.findings if f.severity == "warning"],
        "information": [_finding(f) for f in q.findings if f.severity == "info"],
    }


def dumps(report: Report) -> str:
    """The results JSON: always valid JSON (RFC 8259 has no NaN or Infinity). Contracts and
    external files refuse numbers that are not finite, so none should reach a report; one that
    does anyway is a ``DataError`` naming where it is, never invalid JSON."""
    doc = to_document(report)
    try:
        return json.dumps(doc, ensure_ascii=False, indent=1, allow_nan=False) + "\n"
    except ValueError as exc:
        where = _non_finite_at(doc) or "?"
        raise DataError(report.contract, f"resultatet har et tal, der ikke er endeligt, i {where}; intet skrevet "
                        f"/ the results hold a number that is not finite at {where}; nothing written",
                        code="non-finite-number") from exc


def _non_finite_at(value: Any, path: str = "") -> str | None:
    """The path (``targets[3].target``) of the first float in ``value`` that is NaN or infinite."""
    if isinstance(value, float):
        return None if math.isfinite(value) else path
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, item in items:
        found = _non_finite_at(item, f"{path}[{key}]" if isinstance(key, int) else f"{path}.{key}".lstrip("."))
        if found is not None:
            return found
    return None


def quality_dumps(quality: DataQuality, unread_files: list[str] | None = None) -> str:
    """check-data's JSON: the data_quality block, and ``unread_files`` (the folder's files no source
    reads) when given."""
    doc = quality_document(quality)
    if unread_files is not None:
        doc["unread_files"] = list(unread_files)
    return json.dumps(doc, ensure_ascii=False, indent=1, allow_nan=False) + "\n"  # counts only: always finite


def write_atomic(path: Path | str, text: str) -> None:
    """Write ``text`` (UTF-8) so that readers see the old file or the whole new one, never a part."""
    write_atomic_bytes(path, text.encode("utf-8"))


def write_json(path: Path | str, report: Report) -> None:
    write_atomic(path, dumps(report))


def write_quality_json(path: Path | str, quality: DataQuality, unread_files: list[str] | None = None) -> None:
    """check-data's JSON (``quality_dumps``), written atomically."""
    write_atomic(path, quality_dumps(quality, unread_files))


def write_atomic_bytes(path: Path | str, data: bytes) -> None:
    """Write ``data`` atomically (see ``write_atomic_stream``)."""
    write_atomic_stream(path, lambda fh: fh.write(data))


def write_atomic_stream(path: Path | str, write: Callable[[BinaryIO], object]) -> None:
    """Let ``write`` fill the file so that readers see the old file or the whole new one, never a
    part; readable by all (0644) like any file written to be opened or served. The bytes go to a
    locked temporary sibling first (``.hubmonitor-<name>-XXXXXXXX.tmp``), removed on a failure and,
    when a killed run left one, by the next write of the same file (``hubmonitor.io.atomic``)."""
    write_file(path, write)


# --- reading back ---------------------------------------------------------------------------

def _finding_back(item: dict[str, Any], severity: str) -> dict[str, Any]:
    return {"code": item["code"], "severity": severity, "file": item["file"], "sheet": item.get("sheet"),
            "row": item.get("row"), "column": item.get("column"), "value": item.get("value"),
            "message": item["reason"], "message_en": item.get("reason_en") or item["reason"],
            "sensitive": bool(item.get("sensitive", False))}


def from_document(doc: dict[str, Any]) -> Report:
    """The inverse of ``to_document``: a results document back into a Report.

    Raises ``ValueError`` (pydantic's ``ValidationError`` is one) when the document is not a
    results document of schema_version 1.
    """
    if not isinstance(doc, dict) or doc.get("schema_version") != 1:
        version = doc.get("schema_version") if isinstance(doc, dict) else None
        raise ValueError(f"not a hubmonitor results document of schema_version 1 (schema_version: {version!r})")
    data = {k: v for k, v in doc.items() if k != "data_quality"}
    q = doc["data_quality"]
    findings = ([_finding_back(f, "quarantine") for f in q.get("quarantined", [])]
                + [_finding_back(f, "warning") for f in q.get("warnings", [])]
                + [_finding_back(f, "info") for f in q.get("information", [])])
    data["data_quality"] = {"rows_read": q["rows_read"], "rows_used": q["rows_used"], "period": q.get("period"),
                            "inputs": q["inputs"],
                            "summary": q["summary"], "findings": findings,
                            "sample_per_code": q["sample_per_code"]}
    return Report.model_validate(data)


def load(path: Path | str) -> Report:
    """Read a results JSON file written by ``hubmonitor evaluate --json``."""
    try:
        doc = json.loads(Path(path).read_text(encoding="utf-8"))
        return from_document(doc)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, ValueError, KeyError, TypeError) as exc:
        raise DataError(path, f"cannot read the results: {first_line(exc)}", code="bad-results") from exc
