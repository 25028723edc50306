"""Evaluate every demo hub-year: which contract goes with which data folder, one read per hub.

The snapshot year (``DATA_DATE``'s) is not over, so it is evaluated as of its data date (the latest
date in its data: ``DATA_DATE``), as any running year is; the others over the whole year.
The contracts are the project's own (``contracts/<hub>/<year>.yaml``); an installed wheel carries a
copy as ``hubmonitor/_contracts``. Writing results and dashboards is the CLI's job.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path
from typing import TYPE_CHECKING

from hubmonitor.demo.hubs import HUBS, YEARS
from hubmonitor.demo.write import DemoData, hub_weight
from hubmonitor.errors import HubmonitorError
from hubmonitor.report import Report

if TYPE_CHECKING:
    from hubmonitor.contract.model import Contract
    from hubmonitor.demo.parallel import Outcome, Trace, Workers

_PACKAGE_COPY = Path(__file__).resolve().parent.parent / "_contracts"
_SOURCE_COPY = Path(__file__).resolve().parent.parent.parent / "contracts"


def contracts_dir() -> Path:
    """The folder of contracts: the source tree's (when run from a checkout), else the wheel's copy."""
    for candidate in (_SOURCE_COPY, _PACKAGE_COPY):
        if (candidate / "national").is_dir():
            return candidate
    raise HubmonitorError(f"contracts not found in {_SOURCE_COPY} or {_PACKAGE_COPY}")


@dataclass(frozen=True)
class DemoJob:
    slug: str
    year: int
    contract: Path
    data_dir: Path

    @property
    def name(self) -> str:
        return f"{self.slug}-{self.year}"


def demo_jobs(data: DemoData, contracts: Path | None = None) -> list[DemoJob]:
    """Every hub and contract year of the demo that has a contract file, hubs in the order of ``HUBS``."""
    folder = contracts or contracts_dir()
    return [DemoJob(p.slug, year, folder / p.slug / f"{year}.yaml", data.hub_dir(p))
            for p in HUBS for year in YEARS if (folder / p.slug / f"{year}.yaml").is_file()]


def evaluate_jobs(jobs: list[DemoJob], workers: Workers | None = None) -> Iterator[tuple[DemoJob, Report]]:
    """Evaluate the jobs, reading each hub's data folder once for all its years; with ``workers``,
    a hub's years in a worker (the same reports), the error raised the one the sequential run meets first."""
    from hubmonitor import evaluate_each

    if workers is None:
        yield from zip(jobs, evaluate_each((job.contract, job.data_dir) for job in jobs), strict=True)
        return
    groups = [list(group) for _, group in groupby(jobs, key=lambda job: job.data_dir)]
    outcomes = workers.map(_evaluate_task, [(group,) for group in groups],
                           weights=[_weight(group[0].slug) for group in groups])
    for group, outcome in zip(groups, outcomes, strict=False):
        if outcome.failed:
            _first_error(outcome, len(group), next(outcomes, None)).raise_error()
        yield from zip(group, outcome.value, strict=True)


def _first_error(outcome: Outcome, jobs: int, following: Outcome | None) -> Outcome:
    """Which of a failed hub's error and the next hub's the sequential run raises: ``evaluate_each``
    loads the next hub's first contract (to see that its group ends) before it reads and evaluates
    the last group of this hub, so a failure to load it comes first when this hub's failed there."""
    loaded = outcome.trace.marks.get("loaded", 0) or 0
    evaluating = outcome.trace.marks.get("loading") is None and loaded == jobs
    if evaluating and following is not None and following.failed and following.trace.marks.get("loading") == 0:
        return following
    return outcome


def _evaluate_task(trace: Trace, jobs: list[DemoJob]) -> list[Report]:
    """One hub's years in a worker (``evaluate_each``); ``trace.marks``: the contract being loaded
    (``loading``, its index) when it failed, and how many were loaded (``loaded``)."""
    from hubmonitor import evaluate_each, load_contract

    def contracts() -> Iterator[tuple[Contract, Path]]:
        for index, job in enumerate(jobs):
            trace.marks["loading"] = index
            contract = load_contract(job.contract)
            trace.marks["loading"], trace.marks["loaded"] = None, index + 1
            yield contract, job.data_dir

    return list(evaluate_each(contracts()))


def _weight(slug: str) -> float:
    return next(hub_weight(p) for p in HUBS if p.slug == slug)
