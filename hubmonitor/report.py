"""The result of an evaluation: what every renderer (terminal, JSON, Excel, HTML) receives.

Plain pydantic models, no polars. ``value`` fields are unrounded; rounding is presentation.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any, Literal, TypeGuard

from pydantic import BaseModel, ConfigDict, Field, model_validator

from hubmonitor.goal import Goal

Status = Literal["met", "not_met", "insufficient_data", "on_track", "behind"]
Severity = Literal["quarantine", "warning", "info"]
# The allocation of the basic grant is money split by a key, not a target to meet: its status in
# the results only records that the split adds up to the grant.
GRANT_KINDS = frozenset({"allocation"})


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Finding(_Model):
    """One problem in the data, located so a person can find it (header = row 1)."""

    code: str  # stable kebab-case, see hubmonitor.findings.CODES
    severity: Severity
    file: str
    sheet: str | None = None  # the sheet of a workbook
    row: int | None = None
    column: str | None = None
    value: str | None = None  # the value, or its mask (``########``) where ``sensitive``
    message: str  # Danish
    message_en: str
    # the value is, or may be, a company's own data (its column, its code or its look; see
    # hubmonitor.findings): ``value`` and the messages hold its mask; the value itself is only in
    # ``check-data --csv``
    sensitive: bool = False
    # where else to look, after the message: a duplicate's other row and the fields that differ (file,
    # row and column names only, never a value); Danish and English
    detail: str | None = None
    detail_en: str | None = None


class FindingSummary(_Model):
    code: str
    severity: Severity
    count: int


class InputSummary(_Model):
    """Row accounting for one input: read = used + quarantined + duplicates + outside_period."""

    source: str  # activities, evaluations, or a source a data: block adds
    file: str
    sheet: str | None = None
    rows_read: int
    rows_used: int
    quarantined: int
    duplicates: int
    outside_period: int
    # a contract year's accounting: of the rows read, those whose date cannot be read (each one
    # quarantined; counted in every year its file holds rows of); None for the whole folder
    undated: int | None = None
    # rows the profile's skip_rows left out of the file (not data, not read: not in rows_read); None
    # where it left none out (and then not written in the results)
    skipped: int | None = None
    # canonical column → the file's own heading of it, where the two differ ({"date": "Dato"}): a finding's
    # ``column`` is canonical, and is shown by this heading; None where every heading is canonical (not written)
    headings: dict[str, str] | None = None


class PeriodInfo(_Model):
    start: date
    end: date
    as_of: date
    # ``as_of`` was asked for (``--as-of``) within the year: a row dated after it is outside the period, whatever
    # it is; not so for the data date (the latest usable row: the rows quarantined after it are the year's newest)
    asked: bool = False

    @property
    def in_year(self) -> bool:
        """The data end before the contract year does: the figures are not a whole year's."""
        return self.as_of < self.end


class DataQuality(_Model):
    rows_read: int
    rows_used: int
    # the contract year (and as-of date) the accounting and the findings cover; None: the whole
    # data folder (check-data)
    period: PeriodInfo | None = None
    inputs: list[InputSummary]
    summary: list[FindingSummary]  # every code with its full count
    findings: list[Finding]  # a sample per code (see ``sample_per_code``)
    sample_per_code: int

    def total(self, severity: Severity) -> int:
        """All findings of this severity, counted in full (not the sample); a row with two
        problems counts twice."""
        return sum(s.count for s in self.summary if s.severity == severity)

    @property
    def quarantined_rows(self) -> int:
        """Rows left out of every figure (each row once, however many problems it has)."""
        return sum(i.quarantined for i in self.inputs)

    def examples(self, severity: Severity | None = None) -> list[Finding]:
        """The sample (of one severity), one finding of each code first, then a second of each, and so
        on: a code with many findings does not hide the others. Codes in the summary's order, each
        code's findings in the sample's order."""
        order = {s.code: n for n, s in enumerate(self.summary)}
        seen: dict[str, int] = {}
        ranked: list[tuple[int, int, int, Finding]] = []
        for f in self.findings:
            if severity is None or f.severity == severity:
                rank = seen[f.code] = seen.get(f.code, -1) + 1
                ranked.append((rank, order.get(f.code, len(order)), len(ranked), f))
        return [f for *_, f in sorted(ranked, key=lambda r: r[:3])]


class Exclusion(_Model):
    """A step that took records out of a figure, with how many it took."""

    step: str  # e.g. "outside_filter", "empty_answer", "excluded_answer:Ved ikke"
    label: str  # Danish
    label_en: str
    count: int


def is_number(value: object) -> TypeGuard[int | float]:
    """A number a figure can be drawn or compared with: an int or float, not a bool (a milestone's
    done / not done)."""
    return isinstance(value, int | float) and not isinstance(value, bool)


LEVEL = 0.95  # the confidence level of every interval hubmonitor computes, and the default of given ones


class Interval(_Model):
    """A confidence interval for a figure that rests on a sample (see engine/uncertainty.py)."""

    low: float
    high: float
    level: float = LEVEL
    method: Literal["wilson", "normal", "external"]  # external: as given by external-<year>.yaml


class Season(_Model):
    """The hub's own seasonal profile for a counting target at the as-of date: for each earlier
    year, the share of that year's final value reached by the same calendar date."""

    years: list[int]
    shares: list[float]  # one per year, in the order of ``years``
    share: float  # their plain mean: each year weighs the same
    method: Literal["mean"] = "mean"


class Forecast(_Model):
    """The year-end value forecast from the seasonal profile: value so far / share."""

    value: float
    low: float  # value so far / the largest share of the earlier years
    high: float  # value so far / the smallest share
    method: Literal["seasonal"] = "seasonal"


class ProgressPoint(_Model):
    """One point of a counting target's course through the year (month ends and the as-of date):
    the value with the data up to ``date``, and what was expected by then."""

    date: date
    elapsed_share: float  # elapsed days including ``date`` / days in the year
    value: float | None  # None after the as-of date
    prorated: float | list[float]  # target × elapsed_share
    seasonal_share: float | None = None  # the hub's seasonal profile at this date (mean over earlier years)
    seasonal: float | list[float] | None = None  # target × seasonal_share


class GroupResult(_Model):
    key: str
    value: float | int | None
    status: str  # met / not_met / insufficient_data, or within / below / above for spread
    numerator: int | None = None
    denominator: int | None = None
    expected: float | None = None
    low: float | None = None
    high: float | None = None
    dialogue: bool | None = None
    amount: int | None = None
    share: float | None = None
    population: int | None = None
    population_share: float | None = None
    guided: int | None = None
    kr_per_guided: float | None = None
    # survey groups (a share per segment): the group's interval and whether it holds the threshold
    interval: Interval | None = None
    uncertain: bool | None = None


class TargetResult(_Model):
    id: str
    ref: str
    kind: str
    title: str
    title_en: str | None
    origin: Literal["framework", "hub"]
    overridden: list[str] = Field(default_factory=list)
    unit: str
    value: float | int | bool | None
    target: float | int | bool | list[float] | None
    comparison: str
    # the goal resolved (hubmonitor/goal.py): ``target`` and ``comparison`` with how the target was
    # reached; results written before it had none, and get the plain one from those two fields
    goal: Goal
    status: Status
    numerator: int | None = None
    denominator: int | None = None
    exclusions: list[Exclusion] = Field(default_factory=list)
    groups: list[GroupResult] = Field(default_factory=list)
    explanation: str
    explanation_en: str
    reason: str | None = None  # why insufficient_data, Danish
    reason_en: str | None = None
    quote: str
    status_text: str | None = None
    details: dict[str, Any] = Field(default_factory=dict)
    # uncertainty (figures resting on a sample of answers; see docs/decisions.md)
    n: int | None = None  # the number of answers the figure rests on
    min_answers: int | None = None  # fewer answers than this: insufficient_data
    interval: Interval | None = None
    uncertain: bool = False  # the interval contains the threshold: not significantly different from it
    # pace (counting targets evaluated as of a date inside the contract year)
    pace: Literal["prorata", "seasonal"] | None = None  # the rule that decided on_track / behind
    elapsed_share: float | None = None  # elapsed days including the as-of day / days in the year
    prorated_target: float | list[float] | None = None  # target × elapsed_share
    expected_by_now: float | list[float] | None = None  # target × the seasonal share
    season: Season | None = None
    forecast: Forecast | None = None
    pace_note: str | None = None  # e.g. why seasonal fell back to pro rata, Danish
    pace_note_en: str | None = None
    progress: list[ProgressPoint] = Field(default_factory=list)  # month ends, the as-of date, the year end
    # what the target counts and how, as a digest (``contract.target_base.rule_digest``): two years' results of
    # an id with different digests are different rules' figures; None in results written before it
    rule: str | None = None

    def paced_against(self) -> float | list[float] | None:
        """What the value was held to by the day evaluated, in the year: the seasonal expectation where
        the profile decided the status (``pace: seasonal``), else the pro-rated target (a KL review: a
        backtest's margin was taken to the seasonal expectation beside a status pro rata decided)."""
        if self.pace == "seasonal" and self.expected_by_now is not None:
            return self.expected_by_now
        return self.prorated_target

    @model_validator(mode="before")
    @classmethod
    def _plain_goal(cls, data: Any) -> Any:
        """Results without a goal (written before it existed): the plain goal of target and comparison."""
        if isinstance(data, dict) and "goal" not in data and "comparison" in data:
            return {**data, "goal": {"comparison": data["comparison"], "value": data.get("target")}}
        return data


class QualitativeResult(_Model):
    id: str
    ref: str
    title: str
    title_en: str | None
    quote: str
    status_text: str | None


SignalStatus = Literal["no_remark", "investigate", "not_assessed"]
SignalKind = Literal["burst", "bulk", "late", "lookalike", "jump"]


class SignalResult(_Model):
    """An integrity signal: a pattern in the year's data that a reviewer should ask about — a
    question, not an accusation. Aggregates only: the rows and companies behind ``evidence`` go to
    the hub's internal CSV (``check-data --signals-csv``), never into results or pages.

    ``value`` is the statistic the rule compares with ``threshold`` (in ``unit``: share, count,
    ratio, pp); ``baseline`` what it is compared against where the rule has one (the hub's own
    earlier years); ``status`` ``investigate`` ("bør undersøges") when the rule is met,
    ``no_remark`` ("ingen bemærkning") when not, ``not_assessed`` when the data cannot tell (e.g. the
    export has no registration time), with the reason."""

    id: str  # e.g. "burst.referred", "bulk.referred", "late.after_period", "lookalike.cvr", "jump.M8.referral_rate"
    kind: SignalKind
    title: str
    title_en: str
    rule: str  # the rule with its threshold, in words (Danish)
    rule_en: str
    unit: Literal["share", "count", "ratio", "pp"]
    threshold: float
    value: float | None = None
    baseline: float | None = None
    evidence: int = 0  # rows or companies behind the statistic (listed in the internal CSV)
    status: SignalStatus
    reason: str | None = None  # why not assessed (Danish)
    reason_en: str | None = None
    details: dict[str, Any] = Field(default_factory=dict)


# The columns of a signal's company-level evidence, in this order (built in ``engine/signals.py``,
# written by ``io/signals_csv.py``; never part of a report)
SIGNAL_EVIDENCE = ("signal", "year", "activity_id", "company_id", "cvr", "company_name", "municipality", "date",
                   "registered_at", "detail", "detail_en")


class Report(_Model):
    schema_version: Literal[1] = 1
    hub: str
    erhvervshus: str
    contract: str
    contract_en: str | None = None  # the contract's English title (``title_en``), where it has one
    contract_id: str
    # the contract's file name, then the files it extends relative to its folder (not the working directory)
    contract_files: list[str]
    framework: str | None
    period: PeriodInfo
    municipalities: list[str]
    population_date: date
    data_dir: str  # the data folder's own name (not its path: the results do not depend on where one ran)
    # files and folders in the data folder that no source reads (relative, sorted; a folder ends in "/");
    # a name that looks like company data is masked, its extension kept (``findings.shown_file_name``)
    unread_files: list[str] = Field(default_factory=list)
    targets: list[TargetResult]
    qualitative: list[QualitativeResult]
    data_quality: DataQuality
    signals: list[SignalResult] = Field(default_factory=list)  # integrity signals of the year (issue 21)

    def find(self, target_id: str) -> TargetResult | None:
        """The target with this id, or None when the contract has none."""
        return next((t for t in self.targets if t.id == target_id), None)

    def target(self, target_id: str) -> TargetResult:
        if (t := self.find(target_id)) is None:
            raise KeyError(target_id)
        return t

    def data_end(self, codes: Iterable[str] = ("data-ends-before-as-of", "data-ends-early")) -> date | None:
        """The date the data run to where it is before the day evaluated to: the value of the report's
        warning of ``codes`` (a day after the data end asked for; a finished year whose activities end early);
        None where there is none."""
        value = next((f.value for f in self.data_quality.findings if f.code in codes and f.value), None)
        return None if value is None else date.fromisoformat(value)


def quarantined_rows(reports: Iterable[Report]) -> int:
    """Rows quarantined across several reports: each contract year's own (its data quality covers
    its year), a report of the same hub, folder and year counted once. A row whose date cannot be read
    counts in each year its file holds rows of."""
    return sum({(r.hub, r.data_dir, r.period.start, r.period.as_of): r.data_quality.quarantined_rows
                for r in reports}.values())
