"""The contract as hubmonitor evaluates it, and the two YAML documents it is made from.

A *framework* document holds the national targets once; a *contract* document names a hub and a
year, ``extends`` a framework, overrides what differs and adds local targets. ``Contract`` is the
merged, validated result. Nothing here knows about polars or files.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from pydantic import Discriminator, Field, Tag, field_validator, model_validator

from hubmonitor.contract.baselines import BaselineFromFile
from hubmonitor.contract.messages import Msg, OneLine, excerpt
from hubmonitor.contract.signals import SignalRules
from hubmonitor.contract.targets import FiniteFloat, Number, Qualitative, Strict, Target
from hubmonitor.extension import DataBlock
from hubmonitor.reference import load_registry

Year = Annotated[int, Field(ge=2000, le=2100)]
MAX_SPAN = 10  # the most years one contract document may cover


class Period(Strict):
    """The year a contract is evaluated for: one calendar year."""

    year: Year

    @property
    def start(self) -> date:
        return date(self.year, 1, 1)

    @property
    def end(self) -> date:
        return date(self.year, 12, 31)


class PeriodDocument(Strict):
    """A contract document's ``period:`` one year (``year: 2024``) or several (``years: [2024, 2026]``,
    first and last, both included: a contract over several years, each evaluated on its own with
    its own step of a ``by_year`` threshold)."""

    year: Year | None = None
    years: Annotated[list[Year], Field(min_length=2, max_length=2)] | None = None

    @model_validator(mode="after")
    def _one_or_several(self) -> PeriodDocument:
        if (self.year is None) == (self.years is None):
            raise Msg("angiv enten year: ÅR eller years: [FØRSTE, SIDSTE]", "give either year: YEAR or "
                      "years: [FIRST, LAST]")
        if self.years is not None:
            first, last = self.years
            if not first < last <= first + MAX_SPAN - 1:
                raise Msg(f"years: [første, sidste] med første < sidste og højst {MAX_SPAN} år, ikke {first}–{last}",
                          f"years: [first, last] with first < last and at most {MAX_SPAN} years, not {first}–{last}",
                          at="years")
        return self

    def all_years(self) -> list[int]:
        """Every year the document covers."""
        if self.years is not None:
            return list(range(self.years[0], self.years[1] + 1))
        assert self.year is not None
        return [self.year]


def _all_or_list(value: Any) -> str:
    return "all" if isinstance(value, str) else "list"


# ``all`` or a list of names: one member is tried, so a wrong item is one problem at its own line
Municipalities = Annotated[Annotated[Literal["all"], Tag("all")] | Annotated[list[str], Tag("list")],
                           Discriminator(_all_or_list)]


class FrameworkDocument(Strict):
    """``contracts/national/<year>.yaml``: targets that are the same for every hub."""

    document: Literal["framework"]
    id: OneLine
    title: OneLine
    title_en: OneLine | None = None
    source: str | None = None
    years: list[int] | None = Field(None, description="Contract years this framework covers.")
    data: DataBlock = Field(default_factory=dict)  # columns, values and sources beyond the standard export
    targets: list[Any] = Field(default_factory=list)  # validated one by one, for line numbers
    qualitative: list[Any] = Field(default_factory=list)


class ContractDocument(Strict):
    """``contracts/<hub>/<year>.yaml``: one hub's contract for one year."""

    document: Literal["contract"]
    id: OneLine
    title: OneLine
    title_en: OneLine | None = None
    source: str | None = None
    hub: OneLine = Field(description="Display name, e.g. 'Erhvervshus Midtjylland'.")
    erhvervshus: str = Field(description="The hub's key in the reference data, e.g. 'Midtjylland'.")
    extends: str | None = None
    period: PeriodDocument
    municipalities: Municipalities | None = Field(
        None, description="Official names, or 'all' (every municipality of the reference data: a national "
                          "contract; erhvervshus may then name no hub); default: the hub's members in the "
                          "reference data."
    )
    # checked against the unit of the targets that use them (loader: a share's baseline lies in [0, 1]);
    # or read from an earlier year's external file when the contract is evaluated (contract/baselines.py)
    baselines: dict[str, Number | BaselineFromFile] = Field(default_factory=dict)
    data: DataBlock = Field(default_factory=dict)  # columns, values and sources beyond the standard export
    overrides: dict[str, dict[str, Any]] = Field(default_factory=dict)
    remove: list[str] = Field(default_factory=list)
    targets: list[Any] = Field(default_factory=list)
    qualitative: list[Any] = Field(default_factory=list)
    signals: SignalRules = Field(default_factory=SignalRules, description="The integrity signals' thresholds "
                                 "(any of them; the rest keep their defaults).")

    @field_validator("municipalities", mode="before")
    @classmethod
    def _all_or_a_list(cls, value: Any) -> Any:
        """``all`` or a non-empty list; anything else is said in words, not as pydantic's union error."""
        if value is None or value == "all" or (isinstance(value, list) and value):
            return value
        if isinstance(value, list):
            raise Msg("skal nævne mindst én kommune (eller være all: alle landets kommuner)",
                      "must name at least one municipality (or be all: every municipality of the country)")
        if isinstance(value, str) and load_registry().resolve(value) is not None:  # Aarhus for [Aarhus]
            raise Msg(f"forkert type: skal være en liste, ikke {excerpt(value)}",
                      f"wrong type: must be a list, not {excerpt(value)}")
        raise Msg(f"skal være all (alle landets kommuner) eller en liste af kommuner, ikke {excerpt(value)}",
                  f"must be all (every municipality of the country) or a list of municipalities, not {excerpt(value)}")


class TargetOrigin(Strict):
    """Where a target comes from: the national framework (possibly overridden) or the hub."""

    source: Literal["framework", "hub"]
    file: str
    overridden: tuple[str, ...] = ()


class Contract(Strict):
    id: str
    title: str
    title_en: str | None = None
    source: str | None = None
    hub: str
    erhvervshus: str
    period: Period  # the year evaluated
    span: tuple[int, int] | None = None  # first and last year of a contract over several years
    municipalities: tuple[str, ...]
    framework: str | None = None  # the framework's title (Danish)
    framework_en: str | None = None  # and its title_en, where it has one
    baselines: dict[str, FiniteFloat] = Field(default_factory=dict)  # typed in the contract
    baselines_read: dict[str, BaselineFromFile] = Field(default_factory=dict)  # read from the data (engine.goals)
    targets: tuple[Target, ...]
    qualitative: tuple[Qualitative, ...] = ()
    origins: dict[str, TargetOrigin]
    files: tuple[str, ...]
    # the data blocks of the framework and the contract, in that order: read the data with them
    data: tuple[DataBlock, ...] = ()
    signals: SignalRules = Field(default_factory=SignalRules)  # the integrity signals' thresholds

    def target(self, target_id: str) -> Target:
        for t in self.targets:
            if t.id == target_id:
                return t
        raise KeyError(target_id)
