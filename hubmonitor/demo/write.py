"""Write the demo data folders: ``<out>/<hub>/crm_activities_<year>.csv``, ``evaluations_<year>.csv``
and ``external-<year>.yaml``, one hub-year at a time, each file atomically, plus ``demo.json``
(seed, scale, every file with its rows and bytes) written last. A folder whose ``demo.json`` has the
same seed, scale and generator version, and whose files are all there with their recorded sizes, is
reused; anything else is generated again. A folder with no ``demo.json`` that holds anything but
hub folders is refused, so nobody's own files are written over.
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, TextIO

from hubmonitor.demo.companies import CompanyBook
from hubmonitor.demo.external import external_yaml
from hubmonitor.demo.hubs import DATA_DATE, HUBS, REFERENCE_HUB, YEARS, YEARS_CRM, HubPersonality, as_of
from hubmonitor.demo.hubyear import ACTIVITY_COLUMNS, EVALUATION_COLUMNS, HubYear, plan
from hubmonitor.errors import HubmonitorError
from hubmonitor.io.results_json import write_atomic, write_atomic_stream
from hubmonitor.reference import load_registry

GENERATOR_VERSION = 2  # 2: the newest year is a snapshot cut at DATA_DATE (30 September 2025)
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


def _write_csv(path: Path, header: Iterable[str], rows: Iterable[list[str]]) -> int:
    count = 0

    def write(fh: TextIO) -> None:
        nonlocal count
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(header)
        for row in rows:
            writer.writerow(row)
            count += 1

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
        hub_year = HubYear(book, volumes[year], seed, evaluations=year in YEARS, until=as_of(year))
        name = f"crm_activities_{year}.csv"
        rows[name] = _write_csv(hub_dir / name, ACTIVITY_COLUMNS, hub_year.rows())
        activity_rows += rows[name]
        if year in YEARS:
            name = f"evaluations_{year}.csv"
            rows[name] = _write_csv(hub_dir / name, EVALUATION_COLUMNS, hub_year.evaluation_rows)
            evaluation_rows += rows[name]
            write_atomic(hub_dir / f"external-{year}.yaml", external_yaml(personality, year, members, seed))
    return HubFiles(rows, activity_rows, evaluation_rows)


def listing(folder: Path, rows: dict[str, int], manifest: str) -> dict[str, dict[str, int | None]]:
    """The manifest's ``files``: every file under ``folder`` (but the manifest and hidden files, such
    as an interrupted write's temporary file) with its data rows (None but for CSV) and bytes."""
    return {name: {"rows": rows.get(name), "bytes": (folder / name).stat().st_size}
            for name in sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file()
                               and p.name != manifest and not p.name.startswith("."))}


def _manifest(folder: Path) -> dict[str, object] | None:
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def complete(folder: Path, manifest: dict[str, object]) -> bool:
    """Every file the manifest lists is there with the size it was written with."""
    files = manifest.get("files")
    if not isinstance(files, dict) or not files:
        return False
    for name, entry in files.items():
        size = entry.get("bytes") if isinstance(entry, dict) else None
        path = folder / name
        if not path.is_file() or path.stat().st_size != size:
            return False
    return True


def _refuse_foreign(folder: Path) -> None:
    """A folder with no demo.json may hold someone's own files: write only where nothing but our
    hub folders (say, from an interrupted run) is."""
    ours = {p.slug for p in HUBS}
    foreign = sorted(p.name for p in folder.iterdir() if p.name not in ours) if folder.is_dir() else []
    if foreign:
        raise HubmonitorError(f"{folder}: mappen indeholder andet end demodata ({', '.join(foreign[:3])}); vælg en "
                              f"tom mappe med --out / the folder holds other files; choose an empty folder")


def generate(folder: Path, *, seed: int = 2024, scale: float = 1.0, force: bool = False,
             progress: Callable[[str], None] | None = None) -> DemoData:
    """Write (or reuse) the demo data for all six hubs, CRM years 2021-2025 and contract years 2022-2025;
    2025 holds only what is dated up to ``DATA_DATE``, the day the export was "taken"."""
    if not (math.isfinite(scale) and 0 < scale <= MAX_SCALE):
        raise HubmonitorError(f"--scale skal være et tal over 0 og højst {MAX_SCALE:g}, ikke {scale} "
                              f"/ must be a number above 0 and at most {MAX_SCALE:g}")
    old = _manifest(folder)
    if (not force and old is not None
            and (old.get("seed"), old.get("scale"), old.get("generator")) == (seed, scale, GENERATOR_VERSION)
            and complete(folder, old)):
        return DemoData(folder, seed, scale, int(str(old.get("activity_rows", 0))),
                            int(str(old.get("evaluation_rows", 0))), generated=False)
    if old is None:
        _refuse_foreign(folder)
    (folder / MANIFEST).unlink(missing_ok=True)  # the folder is incomplete until the manifest is back
    rows: dict[str, int] = {}
    activity_rows = evaluation_rows = 0
    for personality in HUBS:
        written = write_hub(folder / personality.slug, personality, seed, scale, progress)
        rows.update({f"{personality.slug}/{name}": n for name, n in written.rows.items()})
        activity_rows += written.activity_rows
        evaluation_rows += written.evaluation_rows
    manifest = {"generator": GENERATOR_VERSION, "seed": seed, "scale": scale, "data_date": DATA_DATE.isoformat(),
                "activity_rows": activity_rows,
                "evaluation_rows": evaluation_rows, "files": listing(folder, rows, MANIFEST),
                "note": "Made-up demo data (hubmonitor.demo): no real company, figure or person."}
    write_atomic(folder / MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1) + "\n")
    return DemoData(folder, seed, scale, activity_rows, evaluation_rows, generated=True)
