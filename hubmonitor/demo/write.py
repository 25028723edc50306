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
from hubmonitor.demo.hubs import DATA_DATE, HUBS, REFERENCE_HUB, YEARS, YEARS_CRM, HubPersonality
from hubmonitor.demo.hubyear import ACTIVITY_COLUMNS, EVALUATION_COLUMNS, HubYear, plan
from hubmonitor.errors import HubmonitorError
from hubmonitor.io.results_json import write_atomic_stream
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


def _write_text(path: Path, text: str) -> None:
    def write(fh: TextIO) -> None:
        fh.write(text)

    _atomic(path, write)


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


def _manifest(folder: Path) -> dict[str, object] | None:
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _complete(folder: Path, manifest: dict[str, object]) -> bool:
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
    same = old is not None and (old.get("seed"), old.get("scale"), old.get("generator")) == (
        seed, scale, GENERATOR_VERSION)
    if not force and old is not None and same and _complete(folder, old):
        return DemoData(folder, seed, scale, int(str(old.get("activity_rows", 0))),
                            int(str(old.get("evaluation_rows", 0))), generated=False)
    if old is None:
        _refuse_foreign(folder)
    (folder / MANIFEST).unlink(missing_ok=True)  # the folder is incomplete until the manifest is back
    registry = load_registry()
    reference_population = sum(m.population for m in registry.members(REFERENCE_HUB))
    files: dict[str, int] = {}
    for personality in HUBS:
        members = registry.members(personality.erhvervshus)
        book = CompanyBook(personality, members, seed)
        volumes = plan(personality, sum(m.population for m in members), reference_population, scale)
        hub_dir = folder / personality.slug
        for year in YEARS_CRM:
            if progress:
                progress(f"{personality.slug} {year}")
            hub_year = HubYear(book, volumes[year], seed, evaluations=year in YEARS,
                               until=DATA_DATE if year == DATA_DATE.year else None)
            name = f"crm_activities_{year}.csv"
            files[f"{personality.slug}/{name}"] = _write_csv(hub_dir / name, ACTIVITY_COLUMNS, hub_year.rows())
            if year in YEARS:
                name = f"evaluations_{year}.csv"
                files[f"{personality.slug}/{name}"] = _write_csv(hub_dir / name, EVALUATION_COLUMNS,
                                                                 hub_year.evaluation_rows)
                _write_text(hub_dir / f"external-{year}.yaml", external_yaml(personality, year, members, seed))
    activity_rows = sum(n for f, n in files.items() if "/crm_" in f)
    evaluation_rows = sum(n for f, n in files.items() if "/evaluations_" in f)
    listing = {name: {"rows": files.get(name), "bytes": (folder / name).stat().st_size}
               for name in sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file()
                                  and p.name != MANIFEST and not p.name.startswith("."))}
    manifest = {"generator": GENERATOR_VERSION, "seed": seed, "scale": scale, "data_date": DATA_DATE.isoformat(),
                "activity_rows": activity_rows,
                "evaluation_rows": evaluation_rows, "files": listing,
                "note": "Made-up demo data (hubmonitor.demo): no real company, figure or person."}
    _write_text(folder / MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1) + "\n")
    return DemoData(folder, seed, scale, activity_rows, evaluation_rows, generated=True)
