"""hubmonitor: are the Danish business hubs meeting their performance contracts?

Library use::

    import hubmonitor
    contract = hubmonitor.load_contract("contracts/midtjylland/2024.yaml")
    report = hubmonitor.evaluate(contract, "data/sample/midtjylland-2024")
    report.target("M8.reach").value

Imports are deferred so that ``hubmonitor --help`` does not pay for polars.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from hubmonitor.contract.model import Contract
    from hubmonitor.report import Report

__version__ = "0.1.0"
__all__ = ["__version__", "evaluate", "load_contract"]


def load_contract(path: Path | str) -> Contract:
    """Load and validate a hub contract (and the framework it extends)."""
    from hubmonitor.contract.loader import load_contract as _load

    return _load(path)


def evaluate(contract: Contract | Path | str, data_dir: Path | str, *, as_of: date | None = None,
             profile: str | None = None) -> Report:
    """Evaluate every target of ``contract`` on the data in ``data_dir`` (read with ``profile``, a
    built-in name or a path; default: the folder's ``hubmonitor.yaml``, else the canonical layout)."""
    from hubmonitor.engine.evaluate import evaluate as _evaluate
    from hubmonitor.io.dataset import load_dataset

    if not hasattr(contract, "targets"):
        contract = load_contract(contract)
    return _evaluate(contract, load_dataset(data_dir, profile=profile), as_of=as_of)  # type: ignore[arg-type]
