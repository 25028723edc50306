"""Read ``external-<year>.yaml``: figures measured by others, and milestone evidence.

Every block is optional and named freely (the contract names the figures it reads). Figure blocks
map names to numbers, or to ``{value, low, high}`` (an interval measured by others; ``level``
optional, default 0.95) and/or ``{value, n}`` (the sample size); ``milestones`` maps an evidence
name to either a list of dated items (a date, or ``{date, municipality?, note?}``) or a
``{done, date?, note?}`` flag. Every number must be finite. In the national survey blocks
(``awareness``, ``green_awareness``) every figure is a count of people: a whole number, not
negative, and none larger than the block's ``respondents``; ``respondents`` is such a count in any
block.

``check_external`` finds every problem, each with file, line and path (``hubmonitor validate``);
``read_external`` stops at the first (``evaluate`` and ``check-data``).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from hubmonitor.contract.yaml_source import PathKey, YamlDocument, format_path, read_yaml
from hubmonitor.errors import ContractError, DataError, Problem
from hubmonitor.report import LEVEL, is_number

FILE_NAME = re.compile(r"^external-(\d{4})\.ya?ml$")  # external-2024.yaml: the year's figures
COUNT_BLOCKS = ("awareness", "green_awareness")  # the national surveys: numbers of people
RESPONDENTS = "respondents"


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


@dataclass
class _Checker:
    doc: YamlDocument
    problems: list[Problem] = field(default_factory=list)

    def add(self, path: PathKey, da: str, en: str) -> None:
        self.problems.append(Problem(self.doc.file, self.doc.line(path), format_path(path), da, en))


def _finite(value: object) -> bool:
    """A number that is not NaN or infinite (nor an integer too large to be a float)."""
    if not is_number(value):
        return False
    try:
        return math.isfinite(float(value))
    except OverflowError:
        return False


def _number(out: _Checker, where: PathKey, value: object) -> bool:
    """``value`` is a finite number; else a problem at ``where``."""
    if _finite(value):
        return True
    if is_number(value):
        out.add(where, f"skal være et endeligt tal, ikke {value!r}", f"must be a finite number, not {value!r}")
    else:
        out.add(where, f"skal være et tal, ikke {value!r}", f"must be a number, not {value!r}")
    return False


def check_external(doc: YamlDocument) -> tuple[ExternalFigures, list[Problem]]:
    """The figures of an already-read file, and every problem in it (file, line, path)."""
    out = _Checker(doc)
    figures = ExternalFigures(doc.file)
    if doc.data is None:
        return figures, []
    if not isinstance(doc.data, dict):
        out.add((), "skal være en YAML-mapping (blok: ...)", "must be a YAML mapping (block: ...)")
        return figures, out.problems
    for block, content in doc.data.items():
        if not isinstance(content, dict):
            out.add((block,), "skal være en mapping (navn: tal)", "must be a mapping (name: number)")
            continue
        if block == "milestones":
            for name, spec in content.items():
                milestone = _milestone(out, name, spec)
                if milestone is not None:
                    figures.milestones[name] = milestone
            continue
        numbers: dict[str, float] = {}
        for name, value in content.items():
            where = (block, name)
            if isinstance(value, dict):
                found = _with_sampling(out, where, value)
                if found is not None:
                    numbers[name], figures.sampling[f"{block}.{name}"] = found
            elif _number(out, where, value):
                numbers[name] = value
        _counts(out, block, numbers)
        figures.figures[block] = numbers
    return figures, out.problems


def _counts(out: _Checker, block: str, numbers: dict[str, float]) -> None:
    """The counts of people in ``numbers``: whole, not negative, none above ``respondents``."""
    counted = list(numbers) if block in COUNT_BLOCKS else [n for n in numbers if n == RESPONDENTS]
    whole = {}
    for name in counted:
        value = numbers[name]
        if value < 0 or not float(value).is_integer():
            out.add((block, name), f"skal være et antal (et helt tal, 0 eller mere), ikke {value!r}",
                    f"must be a count (a whole number, 0 or more), not {value!r}")
        else:
            whole[name] = value
    if RESPONDENTS not in whole:
        return
    for name, value in whole.items():
        if name != RESPONDENTS and value > whole[RESPONDENTS]:
            out.add((block, name), f"{name} ({value:g}) er større end {RESPONDENTS} ({whole[RESPONDENTS]:g})",
                    f"{name} ({value:g}) is larger than {RESPONDENTS} ({whole[RESPONDENTS]:g})")


def _with_sampling(out: _Checker, where: PathKey, spec: dict[str, Any]) -> tuple[float, Sampling] | None:
    """``{value, low, high, level?}`` and/or ``{value, n}``: a figure with its uncertainty."""
    form = ("forventet {value, low, high} eller {value, n}", "expected {value, low, high} or {value, n}")
    unknown = sorted(set(spec) - {"value", "low", "high", "level", "n"})
    if unknown:
        out.add((*where, unknown[0]), f"ukendt nøgle {unknown[0]!r}; {form[0]}",
                f"unknown key {unknown[0]!r}; {form[1]}")
        return None
    if "value" not in spec or ("low" in spec) != ("high" in spec) or not ("low" in spec or "n" in spec):
        out.add(where, *form)
        return None
    if not all([_number(out, (*where, key), item) for key, item in spec.items()]):
        return None
    value = spec["value"]
    low, high, n = spec.get("low"), spec.get("high"), spec.get("n")
    level = spec.get("level", LEVEL)
    fine = True
    if low is not None and high is not None and not low <= value <= high:
        out.add(where, f"skal opfylde low <= value <= high ({low}, {value}, {high})",
                f"must satisfy low <= value <= high ({low}, {value}, {high})")
        fine = False
    if not 0 < level < 1:
        out.add((*where, "level"), f"skal være mellem 0 og 1, ikke {level}", f"must be between 0 and 1, not {level}")
        fine = False
    if n is not None and (n <= 0 or not float(n).is_integer()):
        out.add((*where, "n"), f"skal være et positivt heltal, ikke {n}", f"must be a positive whole number, not {n}")
        fine = False
    return (value, Sampling(low=low, high=high, level=level, n=n)) if fine else None


def _milestone(out: _Checker, name: str, spec: Any) -> list[EvidenceItem] | DoneFlag | None:
    where: PathKey = ("milestones", name)
    if isinstance(spec, dict):
        done, when = spec.get("done"), spec.get("date")
        unknown = sorted(set(spec) - {"done", "date", "note"})
        if unknown:
            out.add((*where, unknown[0]), f"ukendt nøgle {unknown[0]!r}; forventet {{done: true/false, date: "
                    "ÅÅÅÅ-MM-DD, note}", f"unknown key {unknown[0]!r}; expected {{done, date, note}}")
            return None
        if "done" not in spec:
            out.add(where, "forventet {done: true/false, date: ÅÅÅÅ-MM-DD}",
                    "expected {done: true/false, date: YYYY-MM-DD}")
            return None
        if not isinstance(done, bool):
            out.add((*where, "done"), f"skal være true eller false, ikke {done!r}",
                    f"must be true or false, not {done!r}")
            return None
        if when is not None and not isinstance(when, date):
            out.add((*where, "date"), f"ugyldig dato {when!r} (skriv ÅÅÅÅ-MM-DD)",
                    f"invalid date {when!r} (write YYYY-MM-DD)")
            return None
        return DoneFlag(done, when)
    if not isinstance(spec, list):
        out.add(where, "forventet en liste af datoer eller {done: ...}", "expected a list of dates or {done: ...}")
        return None
    items = []
    for i, item in enumerate(spec):
        at = (*where, i)
        if isinstance(item, date):
            items.append(EvidenceItem(item))
            continue
        if not isinstance(item, dict):
            out.add(at, f"forventet en dato (ÅÅÅÅ-MM-DD) eller {{date, municipality, note}}, ikke {item!r}",
                    f"expected a date (YYYY-MM-DD) or {{date, municipality, note}}, not {item!r}")
            continue
        unknown = sorted(set(item) - {"date", "municipality", "note"})
        if unknown:
            out.add((*at, unknown[0]), f"ukendt nøgle {unknown[0]!r}; forventet {{date, municipality, note}}",
                    f"unknown key {unknown[0]!r}; expected {{date, municipality, note}}")
        elif not isinstance(item.get("date"), date):
            out.add((*at, "date") if "date" in item else at, "forventet en dato ÅÅÅÅ-MM-DD i date",
                    "expected a date YYYY-MM-DD in date")
        else:
            municipality = item.get("municipality")
            items.append(EvidenceItem(item["date"], None if municipality is None else str(municipality),
                                      item.get("note")))
    return items


def validate_external(path: Path, display: str) -> tuple[ExternalFigures | None, list[Problem]]:
    """Read and check a file; every problem found (none: the figures)."""
    try:
        doc = read_yaml(path, display)
    except ContractError as exc:
        return None, exc.problems
    figures, problems = check_external(doc)
    return (None if problems else figures), problems


def read_external(path: Path, display: str) -> ExternalFigures:
    """The figures of a file; ``DataError`` naming the line of the first problem (``hubmonitor
    validate`` lists them all)."""
    figures, problems = validate_external(path, display)
    if problems:
        first = problems[0]
        more = (f" (+{len(problems) - 1} andre; hubmonitor validate {display} viser alle "
                f"/ {len(problems) - 1} more; hubmonitor validate shows them all)" if len(problems) > 1 else "")
        where = f"linje/line {first.line} " if first.line is not None else ""
        path_text = f"{first.path}: " if first.path else ""
        raise DataError(display, f"{where}{path_text}{first.message} / {first.message_en}{more}")
    assert figures is not None
    return figures
