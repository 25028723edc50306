"""A rule's results kept over the parts of a read (issue 19): ``RuleResults`` works a rule out only
on the values a part brings new, and looks the others up. A rule depends on the value alone, so the
results must be exactly those of working the rule out on each part's values afresh, for every kind
of rule and whatever the parts repeat; and a folder read whole types every file as it types it read
alone."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import polars as pl
import polars.selectors as cs
from helpers import ACTIVITY_HEADER, act, load_folder, write_csv
from hypothesis import given, settings
from hypothesis import strategies as st

from hubmonitor.io.columns import (
    PartTyper,
    RuleResults,
    _apply,
    _blank,
    _boolean,
    _date,
    _datetime,
    _enum,
    _number,
    _topics,
    _unknown_tags,
)
from hubmonitor.profile.model import SourceMapping
from hubmonitor.reference import load_registry
from hubmonitor.schema import ACTIVITIES, EVALUATIONS

MAPPING = SourceMapping(files=["x.csv"], date_formats=["DD-MM-YYYY"], decimal=",",
                        values={"segment": {"Drift ApS": "drift"}, "referred": {"måske": True}})
RULES = {  # name → (rule, dtype, values a cell may hold)
    "blank": (_blank, pl.Boolean(), ["", " ", "x", "\t"]),
    "date": (_date(MAPPING), pl.Date(), ["2024-01-31", "31-01-2024", "2024-02-30", "", "i går", "2024-01-31 00:00:00",
                                         "1899-12-31", "31-1-2024"]),
    "datetime": (_datetime(MAPPING), pl.Datetime("us"), ["2024-01-31 10:05", "31-01-2024 10:05:07", "2024-01-31",
                                                         "", "10:05", "2024-01-31T10:05:07.123456"]),
    "enum": (_enum(ACTIVITIES["segment"], MAPPING), pl.String(), ["drift", " Drift ", "Drift ApS", "vækst", "stjerne",
                                                                  ""]),
    "boolean": (_boolean(ACTIVITIES["referred"], MAPPING), pl.Boolean(), ["ja", "Nej", "1", "0", "", "måske", "x"]),
    "number": (_number(EVALUATIONS["nps"], MAPPING, pl.Int64()), pl.Int64(), ["9", "10", "11", "-1", "9.0", "9,5",
                                                                             "", "ni"]),
    "topics": (_topics(ACTIVITIES["topics"], MAPPING), pl.List(pl.String), ["grøn", "grøn;eksport", " Eksport ; ",
                                                                            "", "rumfart;grøn"]),
    "unknown_tags": (_unknown_tags(ACTIVITIES["topics"], MAPPING), pl.String(), ["grøn", "rumfart;grøn", "", ";"]),
    "decimal": (_number(EVALUATIONS["nps"], MAPPING, pl.Float64()), pl.Float64(), ["9,5", "-0", "0,0", "-0,0", "1e3",
                                                                                  "NaN", "inf", "", "10"]),
}


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(sorted(RULES)), min_size=1, max_size=3, unique=True), st.data())
def test_kept_results_are_the_rule_on_each_part(rules: list[str], data: st.DataObject) -> None:
    # several rules share the store (a column's blank cells and its values; each rule on a column of its own)
    cells = sorted({cell for rule in rules for cell in RULES[rule][2]})
    values = st.one_of(st.sampled_from(cells), st.text(alphabet="0123456789-: jaNEJgrøn;", max_size=12))
    parts = data.draw(st.lists(st.lists(values, max_size=12, unique=True), min_size=1, max_size=5))
    known = RuleResults()
    for part in parts:  # the distinct values of a part, as ``_Lookups`` gives them
        series = pl.Series(part, dtype=pl.String)
        for rule in rules:
            fn, dtype, _ = RULES[rule]
            kept = known.results(rule, series, fn, dtype)
            assert kept.dtype == dtype
            assert kept.to_list() == _apply(series, fn, dtype).to_list()
            if dtype == pl.Float64():  # -0.0 and NaN as the rule gives them, bit for bit
                assert kept.to_physical().reinterpret(signed=True).to_list() == _apply(
                    series, fn, dtype).to_physical().reinterpret(signed=True).to_list()


def test_two_columns_of_one_kind_keep_their_own_results() -> None:
    # a yes/no word the profile gives one column only: "måske" is yes in referred, unreadable in growth_programme
    referred, growth = _boolean(ACTIVITIES["referred"], MAPPING), _boolean(ACTIVITIES["growth_programme"], MAPPING)
    known = RuleResults()
    words = pl.Series(["måske", "ja"], dtype=pl.String)
    assert known.results("referred", words, referred, pl.Boolean()).to_list() == [True, True]
    assert known.results("growth_programme", words, growth, pl.Boolean()).to_list() == [None, True]
    assert known.results("referred", words, referred, pl.Boolean()).to_list() == [True, True]


def test_many_distinct_values_are_worked_out_whole() -> None:
    fn, dtype, _ = RULES["date"]
    days = pl.date_range(date(2000, 1, 1), date(2019, 12, 31), eager=True).dt.to_string("%Y-%m-%d")
    assert days.len() > RuleResults.LIMIT
    known = RuleResults()
    assert known.results("date", days, fn, dtype).to_list() == _apply(days, fn, dtype).to_list()
    assert known.results("date", days.head(3), fn, dtype).to_list() == [
        date(2000, 1, 1), date(2000, 1, 2), date(2000, 1, 3)]


def test_a_folder_types_each_file_as_that_file_alone(tmp_path: Path) -> None:
    # the same spellings in three monthly files, each with values of its own (dates, a new segment spelling)
    months = {
        1: [act("A1", "2024-01-05", "C1", segment="Drift", growth="ja", topics="grøn",
                registered_at="2024-01-05 09:00"),
            act("A2", "05-01-2024", "C2", segment="vækst", referred="Nej")],
        2: [act("B1", "2024-02-05", "C1", segment="Drift", growth="ja", topics="grøn;eksport"),
            act("B2", "2024-02-30", "C3", segment="stjerne", referred="måske")],
        3: [act("D1", "2024-03-05", "C4", segment=" drift ", growth="", topics="grøn",
                registered_at="2024-03-05 10:30:15")],
    }
    for month, lines in months.items():
        write_csv(tmp_path / "all", f"crm_activities_2024-{month:02d}.csv", ACTIVITY_HEADER, lines)
        write_csv(tmp_path / f"m{month}", f"crm_activities_2024-{month:02d}.csv", ACTIVITY_HEADER, lines)
    columns = ["activity_id", "date", "segment", "growth_programme", "referred", "topics", "registered_at",
               "_quarantine"]
    whole = load_folder(tmp_path / "all").activities.frame.select(columns)
    alone = pl.concat([load_folder(tmp_path / f"m{m}").activities.frame.select(columns) for m in months])
    assert whole.to_dict(as_series=False) == alone.to_dict(as_series=False)
    # the folder profile reads ISO dates only: "05-01-2024" and "2024-02-30" are not read (quarantined)
    assert whole["date"].to_list() == [date(2024, 1, 5), None, date(2024, 2, 5), None, date(2024, 3, 5)]
    assert whole["_quarantine"].to_list() == [False, True, False, True, False]
    assert whole["segment"].to_list() == ["drift", "vækst", "drift", None, "drift"]
    assert whole["registered_at"].to_list() == [datetime(2024, 1, 5, 9), None, None, None,
                                                datetime(2024, 3, 5, 10, 30, 15)]


# -- the look-ups a part's typing shares (issue 19): a municipality through the column's look-up, a date
# -- looked up once for where the rows lie and for their type, a CVR number's questions in one pass


def _typer(mapping: SourceMapping = MAPPING) -> PartTyper:
    return PartTyper(ACTIVITIES.columns, mapping, load_registry(), ACTIVITIES.id_column)


def _part(**columns: list[str | None]) -> pl.DataFrame:
    height = len(next(iter(columns.values())))
    base: dict[str, list[str | None]] = {name: ["x"] * height for name in ACTIVITIES.names}
    return pl.DataFrame({**base, **columns}, schema=dict.fromkeys(ACTIVITIES.names, pl.String))


def test_a_municipality_is_its_name_code_or_alias_and_an_empty_cell_names_none() -> None:
    mapping = MAPPING.model_copy(update={"values": {"municipality": {"Aarhus C": "Aarhus"}}})
    written = ["Aarhus", "751", "751.0", " 0751 ", "aarhus kommune", "Aarhus C", "Atlantis", "", "  ", None, "Køge"]
    typed, _ = _typer(mapping).type(_part(municipality=written), frozenset())
    assert typed["_v_municipality"].to_list() == ["Aarhus", "Aarhus", "Aarhus", "Aarhus", "Aarhus", "Aarhus", None,
                                                  None, None, None, "Køge"]
    # the rule is the same from a part's new values as from the values kept over the parts before
    rule = _typer(mapping)._municipality(ACTIVITIES["municipality"])
    known, cells = RuleResults(), pl.Series([w or "" for w in written], dtype=pl.String)
    assert known.results("municipality", cells, rule, pl.String()).to_list() == typed["_v_municipality"].to_list()
    assert known.results("municipality", cells.head(3), rule, pl.String()).to_list() == ["Aarhus"] * 3


def test_a_blank_text_takes_the_profiles_alias_for_it_and_an_empty_cell_does_not() -> None:
    """A profile may give the blank spelling an alias (``"": Aarhus``): a text cell of nothing or of
    spaces takes it, as it did before the municipality was looked up with the other columns; a cell
    with no value at all (an unquoted empty CSV field) names no municipality (a review: the look-up
    reads both as "", and a data: block's municipality column, never quarantined, lost its value)."""
    mapping = MAPPING.model_copy(update={"values": {"municipality": {"": "Aarhus"}}})
    typed, _ = _typer(mapping).type(_part(municipality=["", "  ", None, "Skive"]), frozenset())
    assert typed["_v_municipality"].to_list() == ["Aarhus", "Aarhus", None, "Skive"]


def test_a_date_looked_up_for_where_the_rows_lie_types_them_as_a_fresh_look_up() -> None:
    part = _part(date=["2024-01-31", "31-01-2024", "", None, "2024-02-30", "31-01-2024", "i går"],
                 municipality=["Aarhus", "Skive", "", None, "751", "Atlantis", "Køge"])
    typer = _typer()
    days, looked = typer.dates(part)
    assert days.to_list() == [date(2024, 1, 31), date(2024, 1, 31), None, None, None, date(2024, 1, 31), None]
    shared, _ = typer.type(part, frozenset(), found={"date": looked})
    fresh, _ = _typer().type(part, frozenset())
    # (each look-up's positions are its own: every typed value and flag the same)
    assert shared.drop(cs.starts_with("_at_")).equals(fresh.drop(cs.starts_with("_at_")))
    assert shared["_v_date"].to_list() == days.to_list()
    assert shared["_blank_date"].to_list() == [False, False, True, True, False, False, False]


def test_a_cvr_number_is_read_whatever_marks_it_in_one_pass() -> None:
    # the text mark, a decimal mark and a number in groups, together in one part and each alone
    cells = ["' 12345674", "12345674,0", "12 34 56 74", "DK-12345674", "12345674", "", None, "7.000"]
    read = ["12345674", "12345674", "12345674", "12345674", "12345674", "", "", "7.000"]
    typed, _ = _typer().type(_part(cvr=cells), frozenset())
    assert typed["_v_cvr"].to_list() == read
    for cell, value in zip(cells, read, strict=True):
        alone, _ = _typer().type(_part(cvr=[cell]), frozenset())
        assert alone["_v_cvr"].to_list() == [value]
