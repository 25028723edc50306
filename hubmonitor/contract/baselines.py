"""A baseline read from an earlier year's file of figures measured by others, instead of typed.

    baselines:
      awareness_2020: 0.45                        # typed, as before
      green_2020: {figure: green.awareness, year: 2020}
      aware_2022: {numerator: awareness.aware, denominator: awareness.respondents, year: 2022}

The value is read when the contract is evaluated, from ``external-<year>.yaml`` in the data folder
(engine/goals.py): one figure, or a part over its whole (two counts, as an ``external`` target
reads them). The year must be before the contract's year. Nothing here reads a file.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, model_validator

from hubmonitor.contract.messages import Msg
from hubmonitor.contract.target_base import Strict

Dotted = Annotated[str, Field(pattern=r"^[A-Za-z0-9_]+\.[A-Za-z0-9_]+$")]


class BaselineFromFile(Strict):
    """A baseline read from ``external-<year>.yaml``: ``figure``, or ``numerator`` / ``denominator``."""

    year: Annotated[int, Field(ge=2000, le=2100)]
    figure: Dotted | None = None
    numerator: Dotted | None = None
    denominator: Dotted | None = None

    @model_validator(mode="after")
    def _one_reading(self) -> BaselineFromFile:
        pair = self.numerator is not None and self.denominator is not None
        if (self.figure is not None) == pair or (not pair and (self.numerator or self.denominator)):
            raise Msg("angiv enten figure eller både numerator og denominator",
                      "give either figure or both numerator and denominator")
        return self


__all__ = ["BaselineFromFile"]
