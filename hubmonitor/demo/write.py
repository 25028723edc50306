"""Write the demo data folders: ``<out>/<hub>/crm_activities_<year>.csv``, ``evaluations_<year>.csv``
and ``external-<year>.yaml``, one hub-year at a time, each file atomically, plus ``demo.json``
(seed, scale, every file with its rows and bytes) written last. A folder whose ``demo.json`` has the
same seed, scale and generator version, and whose files are all there with their recorded sizes, is
reused; anything else is generated again. Before anything is written, every file in the folder
must be one its ``demo.json`` lists (a folder with no ``demo.json`` must hold no file at all), so
nobody's own files are written over; a run first writes a ``demo.json`` naming the files it is
about to write, so an interrupted run's folder is still known as the demo's.
"""

from __future__ import annotations

import csv
import io
import json
import math
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, TextIO

from hubmonitor.demo.companies import CompanyBook
from hubmonitor.demo.external import external_yaml
from hubmonitor.demo.hubs import DATA_DATE, HUBS, REFERENCE_HUB, YEARS, YEARS_CRM, HubPersonality, as_of
from hubmonitor.demo.hubyear import ACTIVITY_COLUMNS, EVALUATION_COLUMNS, HubYear, plan
from hubmonitor.errors import HubmonitorError, said
from hubmonitor.io.atomic import temporary_of, temporary_pattern
from hubmonitor.io.reading import display_name, os_reason, read_limited
from hubmonitor.io.results_json import write_atomic, write_atomic_stream
from hubmonitor.reference import load_registry

if TYPE_CHECKING:
    from hubmonitor.demo.parallel import Trace, Workers

# 2: the newest year is a snapshot cut at DATA_DATE (30 September 2025); 3: registered_at on every
# activity row and the designed referral burst (Hovedstaden 2024, issue 21); 4: each hub's folder says
# its snapshot's date (hubmonitor.yaml, data_date:), so that 2025 stays a running year after 2025 ends
GENERATOR_VERSION = 4
SETTINGS = "hubmonitor.yaml"
MANIFEST = "demo.json"
MAX_SCALE = 1000.0  # about 175 million activity rows


@dataclass(frozen=True)
class DemoData:
    folder: Path
    seed: int
    scale: float
    activity_rows: int
    evaluation_rows: int
    generated: bool  # False when a complete folder with the same seed and scale was reused

    def hub_dir(self, personality: HubPersonality) -> Path:
        return self.folder / personality.slug


def _atomic(path: Path, write: Callable[[TextIO], None]) -> None:
    """``write`` streams UTF-8 text into ``path``, atomically (``write_atomic_stream``)."""

    def binary(fh: BinaryIO) -> None:
        text = io.TextIOWrapper(fh, encoding="utf-8", newline="")
        write(text)
        text.flush()
        text.detach()  # hand the file back open, for the fsync

    write_atomic_stream(path, binary)


def _write_csv(path: Path, header: Iterable[str], batches: Iterable[list[list[str]]]) -> int:
    """``batches`` of rows under ``header`` into ``path`` (atomically); the rows written."""
    count = 0

    def write(fh: TextIO) -> None:
        nonlocal count
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(header)
        for batch in batches:
            writer.writerows(batch)
            count += len(batch)

    _atomic(path, write)
    return count


@dataclass(frozen=True)
class HubFiles:
    """What ``write_hub`` wrote: each CSV file's data rows, and the totals."""

    rows: dict[str, int]  # CSV file name (in the hub's folder) → data rows
    activity_rows: int
    evaluation_rows: int


def write_hub(hub_dir: Path, personality: HubPersonality, seed: int, scale: float,
              progress: Callable[[str], None] | None = None) -> HubFiles:
    """One hub's folder: every CRM year's activities and every contract year's evaluations and
    ``external-<year>.yaml``, streamed a hub-year at a time, each file atomically; the snapshot
    year is cut at ``DATA_DATE``. Volumes scale with the hub's population against the reference hub's."""
    registry = load_registry()
    members = registry.members(personality.erhvervshus)
    reference_population = sum(m.population for m in registry.members(REFERENCE_HUB))
    book = CompanyBook(personality, members, seed)
    volumes = plan(personality, sum(m.population for m in members), reference_population, scale)
    rows: dict[str, int] = {}
    activity_rows = evaluation_rows = 0
    for year in YEARS_CRM:
        if progress:
            progress(f"{personality.slug} {year}")
        hub_year = HubYear(book, volumes[year], seed, evaluations=year in YEARS, until=as_of(year), scale=scale)
        name = _activities(year)
        rows[name] = _write_csv(hub_dir / name, ACTIVITY_COLUMNS, hub_year.batches())
        activity_rows += rows[name]
        if year in YEARS:
            name = _evaluations(year)
            rows[name] = _write_csv(hub_dir / name, EVALUATION_COLUMNS, [hub_year.evaluation_rows])
            evaluation_rows += rows[name]
            write_atomic(hub_dir / _external(year), external_yaml(personality, year, members, seed))
    write_atomic(hub_dir / SETTINGS, _settings())
    return HubFiles(rows, activity_rows, evaluation_rows)


def _settings() -> str:
    """The hub folder's ``hubmonitor.yaml``: the date the snapshot was taken. Without it, the year it
    cuts (2025) would be evaluated whole once the calendar has passed its end (``clock``)."""
    return ("# Demo-data er et øjebliksbillede taget denne dag / the demo data are a snapshot taken on this day\n"
            f"data_date: {DATA_DATE.isoformat()}\n")


def _write_hubs(folder: Path, seed: int, scale: float, progress: Callable[[str], None] | None,
                workers: Workers | None) -> Iterator[HubFiles]:
    """``write_hub`` for every hub, in order: here, or in ``workers`` (each hub's steps told when it is done)."""
    if workers is None:
        for personality in HUBS:
            yield write_hub(folder / personality.slug, personality, seed, scale, progress)
        return
    items = [(folder / p.slug, p, seed, scale) for p in HUBS]
    for outcome in workers.map(_hub_task, items, weights=[hub_weight(p) for p in HUBS]):
        for step in outcome.trace.steps:
            if progress:
                progress(step)
        outcome.raise_error()
        yield outcome.value


def _hub_task(trace: Trace, hub_dir: Path, personality: HubPersonality, seed: int, scale: float) -> HubFiles:
    """``write_hub`` as a task of the pool (in a worker or this process), its progress steps kept in ``trace``."""
    return write_hub(hub_dir, personality, seed, scale, trace.steps.append)


def hub_weight(personality: HubPersonality) -> float:
    """How much work a hub's files are, roughly: its population times its reach (``plan``'s volumes)."""
    return sum(m.population for m in load_registry().members(personality.erhvervshus)) * personality.reach


def _activities(year: int) -> str:
    return f"crm_activities_{year}.csv"


def _evaluations(year: int) -> str:
    return f"evaluations_{year}.csv"


def _external(year: int) -> str:
    return f"external-{year}.yaml"


def planned_files() -> list[str]:
    """Every file ``generate`` writes but ``demo.json``, relative to the data folder (``write_hub``'s names)."""
    return sorted(f"{p.slug}/{name}" for p in HUBS
                  for name in ([_activities(y) for y in YEARS_CRM]
                               + [f(y) for y in YEARS for f in (_evaluations, _external)] + [SETTINGS]))


def listing(folder: Path, rows: dict[str, int], manifest: str) -> dict[str, dict[str, int | None]]:
    """The manifest's ``files``: every file under ``folder`` (but the manifest and hidden files, such
    as an interrupted write's temporary file) with its data rows (None but for CSV) and bytes."""
    return {name: {"rows": rows.get(name), "bytes": (folder / name).stat().st_size}
            for name in sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file()
                               and p.name != manifest and not p.name.startswith("."))}


MANIFEST_LIMIT = 1_000_000  # bytes of a demo.json read at most (the demo's own is about 10 KB)


def _manifest(folder: Path) -> dict[str, object] | None:
    """The folder's demo.json, or None when there is none or it is not one the demo could have
    written: a symbolic link, not a regular file (a FIFO is never opened), over 1 MB, not JSON."""
    path = folder / MANIFEST
    try:
        if path.is_symlink():
            return None
        data = json.loads(read_limited(path, MANIFEST_LIMIT).decode("utf-8"))
    except (OSError, ValueError, RecursionError, HubmonitorError):
        return None
    return data if isinstance(data, dict) else None


def complete(folder: Path, manifest: dict[str, object]) -> bool:
    """Every file the manifest lists is there with the size it was written with."""
    files = manifest.get("files")
    if not isinstance(files, dict) or not files:
        return False
    for name, entry in files.items():
        size = entry.get("bytes") if isinstance(entry, dict) else None
        try:
            if (folder / name).stat().st_size != size or not (folder / name).is_file():
                return False
        except (OSError, ValueError):  # not there (or a name no file can have)
            return False
    return isinstance(manifest.get("activity_rows"), int) and isinstance(manifest.get("evaluation_rows"), int)


def _listed(manifest: dict[str, object] | None) -> set[str]:
    """The files a demo.json says are the demo's: those written (``files``) and, when a run was
    interrupted, those it was about to write (``writing``). None when it is not a demo.json."""
    if manifest is None or "generator" not in manifest:
        return set()
    files, writing = manifest.get("files"), manifest.get("writing")
    return ({str(name) for name in files} if isinstance(files, dict) else set()) | (
        {str(name) for name in writing} if isinstance(writing, list) else set())


def _ours(relative: str, listed: set[str]) -> bool:
    """A file the demo wrote, or the temporary file an interrupted write of one left beside it
    (``atomic.temporary_pattern``; the next write of that file removes it)."""
    if relative in listed:
        return True
    parent, _, name = relative.rpartition("/")
    found = temporary_pattern().match(name)
    if found is None:
        return False
    beside = [n.rpartition("/")[2] for n in listed if n.rpartition("/")[0] == parent]  # (a long name: shortened)
    return temporary_of(found.group(1), beside) is not None


def _first_foreign(folder: Path, listed: set[str]) -> str | None:
    """The first file under ``folder`` (depth first, by name) that is not the demo's: not listed,
    not a regular file (a symlink, a FIFO), or demo.json itself when it is not the demo's.
    Only real folders are entered (a symlink to one is foreign), without recursion."""
    stack: list[tuple[Path, str]] = [(folder, "")]
    while stack:
        current, relative = stack.pop()
        try:
            entries = sorted(os.scandir(current), key=lambda e: e.name)
        except OSError as exc:
            da, en = os_reason(exc)  # the system's words in the English half only
            raise HubmonitorError(said(f"{current}: mappen kan ikke læses ({da})",
                                       f"{current}: the folder cannot be read ({en})")) from exc
        folders = []
        for entry in entries:
            name = f"{relative}{entry.name}"
            if entry.is_dir(follow_symlinks=False):
                folders.append((Path(entry.path), f"{name}/"))
            elif not ((name == MANIFEST and listed) or (entry.is_file(follow_symlinks=False) and _ours(name, listed))):
                return name
        stack.extend(reversed(folders))
    return None


def _refuse_foreign(folder: Path, manifest: dict[str, object] | None) -> None:
    """Write only into a folder that holds nothing but the demo's files: every file under it listed
    in its demo.json (no file at all when there is none), so nobody's own file is written over."""
    if not folder.is_dir():
        return
    foreign = _first_foreign(folder, _listed(manifest))
    if foreign is not None:
        shown = display_name(foreign if len(foreign) <= 60 else f"{foreign[:59]}…")
        raise HubmonitorError(
            said(f"{folder}: mappen indeholder andet end demodata ({shown} er ikke skrevet af demo); vælg en anden "
            "mappe med --out", f"{folder}: the folder holds files that are not demo data ({shown} was not written "
            "by the demo); choose another folder with --out"))


def generate(folder: Path, *, seed: int = 2024, scale: float = 1.0, force: bool = False,
             progress: Callable[[str], None] | None = None, workers: Workers | None = None) -> DemoData:
    """Write (or reuse) the demo data for all six hubs, CRM years 2021-2025 and contract years 2022-2025;
    2025 holds only what is dated up to ``DATA_DATE``, the day the export was "taken". ``workers``:
    the hubs are written in them (``parallel``), the same bytes; a hub's progress steps are told
    when it is done, in the order of the hubs, and the first hub's error in that order is raised."""
    if not (math.isfinite(scale) and 0 < scale <= MAX_SCALE):
        raise HubmonitorError(said(f"--scale skal være et tal over 0 og højst {MAX_SCALE:g}, ikke {scale}",
                              f"--scale must be a number above 0 and at most {MAX_SCALE:g}, not {scale}"))
    old = _manifest(folder)
    if (not force and old is not None
            and (old.get("seed"), old.get("scale"), old.get("generator")) == (seed, scale, GENERATOR_VERSION)
            and complete(folder, old)):
        return DemoData(folder, seed, scale, int(str(old["activity_rows"])), int(str(old["evaluation_rows"])),
                        generated=False)
    _refuse_foreign(folder, old)
    # incomplete until the full manifest is back; till then it names every file that may be there
    pending = {"generator": GENERATOR_VERSION, "seed": seed, "scale": scale,
               "writing": sorted(_listed(old) | set(planned_files()))}
    write_atomic(folder / MANIFEST, json.dumps(pending, ensure_ascii=False, indent=1) + "\n")
    rows: dict[str, int] = {}
    activity_rows = evaluation_rows = 0
    for personality, written in zip(HUBS, _write_hubs(folder, seed, scale, progress, workers), strict=True):
        rows.update({f"{personality.slug}/{name}": n for name, n in written.rows.items()})
        activity_rows += written.activity_rows
        evaluation_rows += written.evaluation_rows
    manifest = {"generator": GENERATOR_VERSION, "seed": seed, "scale": scale, "data_date": DATA_DATE.isoformat(),
                "activity_rows": activity_rows,
                "evaluation_rows": evaluation_rows, "files": listing(folder, rows, MANIFEST),
                "note": "Made-up demo data (hubmonitor.demo): no real company, figure or person."}
    write_atomic(folder / MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1) + "\n")
    return DemoData(folder, seed, scale, activity_rows, evaluation_rows, generated=True)
