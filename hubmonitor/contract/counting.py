"""Targets that count rows or sum a column of a source, in the period and optionally per group.

``count``: the number of rows (activities by default) passing ``where`` — activities, not companies
(``distinct_companies`` counts companies). ``sum``: the sum of a numeric ``column`` over those rows
(an empty cell adds nothing). Both count up over the year (``pace``). With ``group_by`` (an enum
column of the source) and ``groups``, every listed group must meet the threshold; a group with no
rows has the value 0. The computation is in ``hubmonitor/engine/metrics/counting.py``.

Built on ``target_base.py`` (the keys every target shares); ``targets.py`` adds these kinds to its
``Target`` union.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, ClassVar, Literal

from pydantic import Field, StrictInt, ValidationInfo, model_validator

from hubmonitor.contract.grouping import check_groups
from hubmonitor.contract.messages import Msg, excerpt
from hubmonitor.contract.target_base import Filtered, SourceName, schema_of
from hubmonitor.schema import Kind, SourceSchema

NUMERIC = (Kind.INTEGER, Kind.NUMBER)


class _Counted(Filtered):
    """What ``count`` and ``sum`` share: the source, ``where``, the groups, counting up."""

    spans_years: ClassVar[bool] = True
    source: SourceName = "activities"
    group_by: str | None = None
    groups: list[str] | None = None
    groups_needed: Annotated[StrictInt, Field(ge=1)] | None = Field(
        None, description="With group_by: met when at least this many of the listed groups meet the "
                          "threshold (default: every one of them).")

    def counts_up(self) -> bool:
        return True

    def _reads(self) -> set[str]:
        return {self.group_by} if self.group_by else set()

    @model_validator(mode="after")
    def _check_counted(self, info: ValidationInfo) -> _Counted:
        schema = schema_of(info)
        if self.source not in schema:
            return self  # said by _check_where
        object.__setattr__(self, "groups", check_groups(self.source, schema[self.source], self.group_by, self.groups,
                                                        self.groups_needed))
        return self


class CountTarget(_Counted):
    """Number of rows of ``source`` (activities by default) in the period matching ``where``:
    rows, not companies (a company with three matching activities counts three)."""

    kind: Literal["count"]
    unit: Literal["count"] = "count"


class SumTarget(_Counted):
    """Sum of the numeric ``column`` of ``source`` over the rows in the period matching ``where``
    (e.g. participants per course). An empty cell adds nothing (as 0); the rows with one are counted
    in the result. ``unit``: count (the default), number or thousand_kr."""

    kind: Literal["sum"]
    column: str
    unit: Literal["count", "number", "thousand_kr"] = "count"

    def _reads(self) -> set[str]:
        # getattr: docs/input-formats.md lists what a kind reads from an instance built without its keys
        column: str | None = getattr(self, "column", None)
        return {*([column] if column else []), *super()._reads()}

    @model_validator(mode="after")
    def _check_column(self, info: ValidationInfo) -> SumTarget:
        schema: Mapping[str, SourceSchema] = schema_of(info)
        if self.source not in schema:
            return self
        source = schema[self.source]
        numeric = [c.name for c in source.columns if c.kind in NUMERIC]
        da, en = (", ".join(numeric),) * 2 if numeric else ("(ingen)", "(none)")
        if self.column not in source:
            raise Msg(f"kilden {self.source} har ingen kolonne {excerpt(self.column)}; talkolonner: {da}",
                      f"source {self.source} has no column {excerpt(self.column)}; numeric columns: {en}",
                      at="column")
        if source[self.column].kind not in NUMERIC:
            raise Msg(f"column: {self.column} er ikke en talkolonne (integer eller number); talkolonner: {da}",
                      f"column: {self.column} is not a numeric column (integer or number); numeric columns: {en}",
                      at="column")
        return self
