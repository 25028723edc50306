"""hubmonitor: are the Danish business hubs meeting their performance contracts?

Library use::

    import hubmonitor
    contract = hubmonitor.load_contract("contracts/midtjylland/2024.yaml")
    report = hubmonitor.evaluate(contract, "data/sample/midtjylland-2024")
    report.target("M8.reach").value

Imports are deferred so that ``hubmonitor --help`` does not pay for polars.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from hubmonitor.contract.model import Contract
    from hubmonitor.io.dataset import Dataset
    from hubmonitor.report import Report

__version__ = "0.1.0"
__all__ = ["__version__", "data_date", "evaluate", "evaluate_each", "load_contract"]


def load_contract(path: Path | str, year: int | None = None) -> Contract:
    """Load and validate a hub contract (and the framework it extends); ``year``: which year of a
    contract over several years (``period: {years: [FIRST, LAST]}``)."""
    from hubmonitor.contract.loader import load_contract as _load

    return _load(path, year)


def evaluate(contract: Contract | Path | str, data_dir: Path | str, *, as_of: date | None = None,
             profile: str | None = None, allow_outside_hub: bool = False) -> Report:
    """Evaluate every target of ``contract`` on the data in ``data_dir`` (read with ``profile``, a
    built-in name or a path; default: the folder's ``hubmonitor.yaml``, else the canonical layout).

    Without ``as_of``, a contract year that is not over is evaluated as of the data date: the
    folder's ``hubmonitor.yaml`` ``data_date:``, else the latest date in the data (``data_date``).
    Raises ``hubmonitor.errors.OutsideHubError`` when more than half of the located companies lie
    outside the contract's hub (most likely the wrong data folder), unless ``allow_outside_hub``."""
    from hubmonitor.contract.model import Contract as _Contract
    from hubmonitor.engine.evaluate import evaluate as _evaluate
    from hubmonitor.io.dataset import load_dataset

    loaded = contract if isinstance(contract, _Contract) else load_contract(contract)
    dataset = load_dataset(data_dir, profile=profile, data=loaded.data)  # a broken hubmonitor.yaml: said here first
    return _evaluate(loaded, dataset, as_of=as_of, data_date=data_date(dataset),
                     allow_outside_hub=allow_outside_hub)


def data_date(dataset: Dataset) -> date | None:
    """The date a data folder's data run to: its ``hubmonitor.yaml`` ``data_date:`` (read with the
    folder), else the latest date of a usable activity (of an answer when no activity is dated);
    None for a folder without a dated row."""
    from hubmonitor.engine.evaluate import latest_date

    return dataset.declared_date if dataset.declared_date is not None else latest_date(dataset)


def evaluate_each(jobs: Iterable[tuple[Contract | Path | str, Path | str]
                                 | tuple[Contract | Path | str, Path | str, date | None]], *,
                  profile: str | None = None, allow_outside_hub: bool = False) -> Iterator[Report]:
    """Evaluate (contract, data folder) pairs in order, reading a data folder once for the pairs in a
    row that share it (several contract years on one hub's data) and keeping one folder in memory.
    A job may carry a third item, its as-of date, as ``evaluate``'s ``as_of`` (None: the data date
    while the year is not over, else the year end). Each job is checked against its contract's hub
    as ``evaluate`` does (``allow_outside_hub``)."""
    from hubmonitor.contract.model import Contract as _Contract
    from hubmonitor.engine.evaluate import evaluate as _evaluate
    from hubmonitor.io.dataset import load_dataset

    current: tuple[Path, tuple[object, ...], Dataset, date | None] | None = None
    for contract, data_dir, *as_of in jobs:
        loaded = contract if isinstance(contract, _Contract) else load_contract(contract)
        # read again only for another folder, or a contract whose data: block asks for other columns
        if current is None or current[0] != Path(data_dir) or current[1] != loaded.data:
            current = None  # let the previous folder's data go first
            dataset = load_dataset(data_dir, profile=profile, data=loaded.data)
            current = (Path(data_dir), loaded.data, dataset, data_date(dataset))
        yield _evaluate(loaded, current[2], as_of=as_of[0] if as_of else None, data_date=current[3],
                        allow_outside_hub=allow_outside_hub)
