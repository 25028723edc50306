"""Municipality reference data: codes, official names, hub membership and population.

The data ships in ``data/reference/`` (see its ``SOURCES.md``); an installed wheel carries a copy
as ``hubmonitor/_reference``. This module reads it with the standard library (98 rows) and
resolves the spellings that real exports use: ``751``, ``0751``, ``Aarhus Kommune``, ``Århus``,
``AARHUS``.
"""

from __future__ import annotations

import csv
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from hubmonitor.errors import ReferenceDataError, first_line, said

_PACKAGE_COPY = Path(__file__).parent / "_reference"
_SOURCE_COPY = Path(__file__).resolve().parent.parent / "data" / "reference"

# Older or colloquial names that differ from DST's spelling in more than case, "å"/"aa" or a
# "Kommune" suffix. Keys are normalised (see ``normalise_name``).
_ALIASES = {
    "nordfyn": "Nordfyns",
    "vesthimmerland": "Vesthimmerlands",
    "brondby": "Brøndby",
    "lyngby": "Lyngby-Taarbæk",
    "lyngby taarbaek": "Lyngby-Taarbæk",
    "ringkobing skjern": "Ringkøbing-Skjern",
    "ikast brande": "Ikast-Brande",
    "faaborg midtfyn": "Faaborg-Midtfyn",
    "hoje taastrup": "Høje-Taastrup",
    "kobenhavn": "København",
    "kobenhavns": "København",
    "frederiksbergs": "Frederiksberg",
    "bornholms regionskommune": "Bornholm",
    "bornholms": "Bornholm",
}


def reference_dir() -> Path:
    """The folder the reference data is read from (``municipalities.csv``, and ``kommuner.geojson``
    for the maps): the package copy, else the source tree's. No output may be written into it."""
    for candidate in (_PACKAGE_COPY, _SOURCE_COPY):
        if (candidate / "municipalities.csv").is_file():
            return candidate
    raise ReferenceDataError(
        said(f"kommunernes referencedata findes hverken i {_PACKAGE_COPY} eller {_SOURCE_COPY}",
        f"municipality reference data not found in {_PACKAGE_COPY} or {_SOURCE_COPY}")
    )


def normalise_name(text: str) -> str:
    """Fold a municipality spelling to a lookup key: case, å/aa, ø/o/oe, æ/ae, suffix, dashes. No
    municipality's name holds "oe" but as ø written in ASCII ("Ringkoebing-Skjern", "Koege": a review found
    them quarantined), and no two names fold alike (tests/test_hostile_csv.py)."""
    key = " ".join(unicodedata.normalize("NFC", text).lower().split())  # any space (a no-break one too) as one
    for suffix in (" kommune", " kommunes"):
        if key.endswith(suffix):
            key = key[: -len(suffix)]
    key = key.replace("å", "aa").replace("ø", "o").replace("oe", "o").replace("æ", "ae").replace("-", " ")
    return " ".join(key.split())


def _ascii_digits(text: str) -> bool:
    """Only the digits 0-9: ``str.isdigit`` also takes ``²``, ``٣`` and ``１``, which are no code."""
    return text.isascii() and text.isdigit()


@dataclass(frozen=True)
class Municipality:
    code: str  # kommunekode without leading zero, e.g. "751"
    name: str  # official (DST) spelling
    region: str
    erhvervshus: str
    kommunegruppe: str
    population: int
    population_date: date


class MunicipalityRegistry:
    """All 98 municipalities, with lookup by code or by any accepted spelling of the name."""

    def __init__(self, municipalities: Iterable[Municipality]) -> None:
        self.all: tuple[Municipality, ...] = tuple(municipalities)
        self.by_code = {m.code: m for m in self.all}
        self.by_name = {m.name: m for m in self.all}
        self._by_key = {normalise_name(m.name): m for m in self.all}
        for alias, name in _ALIASES.items():
            if name in self.by_name:
                self._by_key.setdefault(alias, self.by_name[name])

    def resolve(self, text: str | None) -> Municipality | None:
        """The municipality a CRM value means, or None when it names none."""
        if text is None:
            return None
        raw = text.strip()
        if not raw:
            return None
        if _ascii_digits(raw):
            return self.by_code.get(str(int(raw))) if len(raw) <= 4 else None
        if raw.endswith(".0") and _ascii_digits(raw[:-2]):  # a code that went through Excel
            return self.by_code.get(str(int(raw[:-2]))) if len(raw) <= 6 else None
        return self._by_key.get(normalise_name(raw))

    def members(self, erhvervshus: str) -> tuple[Municipality, ...]:
        """The municipalities of one hub, in code order."""
        return tuple(m for m in self.all if m.erhvervshus == erhvervshus)

    @property
    def hubs(self) -> tuple[str, ...]:
        return tuple(sorted({m.erhvervshus for m in self.all}))


def hub_name(erhvervshus: str) -> str:
    """A hub's display name from its key in the reference data: 'Midtjylland' → 'Erhvervshus Midtjylland'."""
    return f"Erhvervshus {erhvervshus}"


@cache
def load_registry(folder: Path | None = None) -> MunicipalityRegistry:
    """Read ``municipalities.csv`` (cached: it never changes during a run)."""
    path = (folder or reference_dir()) / "municipalities.csv"
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
        return MunicipalityRegistry(
            Municipality(
                code=str(int(row["kommunekode"])),
                name=row["name"],
                region=row["region"],
                erhvervshus=row["erhvervshus"],
                kommunegruppe=row["kommunegruppe"],
                population=int(row["population"]),
                population_date=date.fromisoformat(row["population_date"]),
            )
            for row in rows
        )
    except OSError as exc:
        from hubmonitor.io.reading import os_reason

        da, en = os_reason(exc)  # the system's words in the English half only
        raise ReferenceDataError(said(f"{path}: kommunernes referencedata kan ikke læses ({da})",
                                      f"{path}: the municipality reference data cannot be read ({en})")) from exc
    except KeyError as exc:
        raise ReferenceDataError(said(f"{path}: kommunernes referencedata mangler kolonnen {exc.args[0]!r}",
                                 f"{path}: the municipality reference data lacks the column {exc.args[0]!r}")) from exc
    except ValueError as exc:
        raise ReferenceDataError(said(f"{path}: kommunernes referencedata har en forkert værdi ({first_line(exc)})",
                                 f"{path}: the municipality reference data has a wrong value "
                                 f"({first_line(exc)})")) from exc
