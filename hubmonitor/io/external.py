"""Read ``external-<year>.yaml``: figures measured by others, and milestone evidence.

Every block is optional and named freely (the contract names the figures it reads). Figure blocks
map names to numbers, or to ``{value, low, high}`` (an interval measured by others; ``level``
optional, default 0.95) and/or ``{value, n}`` (the sample size); ``milestones`` maps an evidence
name to either a list of dated items (a date, or ``{date, municipality?, note?}``) or a
``{done, date?, note?}`` flag. A figure that is a count of everything (a census: 140 of 140 forms
assessed) says so, ``{value, census: true}``, or its whole block does with the key ``census: true``;
it then has no interval, no sample size and no minimum of answers. Default: a sample (``census:
false`` says so explicitly, and on a figure overrides its block). Every number must be finite. In
the national survey blocks (``awareness``, ``green_awareness``) every figure is a count of people:
a whole number, not negative, and none larger than the block's ``respondents``; ``respondents`` is
such a count in any block. A value YAML itself cannot give (a date that does not exist, a number that is not finite or
has 15 digits or more) is refused by the reader (``contract.yaml_source``), the same rule as in
every YAML file hubmonitor reads.

``check_external`` finds every problem, each with file, line and path (``hubmonitor validate``);
``read_external`` stops at the first (``evaluate`` and ``check-data``). What the file holds is
checked again against what a contract makes of it (a numerator no larger than its denominator, a
share between 0 and 1) where the contract reads it, ``engine.metrics.external``, which names the
line with ``ExternalFigures.error``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, Literal

from hubmonitor.contract.messages import excerpt, no_such_day, written_day
from hubmonitor.contract.yaml_source import (
    PathKey,
    Rejected,
    YamlDocument,
    format_path,
    number_problem,
    read_yaml,
)
from hubmonitor.errors import ContractError, DataError, Problem, said
from hubmonitor.io.reading import reading
from hubmonitor.report import LEVEL, is_number

FILE_NAME = re.compile(r"^external-(\d{4})\.ya?ml$")  # external-2024.yaml: the year's figures
COUNT_BLOCKS = ("awareness", "green_awareness")  # the national surveys: numbers of people
RESPONDENTS = "respondents"
CENSUS = "census"  # in a figure block or a figure: true = a count of everything, not a sample


@dataclass(frozen=True)
class EvidenceItem:
    date: date
    municipality: str | None = None
    note: str | None = None
    # the item's line in its file: a finding about it names it. Not the item's content (two folders' files give
    # one item on different lines: counted once, ``combine._milestone``; a second review)
    line: int | None = field(default=None, compare=False)


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


@dataclass(frozen=True)
class Pooled:
    """Two counts summed over several folders' files (``ExternalFigures.pooled``)."""

    numerator: float
    denominator: float
    files: list[str]
    census: bool  # every folder's whole counts everything


@dataclass
class ExternalFigures:
    file: str
    figures: dict[str, dict[str, float]] = field(default_factory=dict)
    milestones: dict[str, list[EvidenceItem] | DoneFlag] = field(default_factory=dict)
    sampling: dict[str, Sampling] = field(default_factory=dict)  # by dotted name
    lines: dict[str, int] = field(default_factory=dict)  # the line of each figure, by dotted name
    census: set[str] = field(default_factory=set)  # dotted names of the figures that count everything
    # several data folders' files of one year (io/combine.py): each folder's own figures; a figure
    # they disagree on is left out of ``figures`` (``differs`` lists it; an external target pools
    # a part of a whole over them, engine/metrics/external.py)
    parts: list[ExternalFigures] = field(default_factory=list)

    def figure(self, dotted: str) -> float | None:
        block, _, name = dotted.partition(".")
        return self.figures.get(block, {}).get(name)

    def pooled(self, numerator: str, denominator: str) -> Pooled | tuple[str, str]:
        """A share of two counts the folders give differently, pooled: each count summed over the
        folders that give both (each folder's pair checked as one file's is: ``DataError`` at its
        line); (Danish, English) of why not when a folder gives one count without the other."""
        num = den = 0.0
        files: list[str] = []
        census = True
        for part in self.parts:
            a, b = part.figure(numerator), part.figure(denominator)
            if a is None and b is None:
                continue
            if a is None or b is None:
                missing = numerator if a is None else denominator
                return (f"{missing} mangler i {part.file}, som giver det andet tal; de to kan ikke lægges sammen "
                        "over mapperne", f"{missing} is missing from {part.file}, which gives the other; the two "
                        "cannot be pooled over the folders")
            part.check_part_of_whole(numerator, a, denominator, b)
            num, den = num + a, den + b
            files.append(part.file)
            census = census and denominator in part.census
        return Pooled(num, den, files, census)

    def check_part_of_whole(self, numerator: str, num: float, denominator: str, den: float,
                            not_counts: tuple[str, str] = ("", ""), too_large: tuple[str, str] = ("", "")) -> None:
        """Two figures read as a part of a whole: both counts, the part no larger (``DataError`` at
        the figure's line); ``not_counts`` / ``too_large``: what the message adds (who reads them so)."""
        for dotted, value in ((numerator, num), (denominator, den)):
            problem = count_problem(value)
            if problem is not None:
                raise self.error(dotted, problem[0] + not_counts[0], problem[1] + not_counts[1])
        problem = part_problem(numerator, num, denominator, den)
        if problem is not None:
            raise self.error(numerator, problem[0] + too_large[0], problem[1] + too_large[1])

    def differs(self, dotted: str) -> list[tuple[str, float | None]]:
        """Each folder's file and value of a figure the folders disagree on; [] when they agree."""
        seen = [(part.file, part.figure(dotted), part.sampling.get(dotted), dotted in part.census)
                for part in self.parts]
        given = [s for s in seen if s[1] is not None]
        if len({(value, sampling, census) for _, value, sampling, census in given}) <= 1:
            return []
        return [(file, value) for file, value, _, _ in seen]

    def error(self, dotted: str, da: str, en: str) -> DataError:
        """A problem with a figure, as ``read_external`` reports one: file, line, name, message."""
        return _data_error(Problem(self.file, self.lines.get(dotted), excerpt(dotted, 60, quote=False), da, en))


@dataclass
class _Checker:
    doc: YamlDocument
    problems: list[Problem] = field(default_factory=list)

    def add(self, path: PathKey, da: str, en: str) -> None:
        self.problems.append(Problem(self.doc.file, self.doc.line(path), format_path(path), da, en))


def _number(out: _Checker, where: PathKey, value: object) -> bool:
    """``value`` is a number hubmonitor takes (finite, fewer than 15 digits); else a problem at
    ``where`` (none for a value the reader refused: it has said why)."""
    if isinstance(value, Rejected):
        return False
    if not is_number(value):
        out.add(where, f"skal være et tal, ikke {excerpt(value)}", f"must be a number, not {excerpt(value)}")
        return False
    texts = number_problem(value)
    if texts is not None:
        out.add(where, *texts)
        return False
    return True


def check_external(doc: YamlDocument) -> tuple[ExternalFigures, list[Problem]]:
    """The figures of an already-read file, and every problem in it (file, line, path)."""
    out = _Checker(doc, list(doc.problems))
    figures = ExternalFigures(doc.file)
    _blocks(out, figures, doc.data)
    return figures, sorted(out.problems, key=lambda p: p.line or 0)  # in file order, the reader's among them


def _blocks(out: _Checker, figures: ExternalFigures, data: Any) -> None:
    if data is None:
        return
    if not isinstance(data, dict):
        out.add((), "skal være en YAML-mapping (blok: ...)", "must be a YAML mapping (block: ...)")
        return
    for block, content in data.items():
        if isinstance(content, Rejected):
            continue
        if not isinstance(content, dict):
            out.add((block,), "skal være en mapping (navn: tal)", "must be a mapping (name: number)")
            continue
        if block == "milestones":
            for name, spec in content.items():
                milestone = _milestone(out, name, spec)
                if milestone is not None:
                    figures.milestones[name] = milestone
            continue
        whole_block = _census_flag(out, (block, CENSUS), content.get(CENSUS, False))
        numbers: dict[str, float] = {}
        for name, value in content.items():
            where = (block, name)
            if name == CENSUS:
                continue
            if isinstance(value, dict):
                found = _with_sampling(out, where, value, whole_block)
                if found is not None:
                    numbers[name], sampling = found
                    if sampling is None:
                        figures.census.add(f"{block}.{name}")
                    else:
                        figures.sampling[f"{block}.{name}"] = sampling
            elif _number(out, where, value):
                numbers[name] = value
                if whole_block:
                    figures.census.add(f"{block}.{name}")
        _counts(out, block, numbers)
        figures.figures[block] = numbers
        figures.lines.update({f"{block}.{name}": out.doc.line((block, name)) or 0 for name in numbers})


def _counts(out: _Checker, block: str, numbers: dict[str, float]) -> None:
    """The counts of people in ``numbers``: whole, not negative, none above ``respondents``."""
    counted = list(numbers) if block in COUNT_BLOCKS else [n for n in numbers if n == RESPONDENTS]
    whole = {}
    for name in counted:
        problem = count_problem(numbers[name])
        if problem is not None:
            out.add((block, name), *problem)
        else:
            whole[name] = numbers[name]
    if RESPONDENTS not in whole:
        return
    for name, value in whole.items():
        problem = part_problem(name, value, RESPONDENTS, whole[RESPONDENTS])
        if name != RESPONDENTS and problem is not None:
            out.add((block, name), *problem)


def count_problem(value: float) -> tuple[str, str] | None:
    """(Danish, English) of why ``value`` is no count (of people): a whole number, 0 or more."""
    if value >= 0 and float(value).is_integer():
        return None
    return (f"skal være et antal (et helt tal, 0 eller mere), ikke {excerpt(value)}",
            f"must be a count (a whole number, 0 or more), not {excerpt(value)}")


def part_problem(part: str, value: float, whole: str, total: float) -> tuple[str, str] | None:
    """(Danish, English) of why the count ``part`` cannot be a part of the count ``whole``."""
    if value <= total:
        return None
    part, whole = excerpt(part, 60, quote=False), excerpt(whole, 60, quote=False)
    return (f"{part} ({value:g}) er større end {whole} ({total:g})",
            f"{part} ({value:g}) is larger than {whole} ({total:g})")


def _census_flag(out: _Checker, where: PathKey, value: object) -> bool | None:
    """The value of a ``census`` key: true or false; else a problem at ``where`` and ``None``."""
    if isinstance(value, Rejected):
        return None
    if not isinstance(value, bool):
        out.add(where, f"census skal være true (en optælling af alle) eller false (en stikprøve), ikke "
                f"{excerpt(value)}", f"census must be true (a count of everything) or false (a sample), "
                f"not {excerpt(value)}")
        return None
    return value


def _census(out: _Checker, where: PathKey, spec: dict[str, Any],
            whole_block: bool | None) -> tuple[float, None] | Literal[False] | None:
    """A figure that counts everything, ``{value, census: true}`` or any figure of a ``census: true``
    block: ``(value, None)``; ``False`` for a sample; ``None`` after a problem. A count of everything
    has no interval and no sample size, so ``low``, ``high``, ``level`` and ``n`` are refused."""
    own = _census_flag(out, (*where, CENSUS), spec[CENSUS]) if CENSUS in spec else whole_block
    if own is None:
        return None
    if own is False:
        return False
    extra = sorted(str(key) for key in spec if key in ("low", "high", "level", "n"))
    if extra:
        out.add((*where, extra[0]), f"{extra[0]} passer ikke til en optælling af alle (census: true), som "
                "hverken har interval eller stikprøve", f"{extra[0]} does not fit a count of everything "
                "(census: true), which has neither an interval nor a sample")
        return None
    if "value" not in spec:
        out.add(where, "forventet {value, census: true}", "expected {value, census: true}")
        return None
    return (spec["value"], None) if _number(out, (*where, "value"), spec["value"]) else None


def _with_sampling(out: _Checker, where: PathKey, spec: dict[str, Any],
                   whole_block: bool | None) -> tuple[float, Sampling | None] | None:
    """``{value, low, high, level?}`` and/or ``{value, n}``: a figure with its uncertainty;
    ``{value, census: true}``: a count of everything (no ``Sampling``)."""
    form = ("forventet {value, low, high} eller {value, n}", "expected {value, low, high} or {value, n}")
    unknown = sorted(str(key) for key in spec if key not in ("value", "low", "high", "level", "n", CENSUS))
    if unknown:
        out.add((*where, unknown[0]), f"ukendt nøgle {excerpt(unknown[0])}; {form[0]}",
                f"unknown key {excerpt(unknown[0])}; {form[1]}")
        return None
    counted = _census(out, where, spec, whole_block)
    if counted is not False:
        return counted
    if spec.keys() == {"value", CENSUS}:  # {value, census: false}: a sample without a stated size
        return (spec["value"], Sampling()) if _number(out, (*where, "value"), spec["value"]) else None
    spec = {key: item for key, item in spec.items() if key != CENSUS}
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
        out.add((*where, "n"), f"skal være et positivt heltal, ikke {excerpt(n)}",
                f"must be a positive whole number, not {excerpt(n)}")
        fine = False
    return (value, Sampling(low=low, high=high, level=level, n=n)) if fine else None


def _milestone(out: _Checker, name: str, spec: Any) -> list[EvidenceItem] | DoneFlag | None:
    where: PathKey = ("milestones", name)
    if isinstance(spec, Rejected):
        return None
    if isinstance(spec, dict):
        done, when = spec.get("done"), spec.get("date")
        unknown = sorted(str(key) for key in spec if key not in ("done", "date", "note"))
        if unknown:
            out.add((*where, unknown[0]), f"ukendt nøgle {excerpt(unknown[0])}; forventet {{done: true/false, "
                    "date: ÅÅÅÅ-MM-DD, note}", f"unknown key {excerpt(unknown[0])}; expected {{done, date, note}}")
            return None
        if isinstance(done, Rejected) or isinstance(when, Rejected):
            return None
        if "done" not in spec:
            out.add(where, "forventet {done: true/false, date: ÅÅÅÅ-MM-DD}",
                    "expected {done: true/false, date: YYYY-MM-DD}")
            return None
        if not isinstance(done, bool):
            out.add((*where, "done"), f"skal være true eller false, ikke {excerpt(done)}",
                    f"must be true or false, not {excerpt(done)}")
            return None
        day = _as_date(when)
        if when is not None and day is None:
            out.add((*where, "date"), *(_not_a_date(when) or (f"ugyldig dato {_shown(when)} (skriv ÅÅÅÅ-MM-DD)",
                                                              f"invalid date {_shown(when)} (write YYYY-MM-DD)")))
            return None
        return DoneFlag(done, day)
    if not isinstance(spec, list):
        out.add(where, "forventet en liste af datoer eller {done: ...}", "expected a list of dates or {done: ...}")
        return None
    items = []
    for i, item in enumerate(spec):
        at = (*where, i)
        if isinstance(item, Rejected):
            continue
        day = _as_date(item)
        if day is not None:
            items.append(EvidenceItem(day, line=out.doc.line(at)))
            continue
        if not isinstance(item, dict):
            out.add(at, *(_not_a_date(item) or (
                f"forventet en dato (ÅÅÅÅ-MM-DD) eller {{date, municipality, note}}, ikke {_shown(item)}",
                f"expected a date (YYYY-MM-DD) or {{date, municipality, note}}, not {_shown(item)}")))
            continue
        unknown = sorted(str(key) for key in item if key not in ("date", "municipality", "note"))
        if unknown:
            out.add((*at, unknown[0]), f"ukendt nøgle {excerpt(unknown[0])}; forventet {{date, municipality, note}}",
                    f"unknown key {excerpt(unknown[0])}; expected {{date, municipality, note}}")
        elif any(isinstance(value, Rejected) for value in item.values()):
            continue
        elif (day := _as_date(item.get("date"))) is None:
            # the value as written, as the done flag's date is said (a review: "30-11-2026" was not shown)
            out.add((*at, "date") if "date" in item else at, *(_not_a_date(item.get("date")) or (
                (f"ugyldig dato {_shown(item['date'])} (skriv ÅÅÅÅ-MM-DD)",
                 f"invalid date {_shown(item['date'])} (write YYYY-MM-DD)") if "date" in item else
                ("mangler date: dagen, ÅÅÅÅ-MM-DD", "date is missing: the day, YYYY-MM-DD"))))
        else:
            municipality = item.get("municipality")
            items.append(EvidenceItem(day, None if municipality is None else str(municipality), item.get("note"),
                                      out.doc.line(at)))
    return items


def _as_date(value: object) -> date | None:
    """A calendar date: YAML makes ``2024-05-01`` one, and ``'2024-05-01'`` (quoted, as a spreadsheet
    or another tool may write it) is read as the same day; ``2024-05-01 10:00`` is a time, not a
    date. None for anything else (``_not_a_date`` says why a quoted one is not)."""
    if isinstance(value, datetime):
        return None
    if isinstance(value, date):
        return value
    try:
        return written_day(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _not_a_date(value: object) -> tuple[str, str] | None:
    """Why a quoted ``'2024-02-30'`` is not a date, as the same date unquoted is told (no such day);
    None for any other value (it is not written as a date at all)."""
    if not isinstance(value, str):
        return None
    try:
        written_day(value)
    except ValueError:
        return no_such_day(excerpt(value.strip()))
    return None


def _shown(value: object) -> str:
    """A value in a message as the file has it: a time as YAML writes it, not as Python's repr."""
    return excerpt(value.isoformat(sep=" ") if isinstance(value, datetime) else value)


def by_year(paths: Sequence[Path], folder: Path | str) -> dict[int, Path]:
    """The data folder's external files (names matching ``FILE_NAME``) by year; ``DataError``
    (``external-twice``) naming both files when two give the same year (``external-2024.yaml``
    beside ``external-2024.yml``): neither is read in place of the other in silence."""
    out: dict[int, Path] = {}
    for path in sorted(paths, key=lambda p: p.name):
        match = FILE_NAME.match(path.name)
        assert match is not None
        year = int(match.group(1))
        if year in out:
            first, second = out[year].name, path.name
            raise DataError(folder, said(f"{first} og {second} er begge eksterne tal for {year}; behold den ene (slet "
                                         f"eller "
                                    f"omdøb den anden)", f"{first} and {second} both hold the external figures for "
                                    f"{year}; keep one (delete or rename the other)"), code="external-twice")
        out[year] = path
    return out


def validate_external(path: Path, display: str) -> tuple[ExternalFigures | None, list[Problem]]:
    """Read and check a file; every problem found (none: the figures)."""
    with reading(display):
        try:
            doc = read_yaml(path, display, collect=True)
        except ContractError as exc:
            return None, exc.problems
        figures, problems = check_external(doc)
    return (None if problems else figures), problems


def read_external(path: Path, display: str) -> ExternalFigures:
    """The figures of a file; ``DataError`` naming the line of the first problem (``hubmonitor
    validate`` lists them all)."""
    figures, problems = validate_external(path, display)
    if problems:
        raise _data_error(problems[0], len(problems) - 1, display)
    assert figures is not None
    return figures


def _data_error(first: Problem, more: int = 0, display: str = "") -> DataError:
    """``DataError`` for a problem of an external file: ``linje N path: dansk`` / ``line N path: english``."""
    path_text = f"{first.path}: " if first.path else ""
    line = f"{first.line} " if first.line is not None else None
    return DataError(first.file, said(
        f"{'' if line is None else 'linje ' + line}{path_text}{first.text_in('da')}"
        + (f" (+{more} andre; hubmonitor validate {display} viser alle)" if more else ""),
        f"{'' if line is None else 'line ' + line}{path_text}{first.text_in('en')}"
        + (f" (+{more} more; hubmonitor validate {display} shows them all)" if more else "")))
