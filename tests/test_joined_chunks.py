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
import pytest
from helpers import ACTIVITY_HEADER, act, load_folder, write_csv

from hubmonitor.io.canonical import joined
from hubmonitor.io.combine import combine_datasets


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


def test_one_row_files_join_in_line(tmp_path: Path) -> None:
    # a row each (polars keeps a column of one row as its value): the merge happened by column
    for month in range(1, 5):
        write_csv(tmp_path, f"crm_activities_2024-{month:02d}.csv", ACTIVITY_HEADER,
                  [act(f"A{month}", f"2024-{month:02d}-15", f"C{month}", growth="ja" if month == 3 else "")])
    frame = load_folder(tmp_path).activities.frame
    assert set(_pieces(frame).values()) == {4}, _pieces(frame)
    assert frame["growth_programme"].to_list() == [False, False, True, False]
    assert frame["date"].cast(pl.String).to_list() == ["2024-01-15", "2024-02-15", "2024-03-15", "2024-04-15"]


def test_joined_keeps_values_order_and_pieces() -> None:
    def part(n: int, first: int) -> pl.DataFrame:
        return pl.DataFrame({"n": list(range(first, first + n))}).with_columns(
            pl.lit("x").alias("s"), pl.lit(None, pl.String).alias("none"), pl.lit(False).alias("flag"))
    parts = [part(1, 0), part(1, 1), part(3, 2), part(1, 5)]
    out = joined(parts)
    expected = pl.concat(parts)
    assert out.schema == expected.schema
    assert out.to_dict(as_series=False) == expected.to_dict(as_series=False)
    assert set(_pieces(out).values()) == {4}


def test_joined_refuses_parts_of_other_columns() -> None:
    with pytest.raises(ValueError, match="parts differ"):
        joined([pl.DataFrame({"a": [1]}), pl.DataFrame({"a": ["x"]})])


def test_folders_combined_join_in_line(tmp_path: Path) -> None:
    # two hubs' folders (KL's national view): one row each in a file, the second folder's file first
    for hub, municipality in (("midt", "Aarhus"), ("nord", "Aalborg")):
        write_csv(tmp_path / hub, "crm_activities_2024.csv", ACTIVITY_HEADER,
                  [act(f"{hub}1", "2024-02-01", f"{hub}-C1", municipality)])
    datasets = [load_folder(tmp_path / hub) for hub in ("midt", "nord")]
    frame = combine_datasets(datasets).activities.frame
    assert set(_pieces(frame).values()) == {2}, _pieces(frame)
    assert frame["_file"].to_list() == ["midt/crm_activities_2024.csv", "nord/crm_activities_2024.csv"]
    assert frame["municipality"].to_list() == ["Aarhus", "Aalborg"]
    assert frame["_seq"].to_list() == [0, 1]
