"""The JSON of the documents for next year's contract, beside the results JSON: a backtest
(``hubmonitor backtest --json``) and a contract diff (``hubmonitor diff --json``). Each is its
model as JSON (``document`` names the kind, ``schema_version`` 1); ``load_page_input`` reads any
file ``hubmonitor dashboard`` takes: results, backtest or diff."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ValidationError

from hubmonitor.errors import DataError, said
from hubmonitor.io.results_json import read_document, results_from

if TYPE_CHECKING:
    from hubmonitor.contract.diff import ContractDiff
    from hubmonitor.engine.backtest import Backtest
    from hubmonitor.report import Report


def dumps(document: BaseModel) -> str:
    """A backtest or diff as JSON; never NaN (a DataError naming the document if a number is not finite)."""
    data = document.model_dump(mode="json")
    try:
        return json.dumps(data, ensure_ascii=False, indent=1, allow_nan=False) + "\n"
    except ValueError as exc:
        raise DataError(str(data.get("document")), said("har et tal, der ikke er endeligt; intet skrevet",
                        "holds a number that is not finite; nothing written"), code="non-finite-number") from exc


def _kinds() -> dict[str, type[BaseModel]]:
    from hubmonitor.contract.diff import ContractDiff
    from hubmonitor.engine.backtest import Backtest

    return {"backtest": Backtest, "contract-diff": ContractDiff}


def load_page_input(path: Path | str) -> Report | Backtest | ContractDiff:
    """A results, backtest or diff JSON file (``document`` tells which; results files have none);
    anything else a ``DataError`` naming the file."""
    name = str(path)
    doc: Any = read_document(path)
    kind = doc.get("document") if isinstance(doc, dict) else None
    model = _kinds().get(kind) if isinstance(kind, str) else None
    if model is None:
        return results_from(name, doc)
    try:
        return model.model_validate(doc)  # type: ignore[return-value]
    except ValidationError as exc:
        error = exc.errors()[0]
        where = ".".join(str(part) for part in error["loc"]) or "?"
        why = (str(error["msg"]).splitlines() or ["?"])[0][:120]
        raise DataError(name, said(f"er ikke en gyldig {kind}-fil fra hubmonitor (schema_version 1): {where}: "
                              f"{why}", f"is not a valid {kind} file of hubmonitor "
                              f"(schema_version 1): {where}: {why}"), code="bad-results") from exc
