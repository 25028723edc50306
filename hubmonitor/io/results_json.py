"""The results JSON of ``docs/results-json.md`` (schema_version 1), written atomically.

The document holds at least the spec's minimum (hub, contract, period, targets with value,
target, status, numerator, denominator, groups; data_quality with rows_read, rows_used,
quarantined and warnings) and more: the rule text, exclusions, origins and row accounting.
"""

from __future__ import annotations

import json
import math
import re
import typing
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO

from pydantic import BaseModel, ValidationError

from hubmonitor.errors import DataError, first_line, said
from hubmonitor.io.atomic import write_bytes, write_file
from hubmonitor.io.reading import read_limited, reading
from hubmonitor.report import DataQuality, Finding, Report

RESULTS_LIMIT = 200_000_000  # bytes of a results file read back (the sample's is about 50 kB)


def _finding(f: Finding) -> dict[str, Any]:
    return {"file": f.file, "sheet": f.sheet, "row": f.row, "reason": f.message, "code": f.code, "column": f.column,
            "value": f.value, "reason_en": f.message_en, **({"sensitive": True} if f.sensitive else {}),
            **({"detail": f.detail, "detail_en": f.detail_en} if f.detail else {})}


def to_document(report: Report) -> dict[str, Any]:
    # (``asked`` is the accounting's, written in its block where it is true)
    doc = report.model_dump(mode="json", exclude={"data_quality": True, "period": {"asked"}})
    for target in doc["targets"]:
        target["groups"] = [{k: v for k, v in g.items() if v is not None or k == "value"}
                            for g in target["groups"]]
    doc["data_quality"] = quality_document(report.data_quality)
    return doc


# an input's fields left out of the results where they are None (a year's undated rows in check-data's whole
# folder, rows skip_rows left out, the export's own headings): results written before them stay the same
_UNWRITTEN_WHEN_NONE = ("undated", "skipped", "headings")


def quality_document(q: DataQuality) -> dict[str, Any]:
    """The data_quality block: totals, per-input accounting, counts per code and samples; with
    ``period`` (the contract year and as-of date covered, and each input's ``undated`` rows) in an
    evaluation's, without it in check-data's (the whole folder)."""
    # ``asked`` only where it is true: the results of every other evaluation are as before
    period = ({"period": q.period.model_dump(mode="json", exclude=set() if q.period.asked else {"asked"})}
              if q.period is not None else {})
    return {
        "rows_read": q.rows_read,
        "rows_used": q.rows_used,
        **period,
        "inputs": [i.model_dump(mode="json", exclude={k for k in _UNWRITTEN_WHEN_NONE if getattr(i, k) is None})
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
        raise DataError(report.contract, said(f"resultatet har et tal, der ikke er endeligt, i {where}; intet skrevet",
                        f"the results hold a number that is not finite at {where}; nothing written"),
                        code="non-finite-number") from exc


def _non_finite_at(value: Any, path: str = "", limit: float = math.inf) -> str | None:
    """The path (``targets[3].target``) of the first number in ``value`` that is NaN or infinite (or,
    with ``limit``, not below it in size)."""
    if isinstance(value, float | int) and not isinstance(value, bool):
        return None if math.isfinite(value) and abs(value) < limit else path
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, item in items:
        found = _non_finite_at(item, f"{path}[{key}]" if isinstance(key, int) else f"{path}.{key}".lstrip("."),
                               limit)
        if found is not None:
            return found
    return None


# a number a results file may hold: what the contracts and the data can give (15 digits at most), which
# the pages, the workbook and the terminal write exactly; a file edited by hand ("NaN", 1e308) is refused
NUMBER_LIMIT = 1e15


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
    write_bytes(path, data)


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
            "sensitive": bool(item.get("sensitive", False)), "detail": item.get("detail"),
            "detail_en": item.get("detail_en") or item.get("detail")}


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
    return Report.model_validate(known(Report, data))


def known(model: type[BaseModel], value: Any) -> Any:
    """``value`` without the keys ``model`` (and the models inside it) does not know: a results file of a
    later hubmonitor may add fields within schema_version 1 (docs/results-json.md: a reader ignores
    fields it does not know); the models themselves still refuse an unknown field where they are made."""
    if not isinstance(value, dict):
        return value
    kept = {}
    for name, item in value.items():
        field = model.model_fields.get(name)
        if field is None:
            continue
        kept[name] = _known_in(field.annotation, item)
    return kept


def _known_in(annotation: Any, value: Any) -> Any:
    """``known`` through a field's type: a model, a list of them, or one of them or None."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return known(annotation, value)
    inner = [a for a in typing.get_args(annotation) if a is not type(None)]
    if typing.get_origin(annotation) is list and len(inner) == 1 and isinstance(value, list):
        return [_known_in(inner[0], v) for v in value]
    if len(inner) == 1 and typing.get_origin(annotation) is not list:  # X | None
        return _known_in(inner[0], value)
    return value


class _NotANumber(ValueError):
    """NaN, Infinity or a number too large for a float: not a number JSON (RFC 8259) has."""

    def __init__(self, token: str) -> None:
        super().__init__(token)
        self.token = token


def _constant(token: str) -> float:
    raise _NotANumber(token)


def _finite(token: str) -> float:
    value = float(token)
    if not math.isfinite(value):  # 1e999
        raise _NotANumber(token)
    return value


_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"|([^\s,:\[\]{}"]+)')  # a string (skipped), or a bare token


def _line_of(text: str, token: str) -> int | None:
    """The line of the first bare (unquoted) ``token`` in ``text``."""
    for match in _TOKENS.finditer(text):
        if match.group(1) == token:
            return text.count("\n", 0, match.start()) + 1
    return None


def _parse(name: str, data: bytes) -> Any:
    """The JSON document in ``data``; a ``DataError`` (bad-results) naming what is wrong and where."""
    def bad(da: str, en: str) -> DataError:
        return DataError(name, said(f"{da}", f"{en}"), code="bad-results")

    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise bad(f"er ikke UTF-8 (byte {exc.start}); ikke en resultatfil",
                  f"is not UTF-8 (byte {exc.start}); not a results file") from exc
    try:
        return json.loads(text, parse_constant=_constant, parse_float=_finite)
    except _NotANumber as exc:
        line = _line_of(text, exc.token)
        where_da, where_en = (f" i linje {line}", f" on line {line}") if line is not None else ("", "")
        shown = exc.token if len(exc.token) <= 30 else exc.token[:29] + "…"
        raise bad(f"ikke gyldig JSON: {shown}{where_da} er ikke et endeligt tal",
                  f"not valid JSON: {shown}{where_en} is not a finite number") from exc
    except json.JSONDecodeError as exc:
        raise bad(f"ikke gyldig JSON (linje {exc.lineno}, kolonne {exc.colno})",
                  f"not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})") from exc
    except (ValueError, RecursionError) as exc:  # an integer of more than 4,300 digits, nesting too deep
        raise bad("ikke gyldig JSON", f"not valid JSON: {first_line(exc)}") from exc


def _not_results(doc: Any, exc: Exception) -> tuple[str, str]:
    """What is wrong with a JSON document that is not a results document (English detail only in
    the English half: pydantic's and Python's texts are English)."""
    if not isinstance(doc, dict):
        return "indholdet er ikke et JSON-objekt", "the content is not a JSON object"
    # (a KL review: a missing field was "har en forkert værdi", a file without a version "schema_version er None")
    if "schema_version" not in doc:
        return "feltet 'schema_version' mangler", "the field 'schema_version' is missing"
    if doc.get("schema_version") != 1:
        given = doc.get("schema_version")
        if isinstance(given, int) and not isinstance(given, bool) and given > 1:
            return (f"schema_version er {given}: lavet af en nyere hubmonitor (denne læser 1)",
                    f"schema_version is {given}: made by a newer hubmonitor (this one reads 1)")
        version = repr(given)
        version = version if len(version) <= 30 else version[:29] + "…"
        return f"schema_version er {version}", f"schema_version is {version}"
    if isinstance(exc, KeyError):
        return f"feltet {exc.args[0]!r} mangler", f"the field {exc.args[0]!r} is missing"
    if isinstance(exc, ValidationError) and exc.errors():
        error = exc.errors()[0]
        where = ".".join(str(part) for part in error["loc"]) or "?"
        if error["type"] == "missing":
            return f"feltet {where} mangler", f"the field {where} is missing"
        return f"{where} har en forkert værdi", f"{where}: {error['msg']}"
    return "den har ikke resultatfilens form", first_line(exc)


def read_document(path: Path | str) -> Any:
    """A JSON file hubmonitor wrote, parsed: a regular file of at most ``RESULTS_LIMIT`` bytes (no
    FIFO, no device), UTF-8, valid JSON with finite numbers only; anything else is a ``DataError``
    naming the file."""
    from hubmonitor.io.reading import os_reason

    name = str(path)
    with reading(name):
        try:
            data = read_limited(Path(path), RESULTS_LIMIT, name)
        except OSError as exc:
            da, en = os_reason(exc)
            raise DataError(name, said(f"kan ikke læses ({da})", f"cannot be read ({en})"), code="bad-results") from exc
        return _parse(name, data)


def load(path: Path | str) -> Report:
    """Read a results JSON file written by ``hubmonitor evaluate --json`` (``read_document``): a
    results document of schema_version 1. Anything else is a ``DataError`` naming the file."""
    return results_from(str(path), read_document(path))


def results_from(name: str, doc: Any) -> Report:
    """The report of a parsed results document read from ``name``; a ``DataError`` naming it if not one."""
    with reading(name):
        try:
            report = from_document(doc)
        except (ValueError, KeyError, TypeError) as exc:
            da, en = _not_results(doc, exc)
            raise DataError(name, said(f"er ikke en resultatfil (schema_version 1) fra hubmonitor evaluate --json: "
                                       f"{da}",
                                  f"is not a results file (schema_version 1) of hubmonitor evaluate --json: {en}"),
                            code="bad-results") from exc
        # pydantic reads "NaN" and "Infinity" written as text as numbers: the pages could not write them
        where = _non_finite_at(to_document(report), limit=NUMBER_LIMIT)
        if where is not None:
            raise DataError(name, said(f"{where} er ikke et endeligt tal under 10^15; ikke en resultatfil fra "
                                       "hubmonitor evaluate --json (rettet i hånden?)",
                                       f"{where} is not a finite number below 10^15; not a results file of "
                                       "hubmonitor evaluate --json (edited by hand?)"), code="bad-results")
        return report
