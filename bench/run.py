"""hubmonitor against the limit of its stack and against what users do today (issue 8), in one run.

    python bench/run.py [--rows 10k,1M,10M] [--repeat 3] [--quick] [--data DIR] [--json OUT]

Generates data with the demo generator and measures, each measurement in a fresh subprocess (so
imports and caches are the same for every contender), best of ``--repeat``:

- evaluate vs bare read: ``hubmonitor.evaluate`` (``load_contract`` + ``load_dataset`` + every target
  of contracts/midtjylland/2024.yaml) on a Midtjylland demo folder holding ``--rows`` activity rows
  (CRM years 2021-2025, the generator's Midtjylland streamed on its own), against a bare
  ``polars.scan_csv(files).collect()`` of the same CSV files. Ratio = evaluate / bare. The evaluate
  child also times its stages (CSV parse, mapping, typing and validation, each metric kind, the
  data-quality report) and the memory peak after each, to show where the time and memory go;
- memory: the evaluate process's peak RSS (``ru_maxrss``) against the bare read's
  ``DataFrame.estimated_size()`` (the data in memory). Ratio = peak / data;
- DuckDB (issue 19): ten targets of the same contract computed by a hand-written DuckDB query
  (``bench/duckdb_query.py``: the files read as text, spellings cleaned, quarantined rows and exact
  copies dropped, as hubmonitor does) in a fresh process like the others, and its figures (value,
  numerator, denominator, groups) compared with evaluate's, exactly: "figures equal" or the targets
  that differ. Ratio = evaluate / DuckDB (issue 19: at most 1 at 10M rows). Needs the ``bench``
  extra; without duckdb that contender is skipped with a line saying so;
- growth: evaluate seconds and nanoseconds per input row at each size (flat = linear);
- files: the folder of about 1M rows (the size measured nearest below; ``--quick``: the smallest) also
  split into a file per month, as a hub that exports every month has it (about 66 files instead of
  9), evaluated at the year end and in the year beside the yearly files, in turns, their figures
  checked equal: what a file costs beyond its rows (no target; recorded in BENCHMARKS.md);
- xlsx: an ESCRM-style workbook (the ``escrm-excel`` profile's layout; date cells, CVR and
  kommunekode as numbers) with one sheet at Excel's maximum, 1,048,576 rows with the header,
  written with xlsxwriter in ``constant_memory`` mode, read by hubmonitor's dataset loader
  (``load_dataset(profile="escrm-excel")``: read, map, type, validate) against
  ``pandas.read_excel(path, sheet_name=None, engine="openpyxl")``. Ratio = pandas / hubmonitor.
  Also the bare reader (``io/xlsx.py``) and bare fastexcel, for the floor. Needs the ``bench``
  extra (``pip install '.[bench]'``); without pandas/openpyxl that line is skipped;
- dashboards: the six-hub demo (``hubmonitor.demo.generate``) evaluated for 2022-2025 into 24
  results files, then ``hubmonitor dashboard <24 files> --out DIR`` timed as a command, with the
  bytes it wrote;
- the full demo (issue 19: at most 6 s on 2 cores): ``hubmonitor demo --out <new folder>
  --reproducible`` as a user runs it (generate six hubs, evaluate the 24 hub-years and the draft's
  backtest, every page), timed as a command into a fresh folder each time, with the CPU seconds of
  it and its worker;
- start-up: ``hubmonitor --help`` as a command (and ``python -c pass``, the floor);
- contracts: the 24 shipped hub contracts (six hubs, 2022-2025) loaded in one fresh process, as
  ``evaluate --years`` and the demo load them (each framework read once): milliseconds per
  contract (issue 19: at most 3).

Prints a table and writes ``bench/results.json`` (``bench/results-quick.json`` with ``--quick``):
the machine, every number, the targets of issue 8 and whether they are met. ``--quick`` (CI) runs
the smallest size only, with a small workbook and a small dashboard demo. Children whose resident
memory passes ``--max-rss-gb`` are killed and reported, so a size the machine cannot take does
not take the machine down. A benchmark, not a test: nothing here asserts.
"""

from __future__ import annotations

import argparse
import compileall
import csv
import hashlib
import json
import math
import os
import platform
import resource
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

CONTRACT = ROOT / "contracts" / "midtjylland" / "2024.yaml"
HUB = "midtjylland"
SEED = 2024
EXCEL_MAX_ROWS = 1_048_576  # rows per sheet, the header included
QUICK_ROWS = 10_000
QUICK_XLSX_ROWS = 10_000
QUICK_DASHBOARD_SCALE = 0.05
QUICK_CASES = 10_000

TARGETS = {  # issue 8: name → (limit, "<=" or ">=" or "<", what)
    "evaluate_vs_bare": (2.0, "<=", "evaluate time / bare polars read time, at 10M rows"),
    "memory_vs_data": (3.0, "<=", "evaluate peak RSS / in-memory size of the data, at 10M rows"),
    "xlsx_vs_pandas": (5.0, ">=", "pandas+openpyxl time / hubmonitor xlsx read time, full sheet"),
    "help_seconds": (0.3, "<", "hubmonitor --help, seconds"),
    "dashboards_seconds": (20.0, "<", "dashboards for 6 hubs × 4 years, seconds"),
    "contract_ms": (3.0, "<=", "contract loading, ms per contract (24 hub contracts; issue 19)"),
    "in_year_vs_year_end": (1.15, "<=", "evaluate --as-of 2024-09-30 / year end, largest size (issue 19)"),
    "year_end_vs_duckdb": (1.0, "<=", "evaluate / DuckDB query, same 10 figures, at 10M rows (issue 19)"),
    "demo_seconds": (6.0, "<=", "full demo (generate, evaluate, every page), seconds (issue 19)"),
}
IN_YEAR = "2024-09-30"  # the director's path: the contract year as of this day


# -- children: each runs in a fresh interpreter, gets its arguments as JSON in argv[1] and prints
# -- one JSON line. Times exclude interpreter start-up and imports (measured by --help instead).

_PRELUDE = """
import json, resource, sys, time
args = json.loads(sys.argv[1])
sys.path.insert(0, args["root"])
def peak_kb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
"""

_BARE = _PRELUDE + """
import polars as pl
baseline = peak_kb()
start = time.perf_counter()
mode = "inferred"
try:
    frames = [pl.scan_csv(files).collect() for files in (args["activities"], args["evaluations"]) if files]
except pl.exceptions.PolarsError:  # a flawed value after the inference window: read as text
    mode = "text"
    frames = [pl.scan_csv(files, infer_schema=False).collect()
              for files in (args["activities"], args["evaluations"]) if files]
seconds = time.perf_counter() - start
print(json.dumps({"seconds": seconds, "rows": sum(f.height for f in frames), "mode": mode,
                  "data_bytes": sum(f.estimated_size() for f in frames),
                  "peak_kb": peak_kb(), "baseline_kb": baseline}))
"""

_CONTRACTS = _PRELUDE + """
from pathlib import Path
import hubmonitor
import hubmonitor.contract.loader  # the modules it loads lazily: imports are not contract loading
paths = [Path(p) for p in args["paths"]]
start = time.perf_counter()
for path in paths:
    hubmonitor.load_contract(path)
seconds = time.perf_counter() - start
print(json.dumps({"seconds": seconds, "contracts": len(paths), "peak_kb": peak_kb()}))
"""

# hubmonitor.evaluate(contract, folder) is read_for (load_dataset) + engine.evaluate; the child calls
# the two itself to time them apart, and wraps the stages (looked up as module globals at call time) with
# timers. A stage that a refactor renames is simply not broken out.
_EVALUATE = _PRELUDE + """
import hubmonitor
import hubmonitor.engine.evaluate as engine
import hubmonitor.io.dataset as dataset_module
import hubmonitor.io.canonical as canonical_module
import hubmonitor.io.mapping as mapping_module
from hubmonitor.engine.figure import METRICS

stages = {}
def timed(label, fn):
    def wrapper(*a, **k):
        start = time.perf_counter()
        try:
            return fn(*a, **k)
        finally:
            entry = stages.setdefault(label, {"seconds": 0.0, "calls": 0})
            entry["seconds"] += time.perf_counter() - start
            entry["calls"] += 1
            entry["peak_kb_after"] = peak_kb()
    return wrapper
for module, name, label in ((mapping_module, "read_text_csv", "  CSV parse (io/text_files.py)"),
                            (mapping_module, "Workbook", "  xlsx open (io/xlsx.py)"),
                            (mapping_module, "_finish", "  column mapping (io/mapping.py)"),
                            (canonical_module, "_check_part", "  checks, per file (io/canonical.py)"),
                            (canonical_module, "_duplicates", "  duplicates, across files (io/canonical.py)"),
                            (dataset_module, "read_activities", "read + type + validate activities"),
                            (dataset_module, "read_evaluations", "read + type + validate evaluations"),
                            (dataset_module, "read_table", "read + type + validate, every source"),
                            (dataset_module, "read_external", "external figures (io/external.py)"),
                            (engine, "data_quality", "data-quality report (engine/quality.py)"),
                            (engine, "compute_signals", "integrity signals (engine/signals.py, issue 21)")):
    if hasattr(module, name):
        setattr(module, name, timed(label, getattr(module, name)))
for kind, fn in list(METRICS.items()):
    METRICS[kind] = timed("metric " + getattr(kind, "__name__", str(kind)), fn)

baseline = peak_kb()
start = time.perf_counter()
contract = hubmonitor.load_contract(args["contract"])
from datetime import date
as_of = date.fromisoformat(args["as_of"]) if args.get("as_of") else None
# read as hubmonitor.evaluate reads it: only the rows the year's targets read (issue 19); a --source
# tree from before read_for reads every row
if hasattr(hubmonitor, "read_for"):
    dataset, _ = hubmonitor.read_for([(contract, as_of)], args["folder"])
else:
    dataset = dataset_module.load_dataset(args["folder"])
loaded = time.perf_counter()
load_peak = peak_kb()
report = engine.evaluate(contract, dataset, as_of=as_of)
end = time.perf_counter()
statuses = {}
for target in report.targets:
    statuses[target.status] = statuses.get(target.status, 0) + 1
figures = {t.id: [t.value, t.numerator, t.denominator,
                  [[g.key, g.value, g.numerator, g.denominator] for g in t.groups] if t.groups else None]
           for t in report.targets if t.id in args.get("figures", ())}  # after the clock: for the DuckDB check
print(json.dumps({"seconds": end - start, "load_seconds": loaded - start, "engine_seconds": end - loaded,
                  "figures": figures,
                  "activity_rows": dataset.activities.frame.height,
                  "evaluation_rows": dataset.evaluations.frame.height,
                  "targets": len(report.targets), "statuses": statuses, "stages": stages,
                  "peak_kb": peak_kb(), "load_peak_kb": load_peak, "baseline_kb": baseline}))
"""

# DuckDB (issue 19): the ten targets of bench/duckdb_query.py in SQL; duckdb and the module imported
# before the clock, like polars for the bare read
_DUCKDB = _PRELUDE + """
sys.path.insert(0, args["bench"])
import duckdb
import duckdb_query
baseline = peak_kb()
start = time.perf_counter()
figures = duckdb_query.figures(args["activities"], args["evaluations"], args["reference"])
seconds = time.perf_counter() - start
print(json.dumps({"seconds": seconds, "figures": figures, "duckdb": duckdb.__version__,
                  "peak_kb": peak_kb(), "baseline_kb": baseline}))
"""

# the reads first, then what they are made of, then the rest by time
_STAGE_ORDER = ("read + type + validate activities", "read + type + validate evaluations",
                "read + type + validate, every source",
                "  CSV parse (io/text_files.py)", "  xlsx open (io/xlsx.py)", "  column mapping (io/mapping.py)",
                "  checks, per file (io/canonical.py)", "  duplicates, across files (io/canonical.py)")

_XLSX = _PRELUDE + """
from pathlib import Path
how = args["how"]
if how == "pandas":
    import pandas as pd
    import openpyxl  # noqa: F401  (imported before the clock, like polars for the others)
elif how == "hubmonitor":
    from hubmonitor.io.dataset import load_dataset
elif how == "reader":
    from hubmonitor.io.xlsx import Workbook
else:
    import fastexcel
baseline = peak_kb()
start = time.perf_counter()
if how == "pandas":
    rows = sum(len(frame) for frame in pd.read_excel(args["path"], sheet_name=None, engine="openpyxl").values())
elif how == "hubmonitor":
    rows = load_dataset(Path(args["path"]).parent, profile="escrm-excel").activities.frame.height
elif how == "reader":
    book = Workbook(Path(args["path"]), Path(args["path"]).name)
    rows = sum(book.read(sheet).frame.height for sheet in book.sheet_names)
else:
    reader = fastexcel.read_excel(args["path"])
    rows = sum(reader.load_sheet_by_name(sheet, dtypes="string").to_polars().height for sheet in reader.sheet_names)
seconds = time.perf_counter() - start
print(json.dumps({"seconds": seconds, "rows": rows, "peak_kb": peak_kb(), "baseline_kb": baseline}))
"""

_DASHBOARD_RESULTS = _PRELUDE + """
from pathlib import Path
from hubmonitor.demo import generate
from hubmonitor.demo.pipeline import demo_jobs, evaluate_jobs
from hubmonitor.io.results_json import write_json
data = generate(Path(args["data"]), seed=args["seed"], scale=args["scale"])
start = time.perf_counter()
paths = []
for job, report in evaluate_jobs(demo_jobs(data)):
    path = Path(args["results"]) / f"{job.name}.json"
    write_json(path, report)
    paths.append(str(path))
print(json.dumps({"seconds": time.perf_counter() - start, "files": paths, "activity_rows": data.activity_rows,
                  "peak_kb": peak_kb()}))
"""


_DURATION = _PRELUDE + """
from pathlib import Path
import hubmonitor
baseline = peak_kb()
start = time.perf_counter()
report = hubmonitor.evaluate(args["contract"], args["folder"])
seconds = time.perf_counter() - start
print(json.dumps({"seconds": seconds, "values": {t.id: t.value for t in report.targets},
                  "statuses": {t.id: t.status for t in report.targets}, "peak_kb": peak_kb(), "baseline_kb": baseline}))
"""

_CASES_BARE = _PRELUDE + """
import polars as pl
baseline = peak_kb()
start = time.perf_counter()
frame = pl.scan_csv(args["files"]).collect()
print(json.dumps({"seconds": time.perf_counter() - start, "rows": frame.height, "data_bytes": frame.estimated_size(),
                  "peak_kb": peak_kb(), "baseline_kb": baseline}))
"""

# A service-goal contract on a source of cases (issue 18 item 5): the mean, the 90th percentile and the
# share decided within 10 Danish working days per team, the applicant's paused days subtracted.
DURATION_CONTRACT = """document: contract
id: bench-cases-2024
title: Benchmark af sagsbehandlingstider 2024
hub: Erhvervshus Midtjylland
erhvervshus: Midtjylland
period: {year: 2024}
data:
  cases:
    label: sager
    columns:
      date: {kind: date}
      decided: {kind: date, label: afgjort}
      paused: {kind: integer, minimum: 0, label: ansøgers tid}
      team: {kind: enum, values: [a, b, c, d], label: team}
targets:
  - {id: S.mean, ref: Servicemål, title: Gennemsnitlig sagsbehandlingstid, quote: Højst 20 dage i gennemsnit.,
     kind: duration, source: cases, start: date, end: decided, paused: paused, measure: mean, threshold: 20}
  - {id: S.p90, ref: Servicemål, title: 90 pct. af sagerne, quote: 90 pct. inden for 40 dage., kind: duration,
     source: cases, start: date, end: decided, measure: percentile, percentile: 90, threshold: 40}
  - {id: S.within, ref: Servicemål, title: Afgjort inden for 10 arbejdsdage, quote: 80 pct. inden for 10 arbejdsdage.,
     kind: duration, source: cases, start: date, end: decided, measure: share_within, within: {working_days: 10},
     threshold: 0.8, group_by: team}
"""


def write_cases(folder: Path, rows: int) -> Path:
    """``rows`` cases received in 2024 (a deterministic spread of dates, durations, pauses and teams; one in
    40 still open) as cases_2024.csv, with empty activity and evaluation files beside it."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "cases_2024.csv"
    if not path.exists():
        from datetime import date as _date
        from datetime import timedelta as _delta
        first = _date(2024, 1, 1)
        with path.open("w", encoding="utf-8", newline="") as fh:
            fh.write("id,date,decided,paused,team\n")
            for i in range(rows):
                h = (i * 2654435761) & 0xFFFFFFFF
                received = first + _delta(days=h % 366)
                decided = "" if h % 40 == 0 else (received + _delta(days=(h >> 9) % 45)).isoformat()
                fh.write(f"K{i},{received.isoformat()},{decided},{(h >> 17) % 5 if h % 7 == 0 else ''},"
                         f"{'abcd'[(h >> 3) % 4]}\n")
        header = {"crm_activities.csv": "activity_id,date,company_id,cvr,company_name,municipality,segment,"
                                        "activity_type,growth_programme,referred,topics",
                  "evaluations.csv": "response_id,date,company_id,segment,competence_satisfaction,nps,effect"}
        for name, line in header.items():
            (folder / name).write_text(line + "\n", encoding="utf-8")
    return path


def measure_durations(work: Path, rows: int, repeat: int, limit_kb: int) -> dict[str, Any]:
    folder = work / f"cases-{rows}"
    cases = write_cases(folder / "data", rows)
    contract = folder / "cases-2024.yaml"
    contract.write_text(DURATION_CONTRACT, encoding="utf-8")
    best = best_children({"bare": (_CASES_BARE, {"files": [str(cases)]}),
                          "evaluate": (_DURATION, {"contract": str(contract), "folder": str(folder / "data")})},
                         repeat, limit_kb)
    return {"cases": rows, "csv_bytes": cases.stat().st_size, "bare": best["bare"], "evaluate": best["evaluate"],
            "evaluate_vs_bare": best["evaluate"]["seconds"] / best["bare"]["seconds"],
            "ns_per_case": best["evaluate"]["seconds"] / rows * 1e9}


class MemoryLimitError(RuntimeError):
    pass


def _rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return 0


SOURCE = ROOT  # the hubmonitor source tree the children import (--source)


def child(code: str, args: dict[str, Any], limit_kb: int) -> dict[str, Any]:
    """Run ``code`` in a fresh interpreter; kill it if its resident memory passes ``limit_kb``."""
    proc = subprocess.Popen([sys.executable, "-c", code, json.dumps({"root": str(SOURCE), **args})],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    while True:
        try:
            out, err = proc.communicate(timeout=0.2)
            break
        except subprocess.TimeoutExpired:
            if _rss_kb(proc.pid) > limit_kb:
                proc.kill()
                proc.communicate()
                raise MemoryLimitError(f"killed at {limit_kb / 1024 ** 2:.1f} GiB resident memory") from None
    if proc.returncode != 0:
        raise RuntimeError(f"child failed ({proc.returncode}): {err.strip()[-2000:]}")
    return dict(json.loads(out.strip().splitlines()[-1]))


def _best(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """The run with the lowest ``seconds``, with every time and the highest peak seen."""
    best = dict(min(runs, key=lambda r: r["seconds"]))
    best["all_seconds"] = [r["seconds"] for r in runs]
    best["peak_kb"] = max(r["peak_kb"] for r in runs)
    return best


def best_child(code: str, args: dict[str, Any], repeat: int, limit_kb: int) -> dict[str, Any]:
    """The best of ``repeat`` fresh children."""
    return _best([child(code, args, limit_kb) for _ in range(max(1, repeat))])


def best_children(contenders: dict[str, tuple[str, dict[str, Any]]], repeat: int,
                  limit_kb: int) -> dict[str, dict[str, Any]]:
    """The best of ``repeat`` fresh children for each contender, run in turns (a, b, a, b, …) so
    that other work on the machine weighs on each alike."""
    runs: dict[str, list[dict[str, Any]]] = {name: [] for name in contenders}
    for _ in range(max(1, repeat)):
        for name, (code, args) in contenders.items():
            runs[name].append(child(code, args, limit_kb))
    return {name: _best(r) for name, r in runs.items()}


def best_command(argv: list[str], repeat: int, cwd: Path | None = None,
                 before: Callable[[int], None] | None = None) -> tuple[float, list[float]]:
    """Wall time of a command (start-up included), best of ``repeat``; ``before(i)`` runs untimed."""
    times = []
    for i in range(max(1, repeat)):
        if before:
            before(i)
        start = time.perf_counter()
        subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=cwd)
        times.append(time.perf_counter() - start)
    return min(times), times


def hubmonitor_command() -> list[str]:
    """The installed ``hubmonitor`` script beside this Python (what a user runs), else ``-m``. With
    ``--source``, ``-m`` run in that tree (``hubmonitor_cwd``): the script imports the installed tree."""
    script = Path(sys.executable).parent / "hubmonitor"
    if script.is_file() and SOURCE == ROOT:
        return [str(script)]
    return [sys.executable, "-m", "hubmonitor.cli"]


def hubmonitor_cwd() -> Path | None:
    """Where a command of ``hubmonitor_command`` runs: with ``--source``, in that tree, whose
    ``hubmonitor`` package ``-m`` then imports before any installed one."""
    return SOURCE if SOURCE != ROOT else None


# -- data ------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Folder:
    path: Path  # the hub's data folder
    activity_rows: int
    evaluation_rows: int
    activity_files: list[str]
    evaluation_files: list[str]
    csv_bytes: int


def _folder(path: Path, manifest: dict[str, Any]) -> Folder:
    names = sorted(manifest["files"])
    return Folder(path, manifest["activity_rows"], manifest["evaluation_rows"],
                  [str(path / n) for n in names if n.startswith("crm_activities")],
                  [str(path / n) for n in names if n.startswith("evaluations")],
                  sum(f["bytes"] for n, f in manifest["files"].items() if n.endswith(".csv")))


def _generator_fingerprint() -> str:
    """The demo generator's version and a hash of its source: data made by another generator is
    not reused (the modules that only run the demo's evaluations, ``pipeline`` and ``parallel``, make
    no data and are left out)."""
    from hubmonitor.demo.write import GENERATOR_VERSION

    digest = hashlib.sha256()
    for path in sorted((ROOT / "hubmonitor" / "demo").glob("*.py")):
        if path.stem not in ("pipeline", "parallel"):
            digest.update(path.read_bytes())
    return f"{GENERATOR_VERSION}-{digest.hexdigest()[:16]}"


def hub_folder(work: Path, rows: int) -> Folder:
    """Midtjylland's demo folder with about ``rows`` activity rows. The scale comes from the rows
    the generator gives at scale 1 (generated once, ~42,000 rows); rows grow linearly with it."""
    unit = generate_hub(work / "scale-1" / HUB, 1.0)
    return generate_hub(work / f"rows-{rows}" / HUB, rows / unit.activity_rows)


def generate_hub(path: Path, scale: float, seed: int = SEED) -> Folder:
    """Midtjylland's demo folder at ``scale``: the demo generator (``hubmonitor.demo``) for that one
    hub, streamed a hub-year at a time as ``hubmonitor.demo.generate`` does for all six; reused when
    a complete folder with the same seed, scale and generator is there (``bench.json``)."""
    from hubmonitor.demo.hubs import hub
    from hubmonitor.demo.write import complete, listing, write_hub
    from hubmonitor.io.results_json import write_atomic

    key = {"generator": _generator_fingerprint(), "seed": seed, "scale": scale, "hub": HUB}
    manifest_path = path / "bench.json"
    try:
        old = json.loads(manifest_path.read_text(encoding="utf-8"))
        if {k: old.get(k) for k in key} == key and complete(path, old):
            return _folder(path, old)
    except (OSError, ValueError):
        pass
    manifest_path.unlink(missing_ok=True)
    written = write_hub(path, hub(HUB), seed, scale)
    manifest = {**key, "activity_rows": written.activity_rows, "evaluation_rows": written.evaluation_rows,
                "files": listing(path, written.rows, manifest_path.name)}
    write_atomic(manifest_path, json.dumps(manifest, indent=1) + "\n")
    return _folder(path, manifest)


# ESCRM's spellings (the escrm-excel profile reads them back to the canonical values)
_ESCRM_COLUMNS = ("Møde-ID_Møder", "Mødedato_Møder", "Virksomheds-ID_Virksomheder", "CVR-nummer_Virksomheder",
                  "Firmanavn_Virksomheder", "Kommune_Virksomheder", "Segment_Virksomheder", "Vækstforløb_Møder",
                  "Henvist_Møder", "Emner_Møder")
_ESCRM_EVENT_COLUMNS = ("Deltager-ID_Arrangementer", "Arrangementsdato_Arrangementer",
                        *_ESCRM_COLUMNS[2:7], "Vækstforløb_Arrangementer", "Henvist_Arrangementer",
                        "Emner_Arrangementer")
_SEGMENTS = {"drift": "Driftsvirksomhed", "vækst": "Vækstvirksomhed", "iværksætter": "Iværksætter"}
_TOPICS = {"grøn": "Grøn omstilling", "digitalisering": "Digitalisering", "eksport": "Eksport",
           "finansiering": "Finansiering"}
_YES_NO = {"ja": "Ja", "nej": "Nej"}


def _source_rows(folders: list[Folder], rows: int) -> Iterator[list[str]]:
    """``rows`` canonical activity rows from the folders' CSV files, again from the start (with
    fresh ids) if they hold fewer."""
    produced, round_no = 0, 0
    while True:
        for folder in folders:
            for name in folder.activity_files:
                with open(name, encoding="utf-8", newline="") as fh:
                    reader = csv.reader(fh)
                    next(reader)
                    for row in reader:
                        if round_no:
                            row[0] = f"{row[0]}-{round_no}"
                        yield row
                        produced += 1
                        if produced == rows:
                            return
        round_no += 1
        if not produced:
            return


_ESCRM_EVALUATION_COLUMNS = ("Svar-ID", "Besvarelsesdato", "Virksomheds-ID", "Segment",
                             "Tilfredshed med medarbejdernes kompetencer", "Forventet effekt", "Modtaget henvisning",
                             "Benyttet henvisning", "Anbefaling (0-10)", "Emner")


def write_escrm_workbook(path: Path, folders: list[Folder], rows: int) -> int:
    """An ESCRM export of ``rows`` activities in one sheet ``Møder`` (``Arrangementer``: the header
    only), as ``tests/escrm_export.py`` writes them: valid dates as date cells, CVR and kommunekode
    as numbers, ESCRM's segment and topic names; xlsxwriter in constant_memory mode (inline
    strings, rows streamed to disk)."""
    import xlsxwriter  # type: ignore[import-untyped]

    manifest_path = path.with_suffix(".json")
    key = {"rows": rows, "sources": [(f.path / "bench.json").read_text(encoding="utf-8") for f in folders]}
    try:
        old = json.loads(manifest_path.read_text(encoding="utf-8"))
        if {k: old.get(k) for k in key} == key and path.stat().st_size == old["bytes"]:
            return int(old["written"])
    except (OSError, ValueError, KeyError):
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    date_format = workbook.add_format({"num_format": "dd-mm-yyyy"})
    sheet = workbook.add_worksheet("Møder")
    sheet.write_row(0, 0, _ESCRM_COLUMNS)
    written = 0
    for i, row in enumerate(_source_rows(folders, rows), start=1):
        # the ESCRM workbook has no registration time (the demo's last column since issue 21): not written
        activity_id, day, company, cvr, name, municipality, segment, _kind, growth, referred, topics, *_ = row
        try:
            sheet.write_datetime(i, 1, datetime.strptime(day, "%Y-%m-%d"), date_format)
        except ValueError:
            sheet.write_string(i, 1, day)  # a flawed date stays text, as an export would show it
        for j, value in ((3, cvr), (5, municipality)):
            if value.isdigit() and not value.startswith("0"):
                sheet.write_number(i, j, int(value))
            elif value:
                sheet.write_string(i, j, value)
        for j, value in ((0, activity_id), (2, company), (4, name), (6, _SEGMENTS.get(segment, segment)),
                         (7, _YES_NO.get(growth, growth)), (8, _YES_NO.get(referred, referred)),
                         (9, ", ".join(_TOPICS.get(t, t) for t in topics.split(";")) if topics else "")):
            if value:
                sheet.write_string(i, j, value)
        written = i
    workbook.add_worksheet("Arrangementer").write_row(0, 0, _ESCRM_EVENT_COLUMNS)
    workbook.close()
    # the evaluation export beside it, with no answers: a complete ESCRM folder (a source that finds
    # no file beside a file nobody reads, this manifest, would stop the run as the wrong folder)
    (path.parent / "brugerevaluering.csv").write_text(";".join(_ESCRM_EVALUATION_COLUMNS) + "\n", encoding="utf-8")
    manifest_path.write_text(json.dumps({**key, "written": written, "bytes": path.stat().st_size}) + "\n",
                             encoding="utf-8")
    return written


# -- measurements ----------------------------------------------------------------------------------

MONTHLY_ROWS = 1_000_000  # the size whose folder is also measured as monthly files (the nearest below)


def monthly_folder(folder: Folder) -> Folder:
    """``folder`` with each CSV file split by the month of its rows' dates (``crm_activities_2024-03.csv``),
    as a hub that exports every month has its data: the same rows, the same figures, in about twelve
    times as many files. Rows whose date is not of a month (the generator writes a few unreadable
    ones) stay in a file of their own per source file (``…_2024-udateret.csv``). Made beside the folder
    once, reused while its ``bench.json`` names the same source folder."""
    import polars as pl

    path = folder.path.parent.parent / (folder.path.parent.name + "-monthly") / folder.path.name
    manifest_path = path / "bench.json"
    key = {"source": json.loads((folder.path / "bench.json").read_text(encoding="utf-8"))}
    try:
        old = json.loads(manifest_path.read_text(encoding="utf-8"))
        if old.get("source") == key["source"] and all((path / n).is_file() for n in old["files"]):
            return _folder(path, old)
    except (OSError, ValueError):
        pass
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    files: dict[str, dict[str, int]] = {}
    for source in sorted(folder.path.iterdir()):
        if source.name == "bench.json":
            continue
        if source.suffix != ".csv":
            shutil.copyfile(source, path / source.name)
            files[source.name] = {"bytes": source.stat().st_size}
            continue
        text = pl.read_csv(source, infer_schema=False)
        month = pl.col("date").str.extract(r"^(\d{4}-\d{2})-").fill_null(source.stem[-4:] + "-udateret")
        stem = source.stem.rsplit("_", 1)[0]  # crm_activities, evaluations
        for (key_month,), rows in text.with_columns(month.alias("_month")).group_by("_month", maintain_order=True):
            name = f"{stem}_{key_month}.csv"
            if name in files:  # a month that two source files hold rows of (a row dated in another year)
                name = f"{stem}_{key_month}-{source.stem[-4:]}.csv"
            rows.drop("_month").write_csv(path / name)
            files[name] = {"bytes": (path / name).stat().st_size}
    manifest = {**key, "activity_rows": folder.activity_rows, "evaluation_rows": folder.evaluation_rows,
                "files": files}
    manifest_path.write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    return _folder(path, manifest)


def measure_files(folder: Folder, repeat: int, limit_kb: int) -> dict[str, Any]:
    """The same rows as yearly files and as monthly files (``monthly_folder``), year end and in the year,
    the four in turns: what a file costs beyond its rows."""
    import yaml

    monthly = monthly_folder(folder)
    ids = [t["id"] for t in yaml.safe_load(CONTRACT.read_text(encoding="utf-8"))["targets"]]  # the local targets
    contenders = {f"{how}_{when}": (_EVALUATE, {"contract": str(CONTRACT), "folder": str(f.path), "figures": ids,
                                                **({"as_of": IN_YEAR} if when == "in_year" else {})})
                  for how, f in (("yearly", folder), ("monthly", monthly)) for when in ("year_end", "in_year")}
    best = best_children(contenders, repeat, limit_kb)
    files = {how: len(f.activity_files) + len(f.evaluation_files)
             for how, f in (("yearly", folder), ("monthly", monthly))}
    # the same rows: the local targets' figures (value, numerator, denominator, groups) equal, both days
    equal = all(best[f"yearly_{when}"]["figures"] == best[f"monthly_{when}"]["figures"]
                for when in ("year_end", "in_year"))
    return {"activity_rows": folder.activity_rows, "files": files, **best, "figures_equal": equal,
            "figures_compared": len(ids),
            **{f"monthly_vs_yearly_{when}": best[f"monthly_{when}"]["seconds"] / best[f"yearly_{when}"]["seconds"]
               for when in ("year_end", "in_year")}}


def duckdb_missing() -> str | None:
    """Why the DuckDB contender cannot run here (None: it can)."""
    import importlib.util

    return None if importlib.util.find_spec("duckdb") else "duckdb not installed: pip install '.[bench]'"


def measure_scale(folder: Folder, repeat: int, limit_kb: int) -> dict[str, Any]:
    import duckdb_query

    files = {"activities": folder.activity_files, "evaluations": folder.evaluation_files}
    contenders = {"bare": (_BARE, files),
                  "evaluate": (_EVALUATE, {"contract": str(CONTRACT), "folder": str(folder.path),
                                           "figures": list(duckdb_query.TARGETS)}),
                  "in_year": (_EVALUATE, {"contract": str(CONTRACT), "folder": str(folder.path), "as_of": IN_YEAR})}
    skipped = duckdb_missing()
    if skipped is None:
        contenders["duckdb"] = (_DUCKDB, {**files, "bench": str(ROOT / "bench"),
                                          "reference": str(SOURCE / "data" / "reference" / "municipalities.csv")})
    best = best_children(contenders, repeat, limit_kb)
    bare, ours, in_year = best["bare"], best["evaluate"], best["in_year"]
    rows = folder.activity_rows + folder.evaluation_rows
    return {**_versus_duckdb(ours, best.get("duckdb"), skipped, bare["data_bytes"]),
        "activity_rows": folder.activity_rows, "evaluation_rows": folder.evaluation_rows,
        "csv_bytes": folder.csv_bytes, "bare": bare, "evaluate": ours,
        "evaluate_vs_bare": ours["seconds"] / bare["seconds"],
        "memory_vs_data": ours["peak_kb"] * 1024 / bare["data_bytes"],
        "in_year": in_year, "in_year_vs_year_end": in_year["seconds"] / ours["seconds"],
        "in_year_memory_vs_data": in_year["peak_kb"] * 1024 / bare["data_bytes"],
        "ns_per_row": ours["seconds"] / rows * 1e9,
    }


def _versus_duckdb(ours: dict[str, Any], duck: dict[str, Any] | None, skipped: str | None,
                   data_bytes: int) -> dict[str, Any]:
    """The DuckDB query against evaluate: time, memory, and whether its figures equal ours (value,
    numerator, denominator and groups of each of the ten targets, exactly)."""
    import duckdb_query

    if duck is None:
        return {"duckdb": {"skipped": skipped}}
    differ = duckdb_query.compare(ours.get("figures", {}), duck["figures"])
    return {"duckdb": duck, "evaluate_vs_duckdb": ours["seconds"] / duck["seconds"],
            "duckdb_memory_vs_data": duck["peak_kb"] * 1024 / data_bytes,
            "figures_equal": not differ, "figures_differ": differ}


def measure_xlsx(path: Path, repeat: int, pandas_repeat: int, limit_kb: int) -> dict[str, Any]:
    out: dict[str, Any] = {"path": path.name, "bytes": path.stat().st_size}
    for how, times in (("hubmonitor", repeat), ("reader", repeat), ("fastexcel", repeat),
                       ("pandas", pandas_repeat)):
        try:
            out[how] = best_child(_XLSX, {"path": str(path), "how": how}, times, limit_kb)
        except (RuntimeError, MemoryLimitError) as exc:
            missing = "ModuleNotFoundError" in str(exc)
            out[how] = {"skipped": "pandas/openpyxl not installed: pip install '.[bench]'" if missing
                        else str(exc)[-300:]}
            if not (missing and how == "pandas"):
                raise
    if "seconds" in out["pandas"]:
        out["xlsx_vs_pandas"] = out["pandas"]["seconds"] / out["hubmonitor"]["seconds"]
    return out


def measure_dashboards(work: Path, scale: float, repeat: int, limit_kb: int) -> dict[str, Any]:
    base = work / f"dashboards-scale-{scale:g}"
    results = base / "results"
    shutil.rmtree(results, ignore_errors=True)
    made = child(_DASHBOARD_RESULTS, {"data": str(base / "data"), "results": str(results), "seed": SEED,
                                      "scale": scale}, limit_kb)
    out_dir = base / "dashboards"
    seconds, times = best_command([*hubmonitor_command(), "dashboard", *made["files"], "--out", str(out_dir)],
                                  repeat, cwd=hubmonitor_cwd(),
                                  before=lambda _: shutil.rmtree(out_dir, ignore_errors=True))
    written = [p for p in out_dir.rglob("*") if p.is_file()]
    return {"scale": scale, "activity_rows": made["activity_rows"], "results_files": len(made["files"]),
            "evaluate_24_seconds": made["seconds"], "seconds": seconds, "all_seconds": times,
            "files": len(written), "bytes": sum(p.stat().st_size for p in written)}


def measure_demo(work: Path, scale: float, repeat: int) -> dict[str, Any]:
    """``hubmonitor demo`` into a new folder, best of ``repeat`` (wall time), and the CPU seconds of
    that run, the demo's worker included (a child's finished children count in its own usage)."""
    out = work / f"demo-scale-{scale:g}"
    runs = []
    for _ in range(max(1, repeat)):
        shutil.rmtree(out, ignore_errors=True)
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run([*hubmonitor_command(), "demo", "--out", str(out), "--scale", f"{scale:g}", "--reproducible"],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=hubmonitor_cwd())
        seconds = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        runs.append((seconds, after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime))
    files = [p for p in out.rglob("*") if p.is_file()]
    shutil.rmtree(out, ignore_errors=True)
    seconds, cpu = min(runs)
    return {"scale": scale, "seconds": seconds, "cpu_seconds": cpu, "all_seconds": [r[0] for r in runs],
            "files": len(files)}


def measure_contracts(repeat: int, limit_kb: int) -> dict[str, Any]:
    paths = sorted(str(p) for p in (SOURCE / "contracts").glob("*/20*.yaml") if p.parent.name != "national")
    best = best_child(_CONTRACTS, {"paths": paths}, repeat, limit_kb)
    return {"contracts": len(paths), "seconds": best["seconds"], "ms_per_contract": best["seconds"] / len(paths) * 1e3}


def measure_help(repeat: int) -> dict[str, Any]:
    seconds, times = best_command([*hubmonitor_command(), "--help"], repeat, cwd=hubmonitor_cwd())
    floor, _ = best_command([sys.executable, "-c", "pass"], repeat)
    return {"command": " ".join(Path(c).name for c in hubmonitor_command()) + " --help",
            "seconds": seconds, "all_seconds": times, "python_floor_seconds": floor}


# -- report ----------------------------------------------------------------------------------------

def _busy_seconds() -> float:
    """CPU seconds all processes have used (the machine's busy time, from /proc/stat)."""
    try:
        fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    except (OSError, ValueError):
        return 0.0
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle + iowait
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def _own_seconds() -> float:
    """CPU seconds this run has used, its finished children included."""
    me, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + children.ru_utime + children.ru_stime


def machine() -> dict[str, Any]:
    import polars as pl

    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor()) if Path("/proc/cpuinfo").exists() \
        else platform.processor()
    ram = next((int(line.split()[1]) * 1024 for line in Path("/proc/meminfo").read_text().splitlines()
                if line.startswith("MemTotal:")), 0) if Path("/proc/meminfo").exists() else 0
    return {"cpu": cpu, "cores": os.cpu_count(), "ram_bytes": ram, "python": platform.python_version(),
            "polars": pl.__version__, "os": platform.platform(), "machine": platform.machine()}


def judge(results: dict[str, Any]) -> dict[str, Any]:
    largest = results["scales"][-1] if results["scales"] else None
    values: dict[str, tuple[float | None, str]] = {
        "evaluate_vs_bare": (largest.get("evaluate_vs_bare") if largest else None,
                             f"at {largest['activity_rows']:,} activity rows" if largest else "not measured"),
        "memory_vs_data": (largest.get("memory_vs_data") if largest else None,
                           f"at {largest['activity_rows']:,} activity rows" if largest else "not measured"),
        "xlsx_vs_pandas": (results.get("xlsx", {}).get("xlsx_vs_pandas"),
                           f"at {results['xlsx']['rows']:,} rows" if "xlsx" in results else "not measured"),
        "help_seconds": (results.get("help", {}).get("seconds"), "best of the runs"),
        "dashboards_seconds": (results.get("dashboards", {}).get("seconds"), "24 results files"),
        "in_year_vs_year_end": (largest.get("in_year_vs_year_end") if largest else None,
                                f"at {largest['activity_rows']:,} activity rows" if largest else "not measured"),
        "year_end_vs_duckdb": _duckdb_judged(largest),
        "contract_ms": (results.get("contracts", {}).get("ms_per_contract"),
                        f"{results['contracts']['contracts']} contracts" if "contracts" in results else "not measured"),
        "demo_seconds": _demo_judged(results.get("demo")),
    }
    out = {}
    for name, (limit, op, what) in TARGETS.items():
        value, where = values[name]
        met = None if value is None else (value <= limit if op == "<=" else value >= limit if op == ">="
                                          else value < limit)
        out[name] = {"value": value, "limit": limit, "comparison": op, "what": what, "measured": where,
                     "met": met}
    return out


def _demo_judged(demo: dict[str, Any] | None) -> tuple[float | None, str]:
    """The full demo's best time, judged at scale 1 only (the target's demo)."""
    if not demo:
        return None, "not measured"
    if demo["scale"] != 1:
        return None, f"measured at scale {demo['scale']:g}, judged at scale 1 only"
    return demo["seconds"], f"best of {len(demo['all_seconds'])}, {demo['cpu_seconds']:.1f} CPU-s"


def _duckdb_judged(largest: dict[str, Any] | None) -> tuple[float | None, str]:
    """evaluate / DuckDB at the largest size; no value when DuckDB did not run or its figures
    differ from ours (then the times are not of the same figures)."""
    if not largest:
        return None, "not measured"
    where = f"at {largest['activity_rows']:,} activity rows"
    if "evaluate_vs_duckdb" not in largest:
        return None, largest.get("duckdb", {}).get("skipped") or "not measured"
    if not largest["figures_equal"]:
        return None, f"{where}: the figures differ, so the times are not comparable"
    return largest["evaluate_vs_duckdb"], where + ", figures equal"


def _mb(n: float) -> str:
    return f"{n / 1e6:,.0f}" if n >= 10e6 else f"{n / 1e6:,.1f}"


def table(results: dict[str, Any]) -> str:
    m = results["machine"]
    lines = [f"hubmonitor benchmark: {m['cpu']}, {m['cores']} cores, {m['ram_bytes'] / 2 ** 30:.1f} GiB RAM, "
             f"{m['os']}, Python {m['python']}, polars {m['polars']}; best of {results['settings']['repeat']} "
             "fresh processes",
             f"other processes used {results['other_load']:.2f} of the {m['cores']} cores on average during the run"
             + ("" if results["other_load"] < 0.25 else ": they shared the cores, so times are noisy"), ""]
    if results["scales"]:
        lines += [f"evaluate {CONTRACT.relative_to(ROOT)} (all targets) vs bare polars.scan_csv(...).collect(); "
                  "peak RSS vs the data in memory",
                  f"{'activity rows':>14} {'all rows':>11} {'CSV MB':>7} {'bare s':>7} {'evaluate s':>11} "
                  f"{'(load+engine)':>14} {'×bare':>6} {'ns/row':>7} {'data MB':>8} {'bare peak':>9} {'peak MB':>8} "
                  f"{'×data':>6}"]
        for s in results["scales"]:
            e, b = s["evaluate"], s["bare"]
            lines.append(
                f"{s['activity_rows']:>14,} {s['activity_rows'] + s['evaluation_rows']:>11,} {_mb(s['csv_bytes']):>7} "
                f"{b['seconds']:>7.2f} {e['seconds']:>11.2f} "
                f"{e['load_seconds']:>6.2f}+{e['engine_seconds']:<7.2f} {s['evaluate_vs_bare']:>6.1f} "
                f"{s['ns_per_row']:>7,.0f} {_mb(b['data_bytes']):>8} {b['peak_kb'] / 1024:>9,.0f} "
                f"{e['peak_kb'] / 1024:>8,.0f} "
                f"{s['memory_vs_data']:>6.1f}")
        lines += ["", "DuckDB (bench/duckdb_query.py): 10 targets in SQL, cleaning as hubmonitor does; its figures "
                  "(value, numerator, denominator, groups) checked equal to evaluate's",
                  f"{'activity rows':>14} {'evaluate s':>11} {'duckdb s':>9} {'×duckdb':>8} {'duckdb peak MB':>15} "
                  f"{'×data':>6}  figures equal"]
        for s in results["scales"]:
            d = s.get("duckdb", {})
            if "seconds" not in d:
                lines.append(f"{s['activity_rows']:>14,} skipped: {d.get('skipped')}")
                continue
            equal = "yes" if s["figures_equal"] else "NO: " + "; ".join(s["figures_differ"])[:400]
            lines.append(f"{s['activity_rows']:>14,} {s['evaluate']['seconds']:>11.2f} {d['seconds']:>9.2f} "
                         f"{s['evaluate_vs_duckdb']:>8.2f} {d['peak_kb'] / 1024:>15,.0f} "
                         f"{s['duckdb_memory_vs_data']:>6.1f}  {equal}")
        lines += ["", f"in the year (evaluate --as-of {IN_YEAR}, the pace course included) vs the year end"]
        for s in results["scales"]:
            if "in_year" in s:
                lines.append(f"{s['activity_rows']:>14,} rows: {s['in_year']['seconds']:.2f} s, "
                             f"×{s['in_year_vs_year_end']:.2f} the year end; peak "
                             f"{s['in_year']['peak_kb'] / 1024:,.0f} MB, ×{s['in_year_memory_vs_data']:.1f} the data")
        stages = results["scales"][-1]["evaluate"].get("stages", {})
        if stages:
            total = results["scales"][-1]["evaluate"]["seconds"]
            lines += ["", f"where evaluate's time goes at {results['scales'][-1]['activity_rows']:,} activity rows "
                          "(indented: parts of the two reads above, both sources; peak RSS when the stage ended)",
                      f"{'stage':<52} {'calls':>5} {'seconds':>8} {'share':>6} {'peak MB':>8}"]
            order = [label for label in _STAGE_ORDER if label in stages]
            order += sorted(set(stages) - set(order), key=lambda label: -stages[label]["seconds"])
            for label, st in ((label, stages[label]) for label in order):
                lines.append(f"{label:<52} {st['calls']:>5} {st['seconds']:>8.2f} {st['seconds'] / total:>6.0%} "
                             f"{st.get('peak_kb_after', 0) / 1024:>8,.0f}")
    if "files" in results:
        f = results["files"]
        lines += ["", f"files: the same {f['activity_rows']:,} activity rows in {f['files']['yearly']} yearly files "
                      f"and in {f['files']['monthly']} monthly files (a hub that exports every month); the "
                      f"{f['figures_compared']} local targets' figures equal: {'yes' if f['figures_equal'] else 'NO'}"]
        for when, label in (("year_end", "year end"), ("in_year", f"as of {IN_YEAR}")):
            yearly, monthly = f[f"yearly_{when}"], f[f"monthly_{when}"]
            lines.append(f"{label:>22}: yearly {yearly['seconds']:.2f} s, monthly {monthly['seconds']:.2f} s "
                         f"(×{f[f'monthly_vs_yearly_{when}']:.2f}), peak {yearly['peak_kb'] / 1024:,.0f} and "
                         f"{monthly['peak_kb'] / 1024:,.0f} MB")
    if "xlsx" in results:
        x = results["xlsx"]
        lines += ["", f"xlsx: ESCRM workbook, {x['rows']:,} rows in one sheet (+ header), {_mb(x['bytes'])} MB",
                  f"{'reader':<58} {'seconds':>8} {'peak MB':>8} {'pandas ×':>9}"]
        for how, label in (("hubmonitor", "hubmonitor load_dataset(profile='escrm-excel')"),
                           ("reader", "hubmonitor io/xlsx.py Workbook.read (text frame only)"),
                           ("fastexcel", "bare fastexcel load_sheet(dtypes='string').to_polars()"),
                           ("pandas", "pandas.read_excel(engine='openpyxl', sheet_name=None)")):
            r = x[how]
            if "seconds" in r:
                factor = x["pandas"]["seconds"] / r["seconds"] if "seconds" in x["pandas"] else math.nan
                lines.append(f"{label:<58} {r['seconds']:>8.2f} {r['peak_kb'] / 1024:>8,.0f} {factor:>9.1f}")
            else:
                lines.append(f"{label:<58} skipped: {r['skipped']}")
    if "dashboards" in results:
        d = results["dashboards"]
        lines += ["", f"dashboards: {d['results_files']} results files (demo scale {d['scale']:g}, "
                      f"{d['activity_rows']:,} activity rows; evaluating them took {d['evaluate_24_seconds']:.1f} s), "
                      f"hubmonitor dashboard: {d['seconds']:.2f} s, {d['files']} files, {_mb(d['bytes'])} MB"]
    if "durations" in results:
        d = results["durations"]
        lines += ["", f"durations (service goals): {d['cases']:,} cases, {_mb(d['csv_bytes'])} MB; three duration "
                      f"targets (mean, 90th percentile, share within 10 working days per team): "
                      f"{d['evaluate']['seconds']:.2f} s, bare read {d['bare']['seconds']:.2f} s "
                      f"(×{d['evaluate_vs_bare']:.1f}), {d['ns_per_case']:,.0f} ns/case"]
    if "demo" in results:
        d = results["demo"]
        lines += ["", f"full demo (hubmonitor demo --scale {d['scale']:g} --reproducible into a new folder): "
                      f"{d['seconds']:.2f} s best of {len(d['all_seconds'])} "
                      f"({', '.join(f'{t:.2f}' for t in d['all_seconds'])}), {d['cpu_seconds']:.1f} CPU-s, "
                      f"{d['files']} files"]
    if "help" in results:
        h = results["help"]
        lines += [f"start-up: {h['command']}: {h['seconds']:.3f} s (python -c pass: {h['python_floor_seconds']:.3f} s)"]
    if "contracts" in results:
        c = results["contracts"]
        lines += [f"contracts: {c['contracts']} hub contracts loaded in {c['seconds'] * 1e3:.1f} ms, "
                  f"{c['ms_per_contract']:.2f} ms per contract"]
    lines += ["", f"{'target (issue 8)':<62} {'value':>8} {'limit':>9}  met"]
    for t in results["targets"].values():
        value = "-" if t["value"] is None else f"{t['value']:.2f}"
        met = "n/a" if t["met"] is None else "yes" if t["met"] else "NO"
        lines.append(f"{t['what']:<62} {value:>8} {t['comparison']:>3}{t['limit']:>6g}  {met}  ({t['measured']})")
    return "\n".join(lines)


def parse_rows(spec: str) -> list[int]:
    """``10000,1000000`` or ``10k,1M,10M``."""
    out = []
    for part in spec.split(","):
        part = part.strip().lower()
        factor = {"k": 1_000, "m": 1_000_000}.get(part[-1:], 1)
        out.append(int(float(part.rstrip("km")) * factor))
    return sorted(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", default="10k,1M,10M", help="activity rows of the evaluated folder, per size "
                        "(default 10k,1M,10M)")
    parser.add_argument("--quick", action="store_true", help=f"CI: {QUICK_ROWS:,} rows only, a {QUICK_XLSX_ROWS:,}-row "
                        f"workbook, the dashboard demo at scale {QUICK_DASHBOARD_SCALE:g}")
    parser.add_argument("--repeat", type=int, default=3, help="fresh processes per measurement, best taken")
    parser.add_argument("--pandas-repeat", type=int, default=1, help="pandas runs (slow at full size)")
    parser.add_argument("--xlsx-rows", type=int, default=EXCEL_MAX_ROWS - 1,
                        help="data rows of the workbook (default: Excel's maximum, 1,048,575)")
    parser.add_argument("--dashboard-scale", type=float, default=1.0,
                        help="demo scale for the dashboards and the full demo")
    parser.add_argument("--help-repeat", type=int, default=10)
    parser.add_argument("--cases", type=int, default=1_000_000, help="cases of the duration benchmark (default 1M)")
    parser.add_argument("--skip", default="", help="comma-separated parts to leave out: scales,files,xlsx,"
                        "dashboards,demo,durations,help,contracts")
    parser.add_argument("--data", type=Path, help="folder to keep the generated data in and reuse "
                        "(default: a temporary folder, removed)")
    parser.add_argument("--json", type=Path, help="results file (default bench/results.json, "
                        "bench/results-quick.json with --quick)")
    parser.add_argument("--source", type=Path, help="a hubmonitor source tree (with hubmonitor/, contracts/, "
                        "data/reference/) for the children to import instead of this one, e.g. a patched copy; "
                        "the commands timed (--help, dashboard) run from that tree too")
    parser.add_argument("--max-rss-gb", type=float, help="kill a child above this resident memory "
                        "(default: 80%% of the memory available at the start)")
    args = parser.parse_args()
    global SOURCE
    SOURCE = (args.source or ROOT).resolve()
    # byte-compiled first, as an installed wheel is (pip compiles it): where Python does not write
    # bytecode itself (PYTHONDONTWRITEBYTECODE, set where these runs were made) an editable install would
    # otherwise compile every module in every process timed (0.3 s of CPU each)
    compileall.compile_dir(SOURCE / "hubmonitor", quiet=1)
    rows = [QUICK_ROWS] if args.quick else parse_rows(args.rows)
    xlsx_rows = min(args.xlsx_rows, QUICK_XLSX_ROWS) if args.quick else args.xlsx_rows
    if not 0 < xlsx_rows < EXCEL_MAX_ROWS:
        parser.error(f"--xlsx-rows must be 1 to {EXCEL_MAX_ROWS - 1:,} (a sheet holds {EXCEL_MAX_ROWS:,} rows)")
    dashboard_scale = QUICK_DASHBOARD_SCALE if args.quick else args.dashboard_scale
    skip = {s.strip() for s in args.skip.split(",") if s.strip()}
    json_out = args.json or ROOT / "bench" / ("results-quick.json" if args.quick else "results.json")
    available = next((int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                      if line.startswith("MemAvailable:")), 8 << 20) if Path("/proc/meminfo").exists() else 8 << 20
    limit_kb = int(args.max_rss_gb * 1024 ** 2) if args.max_rss_gb else int(available * 0.8)

    results: dict[str, Any] = {
        "machine": machine(),
        "command": "python bench/run.py " + " ".join(shlex.quote(a) for a in sys.argv[1:]),
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "settings": {"rows": rows, "repeat": args.repeat, "pandas_repeat": args.pandas_repeat,
                     "xlsx_rows": xlsx_rows, "dashboard_scale": dashboard_scale, "contract": str(
                         CONTRACT.relative_to(ROOT)), "seed": SEED, "max_rss_kb": limit_kb,
                     "source": str(SOURCE)},
        "scales": [],
    }
    started = time.perf_counter()
    busy_start, own_start = _busy_seconds(), _own_seconds()
    temporary = tempfile.TemporaryDirectory(prefix="hubmonitor-bench-") if args.data is None else None
    work = Path(temporary.name) if temporary else args.data
    work.mkdir(parents=True, exist_ok=True)
    try:
        folders = []
        if "scales" not in skip:
            for n in rows:
                print(f"… {n:,} rows: generating", file=sys.stderr, flush=True)
                folder = hub_folder(work, n)
                folders.append(folder)
                print(f"… {folder.activity_rows:,} rows: measuring", file=sys.stderr, flush=True)
                try:
                    results["scales"].append(measure_scale(folder, args.repeat, limit_kb))
                except MemoryLimitError as exc:
                    results.setdefault("failed", []).append({"rows": folder.activity_rows, "error": str(exc)})
                    print(f"… {folder.activity_rows:,} rows: {exc}", file=sys.stderr)
                    break
        if "files" not in skip:
            below = [f for f in folders if f.activity_rows <= 1.05 * MONTHLY_ROWS]
            folder = below[-1] if below else hub_folder(work, QUICK_ROWS if args.quick else MONTHLY_ROWS)
            print(f"… {folder.activity_rows:,} rows as monthly files", file=sys.stderr, flush=True)
            results["files"] = measure_files(folder, args.repeat, limit_kb)
        if "xlsx" not in skip:
            # the smallest folder that holds (nearly: the rest comes round again) enough rows
            sources = [f for f in folders if f.activity_rows >= 0.95 * xlsx_rows][:1]
            if not sources:
                print(f"… xlsx: generating {xlsx_rows:,} source rows", file=sys.stderr, flush=True)
                sources = [hub_folder(work, int(xlsx_rows * 1.03))]
            path = work / f"xlsx-{xlsx_rows}" / "escrm_bench.xlsx"
            print(f"… xlsx: writing {path.name}", file=sys.stderr, flush=True)
            written = write_escrm_workbook(path, sources, xlsx_rows)
            print("… xlsx: reading", file=sys.stderr, flush=True)
            results["xlsx"] = {"rows": written, **measure_xlsx(path, args.repeat, args.pandas_repeat, limit_kb)}
        if "dashboards" not in skip:
            print("… dashboards", file=sys.stderr, flush=True)
            results["dashboards"] = measure_dashboards(work, dashboard_scale, args.repeat, limit_kb)
        if "demo" not in skip:
            print("… the full demo", file=sys.stderr, flush=True)
            results["demo"] = measure_demo(work, dashboard_scale, args.repeat)
        if "durations" not in skip:
            cases = QUICK_CASES if args.quick else args.cases
            print(f"… durations: {cases:,} cases", file=sys.stderr, flush=True)
            results["durations"] = measure_durations(work, cases, args.repeat, limit_kb)
        if "help" not in skip:
            results["help"] = measure_help(args.help_repeat)
        if "contracts" not in skip:
            results["contracts"] = measure_contracts(args.repeat, limit_kb)
    finally:
        if temporary:
            temporary.cleanup()
    wall = time.perf_counter() - started
    results["other_load"] = max(0.0, (_busy_seconds() - busy_start) - (_own_seconds() - own_start)) / wall
    results["targets"] = judge(results)
    results["seconds"] = time.perf_counter() - started
    text = table(results)
    results["table"] = text.splitlines()
    json_out.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(text)
    print(f"\n{json_out.relative_to(ROOT) if json_out.is_relative_to(ROOT) else json_out} "
          f"({results['seconds']:.0f} s)")


if __name__ == "__main__":
    main()
