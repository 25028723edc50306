"""Every exception hubmonitor raises, in one place.

Exceptions are for "cannot go on" (a bad contract, an unreadable file). Problems with single
rows of data are not exceptions: they become findings (see ``hubmonitor.report.Finding``).
Only ``hubmonitor.cli`` turns these into exit codes.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


class HubmonitorError(Exception):
    """Base class: anything hubmonitor raises on purpose."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a contract file, located as precisely as we can."""

    file: str
    line: int | None
    path: str
    message: str  # Danish
    message_en: str | None = None

    def text(self, lang: str = "da") -> str:
        message = self.message_en if lang == "en" and self.message_en else self.message
        where = f"{self.file}:{self.line}" if self.line is not None else self.file
        return f"{where} {self.path}: {message}" if self.path else f"{where}: {message}"

    def __str__(self) -> str:
        return self.text("da")


class ContractError(HubmonitorError):
    """A contract (or a file it extends) cannot be used. Carries every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class DataError(HubmonitorError):
    """A data file cannot be read at all (as opposed to single bad rows, which are findings).
    ``code`` is a stable kebab-case name for the kinds a program may want to tell apart."""

    code: str | None = None

    def __init__(self, file: Path | str, message: str, code: str | None = None) -> None:
        self.file = str(file)
        self.message = message
        self.code = code or type(self).code
        super().__init__(f"{file}: {message}")


class ReferenceDataError(HubmonitorError):
    """The municipality reference data is missing or inconsistent."""


def first_line(exc: BaseException) -> str:
    """The first line of an exception's message (library messages run on for lines), or its type."""
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
