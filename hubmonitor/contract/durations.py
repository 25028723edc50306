"""Duration targets: the time between two date or datetime columns of a source (service goals such
as 'svar inden for 24 timer' or 'afgørelse inden 40 dage').

``measure`` is a statistic of the durations (mean, median, a percentile, the maximum; in ``unit:``
days or hours) or the share of cases finished within a limit (``within: {hours | days |
working_days: N}``). See docs/decisions.md ("Durations (service goals)") for the rules (open cases, negative
durations, the working-day calendar, the percentile method).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field, StrictInt, ValidationInfo, model_validator

from hubmonitor.contract.counting import NUMERIC
from hubmonitor.contract.grouping import check_groups
from hubmonitor.contract.messages import Msg, excerpt
from hubmonitor.contract.target_base import (
    Filtered,
    Number,
    PreviousYearThreshold,
    SourceName,
    StepsThreshold,
    Strict,
    schema_of,
)
from hubmonitor.schema import Kind

Measure = Literal["mean", "median", "percentile", "max", "share_within"]
DATE_KINDS = (Kind.DATE, Kind.DATETIME)


class Within(Strict):
    """The limit of ``share_within``: exactly one of hours, calendar days, weeks (7 calendar days
    each: a service goal "inden for 8 uger") or Danish working days."""

    hours: Annotated[StrictInt, Field(ge=1)] | None = None
    days: Annotated[StrictInt, Field(ge=1)] | None = None
    weeks: Annotated[StrictInt, Field(ge=1)] | None = None
    working_days: Annotated[StrictInt, Field(ge=1)] | None = None

    @model_validator(mode="before")
    @classmethod
    def _known(cls, data: Any) -> Any:
        """An unknown unit named with the ones there are (a service goal's "inden for 2 måneder" has none)."""
        if isinstance(data, dict):
            unknown = [str(k) for k in data if k not in WITHIN_KEYS]
            if unknown:
                known = ", ".join(WITHIN_KEYS)
                raise Msg(f"ukendt enhed {excerpt(unknown[0])} i within; kendte: {known} (fx within: {{weeks: 8}})",
                          f"unknown unit {excerpt(unknown[0])} in within; known: {known} (e.g. within: {{weeks: 8}})")
        return data

    @model_validator(mode="after")
    def _one(self) -> Within:
        given = [k for k in WITHIN_KEYS if getattr(self, k) is not None]
        if len(given) != 1:
            raise Msg("within skal have netop én af hours, days, weeks, working_days, fx within: {days: 40}",
                      "within needs exactly one of hours, days, weeks, working_days, e.g. within: {days: 40}")
        return self

    @property
    def written(self) -> tuple[str, int]:
        """(unit, N) of the limit as the contract writes it (weeks as weeks)."""
        for key in WITHIN_KEYS:
            value = getattr(self, key)
            if value is not None:
                return key, int(value)
        raise AssertionError("validated: one limit")

    @property
    def limit(self) -> tuple[str, int]:
        """(unit, N) of the limit as it is measured: weeks as 7 × N calendar days."""
        key, n = self.written
        return ("days", 7 * n) if key == "weeks" else (key, n)


WITHIN_KEYS = ("hours", "days", "weeks", "working_days")


class DurationTarget(Filtered):
    """The time from ``start`` to ``end`` (two date or datetime columns of ``source``), less the
    days in ``paused`` where given: a statistic of it (``mean``, ``median``, ``percentile``, ``max``,
    in ``unit: days`` or ``hours``) or the share of cases finished ``within`` a limit. With
    ``group_by`` (an enum column) it is computed per group and every group must meet it."""

    kind: Literal["duration"]
    source: SourceName
    start: str
    end: str
    measure: Measure
    percentile: Number | None = Field(None, description="measure: percentile: which one, 1–100 (nearest rank).")
    within: Within | None = Field(None, description="measure: share_within: {hours: N}, {days: N}, {weeks: N} "
                                                    "(7 × N days) or {working_days: N} (Danish working days).")
    paused: str | None = Field(None, description="A number column of days to subtract (the applicant's time).")
    group_by: str | None = None
    groups: list[str] | None = Field(None, description="With group_by: the groups judged (default: every group "
                                                        "with cases in the period).")
    groups_needed: Annotated[StrictInt, Field(ge=1)] | None = Field(
        None, description="With group_by and groups: met when at least this many of the groups meet the threshold "
                          "(default: every one of them).")
    unit: Literal["days", "hours", "share"] = "days"  # share for share_within

    def reads(self) -> dict[str, set[str]]:
        if "source" not in self.__dict__:  # built without its keys (docs/input-formats.md): all are the contract's
            return {}
        return super().reads()

    def _reads(self) -> set[str]:
        return {self.start, self.end, *([self.paused] if self.paused else []),
                *([self.group_by] if self.group_by else [])}

    @model_validator(mode="before")
    @classmethod
    def _defaults(cls, data: Any) -> Any:
        """share_within is a share, compared with '>=' by default; a statistic is a time in days,
        compared with '<=' (a service goal is a most)."""
        if isinstance(data, dict):
            share = data.get("measure") == "share_within"
            data = {**data}
            data.setdefault("unit", "share" if share else "days")
            data.setdefault("comparison", ">=" if share else "<=")
        return data

    @model_validator(mode="after")
    def _check_duration(self, info: ValidationInfo) -> DurationTarget:
        self._check_measure()
        schema = schema_of(info)
        if self.source not in schema:
            return self  # said by _check_where
        columns = schema[self.source]
        self._check_column("start", self.start, columns, DATE_KINDS, "date/datetime")
        self._check_column("end", self.end, columns, DATE_KINDS, "date/datetime")
        if self.paused is not None:
            self._check_column("paused", self.paused, columns, NUMERIC, "integer/number")
        object.__setattr__(self, "groups", check_groups(self.source, columns, self.group_by, self.groups,
                                                        self.groups_needed, listed=False))
        return self

    def _check_measure(self) -> None:
        if (self.measure == "percentile") != (self.percentile is not None):
            raise Msg("percentile angives med measure: percentile (og kun da), fx percentile: 90",
                      "percentile goes with measure: percentile (and only then), e.g. percentile: 90",
                      at="percentile" if self.percentile is not None else "measure")
        if self.percentile is not None and not 1 <= self.percentile <= 100:
            raise Msg(f"percentile skal være mellem 1 og 100, ikke {excerpt(self.percentile)}",
                      f"percentile must be between 1 and 100, not {excerpt(self.percentile)}", at="percentile")
        if (self.measure == "share_within") != (self.within is not None):
            raise Msg("within angives med measure: share_within (og kun da), fx within: {days: 40}",
                      "within goes with measure: share_within (and only then), e.g. within: {days: 40}",
                      at="within" if self.within is not None else "measure")
        if (self.measure == "share_within") != (self.unit == "share"):
            raise Msg("share_within er en andel (unit: share); de andre mål er en tid (unit: days eller hours)",
                      "share_within is a share (unit: share); the other measures are a time (unit: days or hours)",
                      at="unit")
        if self.unit != "share" and not isinstance(self.threshold, PreviousYearThreshold):  # last year's: a time
            t = self.threshold
            values = list(t.by_year.values()) if isinstance(t, StepsThreshold) else t if isinstance(t, list) else [t]
            if any(isinstance(v, bool) or not isinstance(v, int | float) or v < 0 for v in values):
                raise Msg(f"threshold skal være et antal {'timer' if self.unit == 'hours' else 'dage'} (0 eller mere)",
                          f"threshold must be a number of {self.unit} (0 or more)", at="threshold")

    def _check_column(self, key: str, name: str, columns: Any, kinds: tuple[Kind, ...], what: str) -> None:
        if name not in columns:
            known = [c.name for c in columns.columns if c.kind in kinds]
            raise Msg(f"kilden {self.source} har ingen kolonne {excerpt(name)}; {what}-kolonner: "
                      f"{', '.join(known) or 'ingen'}",
                      f"source {self.source} has no column {excerpt(name)}; {what} columns: "
                      f"{', '.join(known) or 'none'}", at=key)
        kind = columns[name].kind
        if kind not in kinds:
            raise Msg(f"{key}: kolonnen {name} er af typen {kind}, ikke {what}",
                      f"{key}: column {name} is of kind {kind}, not {what}", at=key)
