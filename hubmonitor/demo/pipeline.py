"""Evaluate every demo hub-year: which contract goes with which data folder, one read per hub.

The snapshot year (``DATA_DATE``'s) is not over, so it is evaluated as of its data date (the latest
date in its data: ``DATA_DATE``), as any running year is; the others over the whole year.
The contracts are the project's own (``contracts/<hub>/<year>.yaml``); an installed wheel carries a
copy as ``hubmonitor/_contracts``. Writing results and dashboards is the CLI's job.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from hubmonitor.demo.hubs import HUBS, YEARS
from hubmonitor.demo.write import DemoData
from hubmonitor.errors import HubmonitorError
from hubmonitor.report import Report

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


def evaluate_jobs(jobs: list[DemoJob]) -> Iterator[tuple[DemoJob, Report]]:
    """Evaluate the jobs, reading each hub's data folder once for all its years."""
    from hubmonitor import evaluate_each

    yield from zip(jobs, evaluate_each((job.contract, job.data_dir) for job in jobs), strict=True)
