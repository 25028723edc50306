"""The kinds of target a contract can state. One class per kind; the ``kind`` key picks it.

Each class says what data the rule reads and how the threshold is compared. The matching
computation lives in ``hubmonitor/engine/metrics/`` (one function per kind, registered by class).

Two keys every target may carry where they apply: ``pace`` (``prorata`` | ``seasonal``) on targets
that count up over the year (``counts_up``), and ``min_answers`` on figures resting on a sample of
answers (``sampled``). See docs/decisions.md, "During the year" and "Uncertainty".
"""

from __future__ import annotations

from typing import Annotated, Any, ClassVar, Literal

from pydantic import (
    Field,
    StrictBool,
    StrictInt,
    ValidationInfo,
    field_validator,
    model_validator,
)

from hubmonitor.contract.counting import CountTarget, SumTarget
from hubmonitor.contract.durations import DurationTarget
from hubmonitor.contract.filters import Condition, Scalar, Where, check_where
from hubmonitor.contract.grouping import check_groups
from hubmonitor.contract.linked import AnsweredBy, check_answered_by, linked_reads
from hubmonitor.contract.messages import Msg, OneLine, excerpt
from hubmonitor.contract.target_base import (
    DEFAULT_MIN_ANSWERS,
    ID_PATTERN,
    UNIT_RANGES,
    BaselineThreshold,
    Comparison,
    Filtered,
    FiniteFloat,
    Number,
    Pace,
    SourceName,
    Strict,
    TargetBase,
    Threshold,
    Unit,
    UnitRange,
    check_threshold,
    outside_unit,
    schema_of,
)
from hubmonitor.numbers import spoken
from hubmonitor.vocabulary import Source, as_read, fields_of

# The shared parts (target_base.py) are importable from here too.
__all__ = [
    "DEFAULT_MIN_ANSWERS",
    "ID_PATTERN",
    "TARGET_KINDS",
    "UNIT_RANGES",
    "AllocationTarget",
    "BaselineThreshold",
    "CompanyRatioTarget",
    "Comparison",
    "CountTarget",
    "DistinctCompaniesTarget",
    "DurationTarget",
    "ExternalTarget",
    "Filtered",
    "FiniteFloat",
    "MilestoneTarget",
    "NewCompaniesTarget",
    "NpsTarget",
    "Number",
    "Pace",
    "Qualitative",
    "ShareTarget",
    "SourceName",
    "SpreadTarget",
    "Strict",
    "SumTarget",
    "Target",
    "TargetBase",
    "Threshold",
    "Unit",
    "UnitRange",
    "check_threshold",
    "outside_unit",
    "schema_of",
]


class ShareTarget(Filtered):
    """Share of records (responses by default) whose answer is a success.

    Records outside ``where`` are not counted; empty answers never enter the denominator; answers
    in ``exclude`` (e.g. 'Ved ikke') are taken out of it. With ``group_by`` (an enum column of the
    source) the share is computed per listed group and the target is met only if every listed group
    meets it, or with ``groups_needed: K`` at least K of them.
    """

    kind: Literal["share"]
    source: SourceName = Source.EVALUATIONS
    answer: str
    success: Annotated[list[str], Field(min_length=1)]
    exclude: list[str] = Field(default_factory=list)
    group_by: str | None = None
    groups: list[str] | None = None
    groups_needed: Annotated[StrictInt, Field(ge=1)] | None = Field(
        None, description="With group_by: met when at least this many of the listed groups meet the "
                          "threshold (default: every one of them).")
    answered_by: AnsweredBy | None = Field(
        None, description="Evaluations only: count only answers from companies with a matching activity in the "
                          "CRM, e.g. {where: {activity_type: individuel}, guided_in: previous_year}.")
    unit: Literal["share"] = "share"

    def sampled(self) -> bool:
        return self.source == Source.EVALUATIONS

    def reads(self) -> dict[str, set[str]]:
        return linked_reads(super().reads(), self.source, self.answered_by)

    def reads_year_before(self) -> bool:
        return self.answered_by is not None and self.answered_by.previous()

    def _reads(self) -> set[str]:
        return {self.answer, *([self.group_by] if self.group_by else [])}

    @model_validator(mode="after")
    def _check_answer(self, info: ValidationInfo) -> ShareTarget:
        schema = schema_of(info)
        if self.source not in schema:
            return self  # said by _check_where
        check_answered_by(self.answered_by, self.source)
        fields = fields_of(schema[self.source])
        if self.answer not in fields or fields[self.answer][0] != "enum":
            options = [f for f, (k, _) in fields.items() if k == "enum"]
            raise Msg(f"answer: {excerpt(self.answer)} er ikke et svarfelt; brug en af {', '.join(options)}",
                      f"answer: {excerpt(self.answer)} is not an answer field; use one of {', '.join(options)}",
                      at="answer")
        allowed = fields[self.answer][1]
        column = schema[self.source][self.answer]
        for key in ("success", "exclude"):  # as the data hold them once read ("meget tilfreds" is "Meget tilfreds")
            object.__setattr__(self, key, [as_read(column, value) for value in getattr(self, key)])
            for i, value in enumerate(getattr(self, key)):
                if allowed and value not in allowed:
                    raise Msg(f"{self.answer}: ukendt svar {excerpt(value)}; tilladte: {', '.join(allowed)}",
                              f"{self.answer}: unknown answer {excerpt(value)}; allowed: {', '.join(allowed)}",
                              at=(key, i))
        if set(self.success) & set(self.exclude):
            raise Msg("et svar kan ikke både være succes og udeladt",
                      "an answer cannot be both a success and excluded", at="exclude")
        object.__setattr__(self, "groups", check_groups(self.source, schema[self.source], self.group_by, self.groups,
                                                        self.groups_needed))
        return self


class NpsTarget(Filtered):
    """Net Promoter Score: 100 × (share answering 9–10 − share answering 0–6)."""

    kind: Literal["nps"]
    source: Literal[Source.EVALUATIONS] = Source.EVALUATIONS
    answered_by: AnsweredBy | None = Field(
        None, description="Count only answers from companies with a matching activity in the CRM, e.g. "
                          "{where: {activity_type: individuel}, guided_in: previous_year}.")
    unit: Literal["score"] = "score"

    def reads(self) -> dict[str, set[str]]:
        return linked_reads(super().reads(), self.source, self.answered_by)

    def reads_year_before(self) -> bool:
        return self.answered_by is not None and self.answered_by.previous()

    def _reads(self) -> set[str]:
        return {"nps"}

    def sampled(self) -> bool:
        return True


class DistinctCompaniesTarget(Filtered):
    """Number of distinct companies with at least one activity matching ``where`` in the period."""

    kind: Literal["distinct_companies"]
    unit: Literal["count"] = "count"
    spans_years: ClassVar[bool] = True

    def counts_up(self) -> bool:
        return True

    def _reads(self) -> set[str]:
        return {"company_id"}  # the companies counted, whichever the source (the answers' too)

    @model_validator(mode="after")
    def _has_companies(self, info: ValidationInfo) -> DistinctCompaniesTarget:
        schema = schema_of(info)
        if self.source in schema and "company_id" not in schema[self.source]:
            raise Msg(f"kilden {self.source} har ingen kolonne company_id at tælle virksomheder i",
                      f"source {self.source} has no company_id column to count companies in", at="source")
        return self


class CompanyRatioTarget(TargetBase):
    """Distinct companies matching ``numerator`` over the sum of distinct companies per
    ``denominator`` term (one term: a plain share; two terms: e.g. individual vs collective)."""

    kind: Literal["company_ratio"]
    numerator: Where
    denominator: Annotated[list[Where], Field(min_length=1)]
    unit: Literal["share"] = "share"

    def reads(self) -> dict[str, set[str]]:
        return {Source.ACTIVITIES: {"date", "company_id", *self.numerator, *(k for w in self.denominator for k in w)}}

    @property
    def numerator_in_a_term(self) -> bool:
        """Does the numerator's filter hold every condition of a denominator term (the shipped contracts':
        individually guided and referred, over individually guided)? Its companies are then that term's,
        without a look at the data; otherwise the data must show it (``engine/metrics/companies.py``)."""
        return any(all(key in self.numerator and self.numerator[key] == spec for key, spec in term.items())
                   for term in self.denominator)

    @field_validator("numerator")
    @classmethod
    def _num(cls, v: Where, info: ValidationInfo) -> Where:
        return check_where(v, Source.ACTIVITIES, (), schema_of(info))

    @field_validator("denominator")
    @classmethod
    def _den(cls, v: list[Where], info: ValidationInfo) -> list[Where]:
        return [check_where(w, Source.ACTIVITIES, (i,), schema_of(info)) for i, w in enumerate(v)]


class NewCompaniesTarget(Filtered):
    """Share of companies matching ``where`` in the period that did not match it in the
    previous period (the calendar year before). Needs data for the previous year."""

    kind: Literal["new_companies"]
    source: Literal[Source.ACTIVITIES] = Source.ACTIVITIES
    unit: Literal["share"] = "share"
    reads_previous_year: ClassVar[bool] = True


class SpreadTarget(Filtered):
    """Companies per hub municipality against a population-proportional expectation.

    Expected e = (companies located in the hub's municipalities) × population share; inside the
    band when e × (1 − tolerance) ≤ actual ≤ e × (1 + tolerance). Value: municipalities inside.
    Not pro-rated during the year: the band is relative to the companies so far.
    """

    kind: Literal["municipal_spread"]
    source: Literal[Source.ACTIVITIES] = Source.ACTIVITIES
    tolerance: Annotated[float, Field(gt=0, lt=1)] = 0.10
    expected_from: Literal["guided", "target"] = Field(
        "guided", description="The expected number per municipality: the companies actually guided in the hub's "
                              "municipalities × the population share (guided, the default), or the contract's "
                              "target number (expected_total) × the population share (target), pro-rated during "
                              "the year.")
    expected_total: Annotated[StrictInt, Field(ge=1)] | None = Field(
        None, description="The target number the expectation is a share of (expected_from: target), e.g. 2500.")
    unit: Literal["count"] = "count"

    def _reads(self) -> set[str]:
        return {"company_id", "municipality"}

    def counts_municipalities(self) -> bool:
        return True

    @model_validator(mode="after")
    def _total_with_target(self) -> SpreadTarget:
        if (self.expected_from == "target") != (self.expected_total is not None):
            raise Msg("expected_from: target kræver expected_total (måltallet, fx 2500), og expected_total "
                      "gælder kun med expected_from: target",
                      "expected_from: target needs expected_total (the target number, e.g. 2500), and "
                      "expected_total applies only with expected_from: target",
                      at="expected_total" if self.expected_total is not None else "expected_from")
        return self


class ExternalTarget(TargetBase):
    """A figure measured by others, read from ``external-<year>.yaml``.

    Either ``figure`` (a dotted path to one number) or ``numerator`` and ``denominator`` (a share).
    The threshold may be ``{baseline: NAME, change: X}``: the hub contract's baseline plus X.
    """

    kind: Literal["external"]
    figure: str | None = None
    numerator: str | None = None
    denominator: str | None = None
    unit: Literal["share", "pp", "number"] = "share"

    def sampled(self) -> bool:
        return True  # when the external file gives a sample size (or an interval)

    @model_validator(mode="after")
    def _one_form(self) -> ExternalTarget:
        ratio = self.numerator is not None and self.denominator is not None
        if (self.figure is not None) == ratio or (self.numerator is None) != (self.denominator is None):
            raise Msg("angiv enten figure eller numerator og denominator",
                      "give either figure or both numerator and denominator")
        if ratio and self.unit != "share":
            raise Msg("numerator/denominator giver en andel: unit: share",
                      "numerator/denominator make a share: unit: share")
        return self


class MilestoneTarget(TargetBase):
    """Evidence listed under ``milestones`` in ``external-<year>.yaml``.

    measure ``done``: the item's ``done`` flag (threshold true). ``count``: items dated in the
    period. ``distinct_municipalities``: distinct hub municipalities among items dated in the period.
    """

    kind: Literal["milestone"]
    evidence: str
    measure: Literal["done", "count", "distinct_municipalities"]
    within_year: StrictBool = Field(
        False, description="measure done: the milestone must be done within this contract year (a yearly "
                           "milestone), by a date in the year's file; done in an earlier year does not count. "
                           "Default: done once is done (a one-off milestone).")
    unit: Literal["bool", "count"] = "count"

    def counts_up(self) -> bool:
        return self.measure != "done"

    def counts_municipalities(self) -> bool:
        return self.measure == "distinct_municipalities"

    @model_validator(mode="after")
    def _within_year_is_for_done(self) -> MilestoneTarget:
        if self.within_year and self.measure != "done":
            raise Msg("within_year gælder kun measure: done (count og distinct_municipalities tæller kun datoer i "
                      "året)", "within_year applies to measure: done only (count and distinct_municipalities "
                      "count dates in the year only)", at="within_year")
        return self

    @model_validator(mode="before")
    @classmethod
    def _unit_from_measure(cls, data: Any) -> Any:
        if isinstance(data, dict) and "unit" not in data:
            data = {**data, "unit": "bool" if data.get("measure") == "done" else "count"}
        return data


class AllocationTarget(TargetBase):
    """How the hub's basic grant is split over its municipalities (thousand kr).

    ``method: table`` takes the contract's table and checks it sums to ``total``; ``population``
    computes the split from population with largest-remainder rounding, so it sums exactly.
    The report adds, per municipality, companies matching ``guided`` and kr per such company.
    """

    kind: Literal["allocation"]
    total: Annotated[int, Field(gt=0)]
    method: Literal["table", "population"]
    table: dict[str, StrictInt] | None = None
    guided: Where = Field(default_factory=lambda: dict[str, Scalar | Condition](activity_type="individuel"))
    comparison: Literal["=="] = "=="
    unit: Literal["thousand_kr"] = "thousand_kr"

    def reads(self) -> dict[str, set[str]]:
        return {}  # the split is the contract's; the guided companies beside it are left empty without data

    @model_validator(mode="after")
    def _table_matches_method(self, info: ValidationInfo) -> AllocationTarget:
        if (self.method == "table") != (self.table is not None):
            raise Msg("method: table kræver en table (og kun da)", "method: table needs a table (and only then)")
        if self.threshold != self.total:
            raise Msg(f"threshold skal være total ({self.total})", f"threshold must equal total ({self.total})")
        for name, amount in (self.table or {}).items():
            outside = outside_unit(self.unit, amount)
            if outside is not None:
                raise Msg(*outside, at=("table", name))
        summed = sum((self.table or {}).values())
        if self.table is not None and summed != self.total:  # (a review: 90 of 100 split, and no word of it)
            raise Msg(f"tabellens beløb giver {spoken(summed, 'da')} t.kr., ikke total ({spoken(self.total, 'da')}); "
                      "ret et beløb eller total", f"the table's amounts sum to {spoken(summed, 'en')} thousand kr, not "
                      f"total ({spoken(self.total, 'en')}); correct an amount or total", at=("table",))
        object.__setattr__(self, "guided", check_where(self.guided, Source.ACTIVITIES, ("guided",), schema_of(info)))
        return self



TARGET_KINDS = (
    ShareTarget,
    NpsTarget,
    DistinctCompaniesTarget,
    CompanyRatioTarget,
    NewCompaniesTarget,
    SpreadTarget,
    ExternalTarget,
    MilestoneTarget,
    AllocationTarget,
    DurationTarget,
    CountTarget,
    SumTarget,
)

Target = Annotated[
    ShareTarget
    | NpsTarget
    | DistinctCompaniesTarget
    | CompanyRatioTarget
    | NewCompaniesTarget
    | SpreadTarget
    | ExternalTarget
    | MilestoneTarget
    | AllocationTarget
    | DurationTarget
    | CountTarget
    | SumTarget,
    Field(discriminator="kind"),
]


class Qualitative(Strict):
    """A part of the contract with no computed status: a focus area or an offer, with the hub's
    own status text shown beside the figures."""

    id: Annotated[str, Field(pattern=ID_PATTERN)]
    ref: OneLine
    title: OneLine
    title_en: OneLine | None = None
    quote: str
    status_text: str | None = None
