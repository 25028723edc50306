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
from hubmonitor.report import Report, TargetResult

if TYPE_CHECKING:
    from hubmonitor.contract.diff import ContractDiff
    from hubmonitor.contract.model import Contract
    from hubmonitor.demo.parallel import Outcome, Trace, Workers
    from hubmonitor.engine.backtest import Backtest
    from hubmonitor.render.html.site import ReportBodies

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
    moved: bool = False  # the contract evaluated as if signed for ``year``: a draft's backtest or the diff's figures

    @property
    def name(self) -> str:
        return f"{self.slug}-{self.year}"

    def load(self) -> Contract:
        from hubmonitor import load_contract
        from hubmonitor.contract.loader import load_for_year
        from hubmonitor.contract.redate import redated

        if not self.moved:
            return load_contract(self.contract)
        return redated(load_for_year(self.contract), self.year)


DRAFT_PREFIX = "udkast-"  # contracts/<hub>/udkast-<year>.yaml: a draft for next year (backtest and diff)
BACKTEST_YEARS = 4  # the years before the draft's that its backtest covers (those the demo has)


def demo_jobs(data: DemoData, contracts: Path | None = None, drafts: bool = False) -> list[DemoJob]:
    """Every hub and contract year of the demo that has a contract file, hubs in the order of ``HUBS``;
    with ``drafts``, after a hub's years (so that they share its folder's read), for each draft of it
    (``udkast-<year>.yaml``): the draft moved to each of the years before it the demo has, and the
    contract of the year before the draft moved to the last whole year (the diff's figures: both
    contracts on the same data). Those jobs are ``moved``: not signed hub-years."""
    folder = contracts or contracts_dir()
    jobs = []
    for p in HUBS:
        hub = folder / p.slug
        jobs += [DemoJob(p.slug, year, hub / f"{year}.yaml", data.hub_dir(p))
                 for year in YEARS if (hub / f"{year}.yaml").is_file()]
        for draft, year in drafts_of(hub) if drafts else []:
            jobs += [DemoJob(p.slug, y, draft, data.hub_dir(p), moved=True) for y in backtest_years(year)]
            if (hub / f"{year - 1}.yaml").is_file() and diff_year(year) in YEARS:
                jobs.append(DemoJob(p.slug, diff_year(year), hub / f"{year - 1}.yaml", data.hub_dir(p), moved=True))
    return jobs


def drafts_of(hub: Path) -> list[tuple[Path, int]]:
    """A hub's drafts (``udkast-<year>.yaml``) and their years, by name."""
    found = []
    for path in sorted(hub.glob(f"{DRAFT_PREFIX}*.yaml")):
        year = path.stem.removeprefix(DRAFT_PREFIX)
        if year.isdigit():
            found.append((path, int(year)))
    return found


def backtest_years(draft_year: int) -> list[int]:
    return [y for y in range(draft_year - BACKTEST_YEARS, draft_year) if y in YEARS]


def diff_year(draft_year: int) -> int:
    """The year both contracts of a draft's diff are computed on: the last whole year before the draft."""
    return draft_year - 2


@dataclass(frozen=True)
class Made:
    """What the pool made of a signed hub-year for the dashboards, beside its evaluation: the
    workbook (``render.workbook``) and the bodies of its two pages (``render.html.site.report_bodies``)
    — the same bytes ``build_site`` would make, made in parallel (the site's heaviest parts)."""

    workbook: bytes
    bodies: ReportBodies


def evaluate_jobs(jobs: list[DemoJob], workers: Workers | None = None) -> Iterator[tuple[DemoJob, Report]]:
    """Evaluate the jobs, reading each hub's data folder once for all its years; with ``workers``,
    a hub's years as one task of the pool (the same reports), the error raised the one the sequential
    run meets first."""
    for job, report, _ in evaluated(jobs, workers):
        yield job, report


def evaluated(jobs: list[DemoJob], workers: Workers | None = None, lang: str | None = None
              ) -> Iterator[tuple[DemoJob, Report, Made | None]]:
    """``evaluate_jobs``, and with ``workers`` and ``lang`` what the dashboards in that language
    need of each signed hub-year (``Made``) made by the process that evaluated it (None where it is
    left to ``build_site``: a draft's years, or no workers)."""
    from hubmonitor import evaluate_each

    if workers is None:
        reports = evaluate_each((job.load(), job.data_dir) for job in jobs)
        yield from ((job, report, None) for job, report in zip(jobs, reports, strict=True))
        return
    groups = [list(group) for _, group in groupby(jobs, key=lambda job: job.data_dir)]
    outcomes = workers.map(_evaluate_task, [(group, lang) for group in groups],
                           weights=[_weight(group[0].slug) * len(group) for group in groups])
    for group, outcome in zip(groups, outcomes, strict=False):
        if outcome.failed:
            _first_error(outcome, len(group), next(outcomes, None)).raise_error()
        yield from ((job, report, made) for job, (report, made) in zip(group, outcome.value, strict=True))


def _first_error(outcome: Outcome, jobs: int, following: Outcome | None) -> Outcome:
    """Which of a failed hub's error and the next hub's the sequential run raises: ``evaluate_each``
    loads the next hub's first contract (to see that its group ends) before it reads and evaluates
    the last group of this hub, so a failure to load it comes first when this hub's failed there."""
    loaded = outcome.trace.marks.get("loaded", 0) or 0
    evaluating = outcome.trace.marks.get("loading") is None and loaded == jobs
    if evaluating and following is not None and following.failed and following.trace.marks.get("loading") == 0:
        return following
    return outcome


def _evaluate_task(trace: Trace, jobs: list[DemoJob], lang: str | None = None
                   ) -> list[tuple[Report, Made | None]]:
    """One hub's years as a task of the pool (``evaluate_each``), with ``lang`` what the dashboards need of
    each signed year (``Made``); ``trace.marks``: the contract being loaded (``loading``, its index)
    when it failed, and how many were loaded (``loaded``)."""
    from hubmonitor import evaluate_each
    from hubmonitor.render.html.site import report_bodies
    from hubmonitor.render.workbook import workbook_bytes

    def contracts() -> Iterator[tuple[Contract, Path]]:
        for index, job in enumerate(jobs):
            trace.marks["loading"] = index
            contract = job.load()
            trace.marks["loading"], trace.marks["loaded"] = None, index + 1
            yield contract, job.data_dir

    reports = list(evaluate_each(contracts()))
    return [(report, Made(workbook_bytes(report, lang), report_bodies(report, lang)) if lang and not job.moved
             else None) for job, report in zip(jobs, reports, strict=True)]


def _weight(slug: str) -> float:
    """A hub's work per evaluation (its volume); a group's is that times its evaluations (a draft's
    backtest adds four or five to its hub's), so that the heaviest group starts first."""
    return next(hub_weight(p) for p in HUBS if p.slug == slug)


def draft_documents(moved: list[tuple[DemoJob, Report]]) -> list[tuple[str, Backtest | ContractDiff]]:
    """The documents of the moved jobs (``demo_jobs``), each with its results file's name (no
    extension): per draft its backtest (``<hub>-udkast-<year>-backtest``) and, where the contract of
    the year before was moved too, the diff from it with both figures on the diff year
    (``<hub>-aendringer-<old>-<new>``)."""
    from hubmonitor import load_contract
    from hubmonitor.contract.diff import DiffFigures, diff_contracts
    from hubmonitor.engine.backtest import build

    by_file: dict[Path, list[tuple[DemoJob, Report]]] = {}
    for job, report in moved:
        by_file.setdefault(job.contract, []).append((job, report))
    out: list[tuple[str, Backtest | ContractDiff]] = []
    for draft, jobs in by_file.items():
        if not draft.stem.startswith(DRAFT_PREFIX):
            continue
        year, (first, _) = int(draft.stem.removeprefix(DRAFT_PREFIX)), jobs[0]
        contract = load_contract(draft, year)
        out.append((f"{first.slug}-{draft.stem}-backtest",
                    build(contract, _shown(draft), first.data_dir.name, [r for _, r in jobs])))
        old_path = draft.with_name(f"{year - 1}.yaml")
        if old_path not in by_file:
            continue
        old_job, old_report = by_file[old_path][0]
        new_report = next(r for j, r in jobs if j.year == old_job.year)
        pairs: dict[str, tuple[TargetResult | None, TargetResult | None]] = {
            t.id: (old_report.find(t.id), t) for t in new_report.targets}
        pairs.update({t.id: (t, None) for t in old_report.targets if t.id not in pairs})
        figures = DiffFigures(data=first.data_dir.name, year=old_job.year, as_of=new_report.period.as_of, pairs=pairs)
        diff = diff_contracts(load_contract(old_path), contract, _shown(old_path), _shown(draft))
        out.append((f"{first.slug}-aendringer-{year - 1}-{year}", diff.model_copy(update={"figures": figures})))
    return out


def _shown(path: Path) -> str:
    """A demo contract as the project names it: contracts/<hub>/<file> (in a checkout or the wheel)."""
    return f"contracts/{path.parent.name}/{path.name}"
