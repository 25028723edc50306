"""How much reading a CSV export through hubmonitor costs over a bare ``polars.read_csv``.

    python bench/read_csv.py [--rows 1000000] [--repeat 3]

Builds a CSV of ``--rows`` activity rows from the spec's example (its rows repeated with fresh
activity ids, so values, spellings and the few bad rows are realistic), once as canonical UTF-8
with commas and once as a Danish Excel export (Windows-1252, semicolons). Then times, best of
``--repeat``:

- bare:        ``polars.read_csv(path)`` (types inferred), the floor for reading the bytes;
- bare text:   ``polars.read_csv(path, infer_schema=False)``, the same with every column as text;
- hubmonitor:  ``load_dataset`` on the folder: read through the profile, normalise every value,
               validate, flag duplicates, collect findings.

Prints the times and the ratio hubmonitor / bare. A benchmark, not a test: nothing here asserts.
"""

from __future__ import annotations

import argparse
import csv
import functools
import io
import platform
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import polars as pl

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "sample" / "midtjylland-2024" / "crm_activities_2024.csv"
sys.path.insert(0, str(ROOT))

from hubmonitor.io.dataset import load_dataset  # noqa: E402
from hubmonitor.reference import load_registry  # noqa: E402


def build(folder: Path, rows: int, danish: bool) -> Path:
    with SAMPLE.open(encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        header = next(reader)
        sample = list(reader)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";" if danish else ",", lineterminator="\r\n" if danish else "\n")
    writer.writerow(header)
    for i in range(rows):
        row = list(sample[i % len(sample)])
        row[0] = f"B{i:09d}"
        writer.writerow(row)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "crm_activities.csv"
    path.write_bytes(buffer.getvalue().encode("cp1252" if danish else "utf-8"))
    # the evaluation export beside it, with no answers: every source of the profile must find a file
    (folder / "evaluations.csv").write_text("response_id,date\n", encoding="utf-8")
    return path


def best(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    registry = load_registry()
    print(f"{args.rows:,} rows; best of {args.repeat}; Python {platform.python_version()}, "
          f"polars {pl.__version__}, {platform.machine()}")
    print(f"{'file':<34}{'MB':>7}{'bare':>9}{'bare text':>11}{'hubmonitor':>12}{'ratio':>8}")
    with tempfile.TemporaryDirectory() as tmp:
        for label, danish in (("canonical (UTF-8, comma)", False), ("Danish Excel (cp1252, semicolon)", True)):
            folder = Path(tmp) / ("danish" if danish else "canonical")
            path = build(folder, args.rows, danish)
            sep = ";" if danish else ","
            enc = "windows-1252" if danish else "utf8"
            bare = best(functools.partial(pl.read_csv, path, separator=sep, encoding=enc), args.repeat)
            text = best(functools.partial(pl.read_csv, path, separator=sep, encoding=enc, infer_schema=False),
                        args.repeat)
            ours = best(functools.partial(load_dataset, folder, registry), args.repeat)
            size = path.stat().st_size / 1e6
            print(f"{label:<34}{size:>7.1f}{bare:>8.2f}s{text:>10.2f}s{ours:>11.2f}s{ours / bare:>7.1f}×")


if __name__ == "__main__":
    main()
