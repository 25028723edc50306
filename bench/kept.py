"""What a read keeps in memory, part by part (issue 19).

Reads a folder as ``hubmonitor.evaluate`` reads it for a contract (optionally as of a day), then
lets go of each part of the read in turn (every table's frame, its quarantined rows, its company
names, ...) and prints how much resident memory each gave back, beside polars' own estimate of its
size. polars' estimate counts a text column's views, not the buffers they point into, so a part that
keeps more than its estimate holds text it does not show (the quarantined rows held their whole
files' text until ``canonical.detached``).

    python bench/kept.py contracts/midtjylland/2024.yaml /tmp/b21/rows-1000000/midtjylland --as-of 2024-09-30

Freed pages are given back at once (jemalloc's decay set to 0 before polars is imported), and the
process waits a moment after each release so that the allocator's background work is done.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import time
from datetime import date
from pathlib import Path

os.environ["_RJEM_MALLOC_CONF"] = "dirty_decay_ms:0,muzzy_decay_ms:0"  # before polars is imported
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import polars as pl

import hubmonitor


def resident_mb() -> float:
    gc.collect()
    time.sleep(0.5)
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def describe(value: object) -> tuple[str, float | None]:
    if isinstance(value, pl.DataFrame):
        return f"DataFrame {value.height:,} × {value.width}", value.estimated_size() / 2**20
    if isinstance(value, pl.Series):
        return f"Series {value.len():,}", value.estimated_size() / 2**20
    return type(value).__name__, None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("contract", type=Path)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--as-of", type=date.fromisoformat, default=None)
    args = parser.parse_args()
    contract = hubmonitor.load_contract(args.contract)
    before = resident_mb()
    dataset, _ = hubmonitor.read_for([(contract, args.as_of)], args.folder)
    previous = resident_mb()
    print(f"resident before the read {before:,.0f} MB, after it {previous:,.0f} MB")
    print(f"{'part':<34} {'what':<28} {'estimate MB':>11} {'freed MB':>9}")
    for source, table in dataset.tables.items():
        for name in list(vars(table)):
            value = getattr(table, name)
            what, estimate = describe(value)
            if estimate is None:
                continue
            setattr(table, name, None)
            del value
            now = resident_mb()
            print(f"{source + '.' + name:<34} {what:<28} {estimate:>11,.1f} {previous - now:>9,.1f}")
            previous = now
    del dataset
    now = resident_mb()
    print(f"{'the rest of the read':<34} {'':<28} {'':>11} {previous - now:>9,.1f}")
    print(f"resident after letting go of it all {now:,.0f} MB")


if __name__ == "__main__":
    main()
