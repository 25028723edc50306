"""Answers linked to guidance: ``answered_by`` on a ``share`` or ``nps`` over the evaluations.

``answered_by: {where: {activity_type: individuel}, guided_in: previous_year}`` keeps only the
answers whose company has an activity in the CRM (the activities source) matching ``where``,
dated in the target's window (``same_year``, the default) or anywhere in the calendar year before
(``previous_year``; during the running year too). The answers themselves stay those dated in the
target's window. See docs/decisions.md, "Answers linked to guidance".
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

from pydantic import Field, ValidationInfo, field_validator

from hubmonitor.contract.filters import Where, check_where, describe_where
from hubmonitor.contract.messages import Msg
from hubmonitor.contract.target_base import Strict, schema_of
from hubmonitor.vocabulary import Source

GuidedIn = Literal["same_year", "previous_year"]


class AnsweredBy(Strict):
    """Which companies' answers count: those with a matching activity in the CRM."""

    where: Where = Field(
        default_factory=dict, description="A filter on the activities, e.g. {activity_type: individuel}; empty: "
                                          "any activity.")
    guided_in: GuidedIn = Field(
        "same_year", description="When the matching activity is dated: in the target's window (same_year, the "
                                 "default) or in the whole calendar year before (previous_year).")

    @field_validator("where")
    @classmethod
    def _on_activities(cls, v: Where, info: ValidationInfo) -> Where:
        return check_where(v, Source.ACTIVITIES, (), schema_of(info))

    def previous(self) -> bool:
        return self.guided_in == "previous_year"

    def reads(self) -> set[str]:
        """The activities' columns the restriction reads."""
        return {"date", "company_id", *self.where}

    def guided_text(self, year: int, labels: Mapping[str, tuple[str, str]] | None = None) -> tuple[str, str]:
        """'vejledning i 2023 (aktivitetstype = 'individuel')' in both languages, for the window's ``year``;
        ``labels``: the activities' columns by their labels (a column a data: block adds by its own)."""
        year = year - 1 if self.previous() else year
        da = f"vejledning i {year}"
        en = f"guidance in {year}"
        if self.where:
            da += f" ({describe_where(self.where, 'da', labels)})"
            en += f" ({describe_where(self.where, 'en', labels)})"
        return da, en


def check_answered_by(answered_by: AnsweredBy | None, source: str) -> None:
    """answered_by reads the answering company: only on the evaluations."""
    if answered_by is not None and source != Source.EVALUATIONS:
        raise Msg(f"answered_by gælder kun svar i brugerevalueringerne (source: evaluations), ikke {source}",
                  f"answered_by applies to answers in the user evaluations (source: evaluations) only, not {source}",
                  at="answered_by")


def linked_reads(reads: dict[str, set[str]], source: str, answered_by: AnsweredBy | None) -> dict[str, set[str]]:
    """With ``answered_by``: the answers' company id and the activities' columns it reads too."""
    if answered_by is None:
        return reads
    return {**reads, source: {*reads[source], "company_id"}, Source.ACTIVITIES: answered_by.reads()}
