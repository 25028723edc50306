"""The contract as hubmonitor evaluates it, and the two YAML documents it is made from.

A *framework* document holds the national targets once; a *contract* document names a hub and a
year, ``extends`` a framework, overrides what differs and adds local targets. ``Contract`` is the
merged, validated result. Nothing here knows about polars or files.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from pydantic import Field

from hubmonitor.contract.targets import FiniteFloat, Number, Qualitative, Strict, Target
from hubmonitor.extension import DataBlock


class Period(Strict):
    """The contract period: one calendar year."""

    year: Annotated[int, Field(ge=2000, le=2100)]

    @property
    def start(self) -> date:
        return date(self.year, 1, 1)

    @property
    def end(self) -> date:
        return date(self.year, 12, 31)


class FrameworkDocument(Strict):
    """``contracts/national/<year>.yaml``: targets that are the same for every hub."""

    document: Literal["framework"]
    id: str
    title: str
    title_en: str | None = None
    source: str | None = None
    years: list[int] | None = Field(None, description="Contract years this framework covers.")
    data: DataBlock = Field(default_factory=dict)  # columns, values and sources beyond the standard export
    targets: list[Any] = Field(default_factory=list)  # validated one by one, for line numbers
    qualitative: list[Any] = Field(default_factory=list)


class ContractDocument(Strict):
    """``contracts/<hub>/<year>.yaml``: one hub's contract for one year."""

    document: Literal["contract"]
    id: str
    title: str
    title_en: str | None = None
    source: str | None = None
    hub: str = Field(description="Display name, e.g. 'Erhvervshus Midtjylland'.")
    erhvervshus: str = Field(description="The hub's key in the reference data, e.g. 'Midtjylland'.")
    extends: str | None = None
    period: Period
    municipalities: list[str] | None = Field(
        None, description="Official names; default: the hub's members in the reference data."
    )
    # checked against the unit of the targets that use them (loader: a share's baseline lies in [0, 1])
    baselines: dict[str, Number] = Field(default_factory=dict)
    data: DataBlock = Field(default_factory=dict)  # columns, values and sources beyond the standard export
    overrides: dict[str, dict[str, Any]] = Field(default_factory=dict)
    remove: list[str] = Field(default_factory=list)
    targets: list[Any] = Field(default_factory=list)
    qualitative: list[Any] = Field(default_factory=list)


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
    period: Period
    municipalities: tuple[str, ...]
    framework: str | None = None
    baselines: dict[str, FiniteFloat] = Field(default_factory=dict)
    targets: tuple[Target, ...]
    qualitative: tuple[Qualitative, ...] = ()
    origins: dict[str, TargetOrigin]
    files: tuple[str, ...]
    # the data blocks of the framework and the contract, in that order: read the data with them
    data: tuple[DataBlock, ...] = ()

    def target(self, target_id: str) -> Target:
        for t in self.targets:
            if t.id == target_id:
                return t
        raise KeyError(target_id)
