"""Targets that count rows or sum a column of a source, in the period and optionally per group.

``count``: the number of rows (activities by default) passing ``where`` — activities, not companies
(``distinct_companies`` counts companies). ``sum``: the sum of a numeric ``column`` over those rows
(an empty cell adds nothing). Both count up over the year (``pace``). With ``group_by`` (an enum
column of the source) and ``groups``, every listed group must meet the threshold; a group with no
rows has the value 0. The computation is in ``hubmonitor/engine/metrics/counting.py``.

Built on the classes of ``targets.py``, which imports this module below its own classes for its
``Target`` union: import ``hubmonitor.contract.targets`` (or the loader) before this module.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

from pydantic import ValidationInfo, model_validator

from hubmonitor.contract.messages import Msg, excerpt
from hubmonitor.contract.targets import SourceName, _Filtered, schema_of
from hubmonitor.schema import Kind, SourceSchema

NUMERIC = (Kind.INTEGER, Kind.NUMBER)


class _Counted(_Filtered):
    """What ``count`` and ``sum`` share: the source, ``where``, the groups, counting up."""

    source: SourceName = "activities"
    group_by: str | None = None
    groups: list[str] | None = None

    def counts_up(self) -> bool:
        return True

    def _reads(self) -> set[str]:
        return {self.group_by} if self.group_by else set()

    @model_validator(mode="after")
    def _check_counted(self, info: ValidationInfo) -> _Counted:
        if self.threshold == "all":
            raise Msg("'all' gælder kun antal kommuner; skriv et tal", "'all' is only for a count of "
                      "municipalities; write a number", at="threshold")
        schema = schema_of(info)
        if self.source not in schema:
            return self  # said by _check_where
        _check_groups(self.group_by, self.groups, self.source, schema[self.source])
        return self


def _check_groups(group_by: str | None, groups: list[str] | None, source: str, schema: SourceSchema) -> None:
    """``group_by`` an enum column of the source, ``groups`` among its values, the two together."""
    if (group_by is None) != (groups is None):
        raise Msg("group_by og groups angives sammen", "group_by and groups go together",
                  at="groups" if group_by is not None else "group_by")
    if group_by is None or groups is None:
        return
    enums = [c.name for c in schema.columns if c.kind is Kind.ENUM]
    if group_by not in schema:
        raise Msg(f"kilden {source} har ingen kolonne {excerpt(group_by)}; brug en af {', '.join(enums)}",
                  f"source {source} has no column {excerpt(group_by)}; use one of {', '.join(enums)}",
                  at="group_by")
    column = schema[group_by]
    if column.kind is not Kind.ENUM:
        raise Msg(f"group_by: {group_by} er ikke en kolonne med faste værdier (enum); brug en af "
                  f"{', '.join(enums)}",
                  f"group_by: {group_by} is not a column of fixed values (enum); use one of {', '.join(enums)}",
                  at="group_by")
    if not groups:
        raise Msg("groups: nævn mindst én gruppe", "groups: name at least one group", at="groups")
    for i, group in enumerate(groups):
        if group not in column.values:
            raise Msg(f"groups: {excerpt(group)} er ikke en værdi af {group_by}; tilladte: "
                      f"{', '.join(column.values)}",
                      f"groups: {excerpt(group)} is not a value of {group_by}; allowed: {', '.join(column.values)}",
                      at=("groups", i))
        if group in groups[:i]:
            raise Msg(f"groups: {excerpt(group)} står to gange", f"groups: {excerpt(group)} is listed twice",
                      at=("groups", i))


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
        choices = ", ".join(numeric) or "(ingen / none)"
        if self.column not in source:
            raise Msg(f"kilden {self.source} har ingen kolonne {excerpt(self.column)}; talkolonner: {choices}",
                      f"source {self.source} has no column {excerpt(self.column)}; numeric columns: {choices}",
                      at="column")
        if source[self.column].kind not in NUMERIC:
            raise Msg(f"column: {self.column} er ikke en talkolonne (integer eller number); talkolonner: {choices}",
                      f"column: {self.column} is not a numeric column (integer or number); numeric columns: "
                      f"{choices}", at="column")
        return self
