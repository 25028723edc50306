"""A target's goal as one value: the threshold resolved once, and the questions every layer asks of it.

A contract states a threshold in one of several forms: a value or a band, ``all`` (every
municipality of the hub), a baseline plus a change in points, a baseline times (1 + a relative
change), or last year's value of the same target plus a change. The engine resolves it once
(``engine.goals``) into a ``Goal``: the comparison, the resolved value, and how it was reached
(``basis`` and its parts, so that a page can say "sidste års værdi (2023) 4.480 + 5 %"). The
results carry it (``TargetResult.goal``); the engine judges by it and the renderers word its
verdicts by asking it (``met_by``, ``scaled``, ``edges``, ``paced``, ``straddled_by``) instead of
re-deciding from the threshold's shape. Like ``report.py`` it belongs to neither layer: both import it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

Comparison = Literal[">=", ">", "<=", "<", "==", "between"]
Basis = Literal["fixed", "all", "baseline", "previous_year", "step"]
GoalValue = float | int | bool | list[float]

_OPS: dict[str, Callable[[Any, Any], bool]] = {
    ">=": lambda a, b: a >= b, ">": lambda a, b: a > b, "<=": lambda a, b: a <= b,
    "<": lambda a, b: a < b, "==": lambda a, b: a == b,
}


def compare(value: float | int | bool, comparison: str, threshold: Any) -> bool:
    """``value`` against ``threshold`` by ``comparison`` (for ``between``, ``[low, high]`` inclusive)."""
    if comparison == "between":
        low, high = threshold
        return bool(low <= value <= high)
    return bool(_OPS[comparison](value, threshold))


class Goal(BaseModel):
    """A resolved goal. ``value`` is None only when it could not be resolved (``previous_year``
    without a value last year); then nothing meets it.

    ``basis`` says how it was reached: ``fixed`` (the contract's value), ``all`` (the number of
    the hub's municipalities), ``baseline`` (``baseline`` named, its value ``base``, from the
    contract or, with ``year`` and ``file``, read from an earlier year's file of figures measured
    by others; plus ``change`` or times 1 + ``relative``), ``previous_year`` (the same target's
    value in ``year``, ``base``, plus ``change`` or times 1 + ``relative``), ``step`` (the step of
    ``year`` of a threshold given per year: ``by_year``)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    comparison: Comparison
    value: GoalValue | None
    basis: Basis = "fixed"
    baseline: str | None = None
    base: float | None = None
    change: float | None = None
    relative: float | None = None
    year: int | None = None
    file: str | None = None

    def met_by(self, value: float | int | bool) -> bool:
        """Does ``value`` meet the goal?"""
        return self.value is not None and compare(value, self.comparison, self.value)

    def edges(self) -> list[float]:
        """The goal's numeric edges: a band's two, a value's one, none for a yes/no goal or none."""
        v = self.value
        if isinstance(v, list):
            return [float(e) for e in v]
        return [float(v)] if isinstance(v, int | float) and not isinstance(v, bool) else []

    def scaled(self, factor: float) -> float | list[float] | None:
        """The goal's value times ``factor`` (a band: both edges): the expectation by a share of the
        year (pro rata, or the seasonal share)."""
        v = self.value
        if isinstance(v, list):
            return [edge * factor for edge in v]
        return float(v * factor) if isinstance(v, int | float) and not isinstance(v, bool) else None

    def paced(self, value: float | int | bool | None, expected: Any) -> Literal["on_track", "behind"] | None:
        """A value so far against the expectation by now (``expected``, from ``scaled``): on_track
        when it meets that expectation by the goal's comparison; for '==' between the expectation and
        the full goal. None without a numeric value or an expectation."""
        if value is None or isinstance(value, bool) or expected is None:
            return None
        if self.comparison == "==":
            return "on_track" if expected <= value <= self.value else "behind"  # type: ignore[operator]
        return "on_track" if compare(value, self.comparison, expected) else "behind"

    def straddled_by(self, low: float, high: float) -> bool:
        """Does the range [low, high] hold the goal (for a band, either edge)? Then a figure in that
        range cannot be told from the goal."""
        return any(low <= e <= high for e in self.edges())


def fixed(comparison: str, value: GoalValue | None) -> Goal:
    """A goal stated as a value (or read back from results that carry no goal)."""
    return Goal.model_validate({"comparison": comparison, "value": value})


__all__ = ["Basis", "Comparison", "Goal", "GoalValue", "compare", "fixed"]
