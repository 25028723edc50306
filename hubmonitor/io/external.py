"""Read ``external-<year>.yaml``: figures measured by others, and milestone evidence.

Every block is optional. Figure blocks map names to numbers, or to ``{value, low, high}`` (an
interval measured by others; ``level`` optional, default 0.95) and/or ``{value, n}`` (the sample
size); ``milestones`` maps an evidence name to either a list of dated items (a date, or
``{date, municipality?, note?}``) or a ``{done, date?}`` flag. Problems are reported with file
and line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from hubmonitor.contract.yaml_source import YamlDocument, read_yaml
from hubmonitor.errors import ContractError, DataError
from hubmonitor.report import LEVEL, is_number


@dataclass(frozen=True)
class EvidenceItem:
    date: date
    municipality: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class DoneFlag:
    done: bool
    date: date | None = None


@dataclass(frozen=True)
class Sampling:
    """What the file says about a figure's uncertainty: an interval, a sample size, or both."""

    low: float | None = None
    high: float | None = None
    level: float = LEVEL
    n: float | None = None


@dataclass
class ExternalFigures:
    file: str
    figures: dict[str, dict[str, float]] = field(default_factory=dict)
    milestones: dict[str, list[EvidenceItem] | DoneFlag] = field(default_factory=dict)
    sampling: dict[str, Sampling] = field(default_factory=dict)  # by dotted name

    def figure(self, dotted: str) -> float | None:
        block, _, name = dotted.partition(".")
        return self.figures.get(block, {}).get(name)


def _fail(doc: YamlDocument, path: tuple[str | int, ...], message: str) -> DataError:
    problem = doc.problem(path, message)
    return DataError(doc.file, f"linje/line {problem.line} {problem.path}: {message}")


def read_external(path: Path, display: str) -> ExternalFigures:
    try:
        doc = read_yaml(path, display)
    except ContractError as exc:
        raise DataError(display, str(exc.problems[0].message)) from exc
    out = ExternalFigures(display)
    if doc.data is None:
        return out
    if not isinstance(doc.data, dict):
        raise _fail(doc, (), "skal være en YAML-mapping / must be a YAML mapping")
    for block, content in doc.data.items():
        if not isinstance(content, dict):
            raise _fail(doc, (block,), "skal være en mapping / must be a mapping")
        if block == "milestones":
            for name, spec in content.items():
                out.milestones[name] = _milestone(doc, name, spec)
            continue
        numbers: dict[str, float] = {}
        for name, value in content.items():
            if isinstance(value, dict):
                numbers[name], out.sampling[f"{block}.{name}"] = _with_sampling(doc, (block, name), value)
            elif not is_number(value):
                raise _fail(doc, (block, name), f"skal være et tal, ikke {value!r} / must be a number")
            else:
                numbers[name] = value
        out.figures[block] = numbers
    return out


def _with_sampling(doc: YamlDocument, where: tuple[str, ...], spec: dict[str, Any]) -> tuple[float, Sampling]:
    """``{value, low, high, level?}`` and/or ``{value, n}``: a figure with its uncertainty."""
    form = "forventet {value, low, high} eller {value, n} / expected {value, low, high} or {value, n}"
    unknown = set(spec) - {"value", "low", "high", "level", "n"}
    if unknown or "value" not in spec or ("low" in spec) != ("high" in spec) or not (
        "low" in spec or "n" in spec
    ):
        raise _fail(doc, where, form)
    for key, item in spec.items():
        if not is_number(item):
            raise _fail(doc, (*where, key), f"skal være et tal, ikke {item!r} / must be a number")
    value = spec["value"]
    low, high, n = spec.get("low"), spec.get("high"), spec.get("n")
    if low is not None and high is not None and not low <= value <= high:
        raise _fail(doc, where, f"skal opfylde low <= value <= high ({low}, {value}, {high}) "
                                "/ must satisfy low <= value <= high")
    level = spec.get("level", LEVEL)
    if not 0 < level < 1:
        raise _fail(doc, (*where, "level"), f"skal være mellem 0 og 1, ikke {level} / must be between 0 and 1")
    if n is not None and (n <= 0 or not float(n).is_integer()):
        raise _fail(doc, (*where, "n"), f"skal være et positivt heltal, ikke {n} / must be a positive whole number")
    return value, Sampling(low=low, high=high, level=level, n=n)


def _milestone(doc: YamlDocument, name: str, spec: Any) -> list[EvidenceItem] | DoneFlag:
    where = ("milestones", name)
    if isinstance(spec, dict):
        done, when = spec.get("done"), spec.get("date")
        if not isinstance(done, bool) or set(spec) - {"done", "date", "note"}:
            raise _fail(doc, where, "forventet {done: true/false, date: ÅÅÅÅ-MM-DD} / expected {done, date}")
        if when is not None and not isinstance(when, date):
            raise _fail(doc, (*where, "date"), f"ugyldig dato {when!r} / invalid date")
        return DoneFlag(done, when)
    if not isinstance(spec, list):
        raise _fail(doc, where, "forventet en liste eller {done: ...} / expected a list or {done: ...}")
    items = []
    for i, item in enumerate(spec):
        if isinstance(item, date):
            items.append(EvidenceItem(item))
        elif isinstance(item, dict) and isinstance(item.get("date"), date) and not (
            set(item) - {"date", "municipality", "note"}
        ):
            municipality = item.get("municipality")
            items.append(EvidenceItem(item["date"], None if municipality is None else str(municipality),
                                      item.get("note")))
        else:
            raise _fail(doc, (*where, i), "forventet en dato eller {date, municipality} "
                                          "/ expected a date or {date, municipality}")
    return items
