"""The floor under "evaluate ≤ 2 × the bare read" (issue 8, BENCHMARKS.md): what typing alone costs.

    python bench/typing_floor.py FOLDER [--repeat 3]

FOLDER holds ``crm_activities_*.csv`` in the canonical layout (``bench/run.py --data DIR`` keeps
them, e.g. DIR/rows-10000000/midtjylland). Best of ``--repeat`` runs each, in this process:

- bare: ``polars.scan_csv(files).collect()``, types inferred (bench/run.py's limit);
- text: the same files with every column as text (what hubmonitor parses);
- categorical: text, but the repeating columns parsed as ``Categorical`` (dictionary-encoded);
- typed: ONE lazy query from ``scan_csv`` that types the columns hubmonitor types (date by its
  format, five columns through alias tables, the CVR check, topics as a list) and does nothing
  else: no findings, no quarantine list, no duplicates, no engine;
- typed without look-ups: the same without the five alias-table columns.

Not a test, asserts nothing; prints seconds and the ratio to the bare read.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

import polars as pl
from read_csv import best  # bench/ is the script's folder, first on sys.path

from hubmonitor.io.columns import cvr_problem as _cvr_problem

REPEATING = ["date", "municipality", "segment", "activity_type", "growth_programme", "referred", "topics"]
_YES_NO = {"ja": True, "nej": False, "": False}


def _key(col: str) -> pl.Expr:
    return pl.col(col).fill_null("").str.strip_chars().str.to_lowercase()


def typed_query(files: list[str], lookups: bool) -> pl.LazyFrame:
    cvr = pl.col("cvr").fill_null("").str.strip_chars()
    columns = [
        pl.col("activity_id"),
        pl.col("date").str.to_date("%Y-%m-%d", strict=False),
        pl.col("company_id").str.strip_chars(),
        cvr,
        _cvr_problem(cvr, cvr.cast(pl.UInt32, strict=False)).alias("cvr_problem"),  # hubmonitor's rule
        pl.col("topics").str.split(";"),
    ]
    if lookups:  # tables of the real size do not matter here: one hash look-up per row either way
        columns += [
            _key("municipality").replace_strict({"aarhus": "Aarhus"}, default=None, return_dtype=pl.String),
            _key("segment").replace_strict({"drift": "drift", "iværksætter": "iværksætter"}, default=None,
                                           return_dtype=pl.String),
            _key("activity_type").replace_strict({"individuel": "individuel"}, default=None,
                                                 return_dtype=pl.String),
            _key("growth_programme").replace_strict(_YES_NO, default=None, return_dtype=pl.Boolean),
            _key("referred").replace_strict(_YES_NO, default=None, return_dtype=pl.Boolean),
        ]
    return pl.scan_csv(files, infer_schema=False).select(columns)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    files = sorted(str(p) for p in args.folder.glob("crm_activities_*.csv"))
    if not files:
        parser.error(f"no crm_activities_*.csv in {args.folder}")
    runs: list[tuple[str, Callable[[], pl.DataFrame]]] = [
        ("bare: scan_csv().collect(), types inferred", lambda: pl.scan_csv(files).collect()),
        ("text: every column as text", lambda: pl.scan_csv(files, infer_schema=False).collect()),
        ("categorical: repeating columns dictionary-encoded",
         lambda: pl.scan_csv(files, infer_schema=False,
                             schema_overrides={c: pl.Categorical for c in REPEATING}).collect()),
        ("typed: one lazy query, typing only", lambda: typed_query(files, lookups=True).collect()),
        ("typed without the five look-up columns", lambda: typed_query(files, lookups=False).collect()),
    ]
    rows = pl.scan_csv(files).select(pl.len()).collect().item()
    print(f"{rows:,} activity rows in {len(files)} files; best of {args.repeat}")
    bare = None
    for label, fn in runs:
        seconds = best(fn, args.repeat)
        bare = bare or seconds
        print(f"{label:<52} {seconds:>7.2f} s {seconds / bare:>6.2f} × bare")


if __name__ == "__main__":
    main()
