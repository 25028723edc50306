"""Every exception hubmonitor raises, in one place.

Exceptions are for "cannot go on" (a bad contract, an unreadable file). Problems with single
rows of data are not exceptions: they become findings (see ``hubmonitor.report.Finding``).
Only ``hubmonitor.cli`` turns these into exit codes.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from hubmonitor.numbers import spoken


class Said(str):
    """A message written in both languages: as a string it is both, "<Danish> / <English>" (as the
    results and the logs have always held it); ``in_language`` gives the one the reader asked for
    (``--lang``). Messages are raised with both because the language is the command line's, not known
    where the file is read."""

    da: str
    en: str

    def __new__(cls, da: str, en: str) -> Said:
        da, en = str.strip(da), str.strip(en)  # (plain str: a Said given is taken as its text)
        said = super().__new__(cls, f"{da} / {en}")
        said.da, said.en = da, en
        return said

    def __getnewargs__(self) -> tuple[str, str]:  # type: ignore[override]  # (pickled to and from the demo's workers)
        return self.da, self.en

    def in_language(self, lang: str) -> str:
        return self.en if lang == "en" else self.da


said = Said  # a message in Danish and English, as the raise sites write it


def in_language(message: object, lang: str) -> str:
    """``message`` in ``lang`` when it is written in both (``Said``), else as it is."""
    return message.in_language(lang) if isinstance(message, Said) else str(message)


class HubmonitorError(Exception):
    """Base class: anything hubmonitor raises on purpose."""

    def text(self, lang: str = "da") -> str:
        """The message in ``lang`` (``da`` or ``en``): a message raised in both (``Said``) gives the one
        asked for; any other as it was written."""
        return in_language(self.args[0], lang) if len(self.args) == 1 else str(self)


class UsageError(HubmonitorError):
    """A command-line value that cannot be used with what it is given with (an ``--as-of`` outside the
    contract year, or after today): wrong usage, exit 2, as click's own usage errors (the README's exit
    codes); said in one line, as the other errors."""

    exit_code = 2


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a contract file, located as precisely as we can."""

    file: str
    line: int | None
    path: str
    message: str  # Danish
    message_en: str | None = None

    def text_in(self, lang: str) -> str:
        """The message alone (no place) in ``lang``."""
        return self.message_en if lang == "en" and self.message_en else in_language(self.message, lang)

    def text(self, lang: str = "da") -> str:
        message = self.text_in(lang)
        where = f"{self.file}:{self.line}" if self.line is not None else self.file
        return f"{where} {self.path}: {message}" if self.path else f"{where}: {message}"

    def __str__(self) -> str:
        return self.text("da")


class ContractError(HubmonitorError):
    """A contract (or a file it extends), or a profile, cannot be used. Carries every problem found;
    ``document`` says which kind of file (the heading of the message)."""

    def __init__(self, problems: list[Problem], document: str = "contract") -> None:
        self.problems = problems
        self.document = document
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

    def text(self, lang: str = "da") -> str:
        return f"{self.file}: {in_language(self.message, lang)}"


@dataclass(frozen=True)
class HubShare:
    """Where the companies of an evaluation window are located, against the contract's hub."""

    hub: str  # the contract's hub, e.g. "Erhvervshus Midtjylland"
    located: int  # distinct companies in the window whose municipality is known
    outside: int  # of those, located outside the contract's municipalities
    likely_hub: str | None  # the hub holding most of the outside companies, e.g. "Erhvervshus Hovedstaden"
    likely_count: int  # how many of them it holds

    @property
    def share(self) -> float:
        return self.outside / self.located if self.located else 0.0


class OutsideHubError(HubmonitorError):
    """Most located companies lie outside the contract's hub: most likely the wrong data folder.
    ``hubmonitor.evaluate(..., allow_outside_hub=True)`` (``--allow-outside-hub``) goes on anyway."""

    code = "outside-hub-data"

    def __init__(self, data_dir: str, period: str, found: HubShare) -> None:
        self.data_dir, self.period, self.found = data_dir, period, found
        super().__init__(self.text("da"))

    def text(self, lang: str = "da") -> str:
        f = self.found
        share = f"{100 * f.share:.1f}"
        if lang == "da":
            likely = (f"; data ser ud til at høre til {f.likely_hub} ({spoken(f.likely_count)} "
                      f"{'virksomhed' if f.likely_count == 1 else 'virksomheder'})" if f.likely_hub else "")
            return (f"{self.data_dir}: {share.replace('.', ',')} % af virksomhederne med kendt kommune i perioden "
                    f"{self.period} ({spoken(f.outside)} af {spoken(f.located)}) ligger uden for {f.hub}s "
                    f"kommuner{likely}. "
                    "Er det den rigtige datamappe? Brug --allow-outside-hub for at fortsætte alligevel.")
        likely = (f"; the data seem to belong to {f.likely_hub} ({spoken(f.likely_count, 'en')} "
                  f"{'company' if f.likely_count == 1 else 'companies'})" if f.likely_hub else "")
        return (f"{self.data_dir}: {share} % of the companies with a known municipality in the period "
                f"{self.period} ({spoken(f.outside, 'en')} of {spoken(f.located, 'en')}) lie outside the "
                f"municipalities of {f.hub}{likely}. "
                "Is this the right data folder? Use --allow-outside-hub to go on anyway.")


class ReferenceDataError(HubmonitorError):
    """The municipality reference data is missing or inconsistent."""


def first_line(exc: BaseException) -> str:
    """The first line of an exception's message (library messages run on for lines), or its type."""
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
