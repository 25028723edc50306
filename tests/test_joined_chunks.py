"""The files of a source, joined, keep their columns' pieces in line (issue 19).

polars keeps a column that holds one value throughout a file (a literal, or a looked-up value where
the file has one distinct value: every yes/no cell empty) as that one value, and joining files
merged such columns of neighbouring files into one piece. The joined frame's columns then had
different pieces, and any query over all of them copied every column to line them up: 0.3 s and a
copy of the frame at 10M rows, where two small files held one value each (BENCHMARKS.md). What it
costs is measured in the benchmark; here: the pieces line up, and no value changes.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl
from helpers import ACTIVITY_HEADER, act, load_folder, write_csv

from hubmonitor.io.canonical import materialized


def _pieces(frame: pl.DataFrame) -> dict[str, int]:
    return {name: frame[name].n_chunks() for name in frame.columns}


def test_files_of_one_value_each_join_in_line(tmp_path: Path) -> None:
    # two small files whose yes/no columns are empty throughout (one value: false), one file that varies
    write_csv(tmp_path, "crm_activities_2022.csv", ACTIVITY_HEADER,
              [act("A1", "2022-03-01", "C1"), act("A2", "2022-04-01", "C2")])
    write_csv(tmp_path, "crm_activities_2023.csv", ACTIVITY_HEADER,
              [act("B1", "2023-03-01", "C1"), act("B2", "2023-04-01", "C3")])
    write_csv(tmp_path, "crm_activities_2024.csv", ACTIVITY_HEADER,
              [act("D1", "2024-01-10", "C1", growth="ja"), act("D2", "2024-02-10", "C4", referred="ja"),
               act("D3", "2024-03-10", "C5")])
    frame = load_folder(tmp_path).activities.frame
    assert set(_pieces(frame).values()) == {3}, _pieces(frame)
    assert frame["growth_programme"].to_list() == [False, False, False, False, True, False, False]
    assert frame["referred"].to_list() == [False, False, False, False, False, True, False]
    assert frame["activity_id"].to_list() == ["A1", "A2", "B1", "B2", "D1", "D2", "D3"]


def test_materialized_keeps_values_and_names() -> None:
    part = pl.DataFrame({"n": [1, 2, 3]}).with_columns(
        pl.lit("x").alias("s"), pl.lit(None, pl.String).alias("none"), pl.lit(False).alias("flag"))
    out = materialized(part)
    assert out.columns == ["n", "s", "none", "flag"]
    assert out.schema == part.schema
    assert out.to_dict(as_series=False) == part.to_dict(as_series=False)
    joined = pl.concat([out, materialized(part.with_columns(pl.col("n") + 3)), out])
    assert set(_pieces(joined).values()) == {3}
    assert joined["s"].to_list() == ["x"] * 9
    assert joined["flag"].to_list() == [False] * 9
