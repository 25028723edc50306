"""The input schema: every column of every source, declared once.

In the shape of pandera's ``Column(dtype, checks, nullable, required, …)``: one ``Column`` holds
everything about one input column — its kind of value, whether a file must have it, whether it
is a company's own data (never shown on a page), what an empty cell means, the finding codes its
check raises, its vocabulary and built-in spellings, and its Danish and English label. Everything
else is derived from this table: the vocabulary the contract language checks filters against
(``vocabulary.py``), the canonical columns a profile maps onto (``profile/model.py``), the typing
and checks of the reader (``io/canonical.py``), the privacy rule (``render/privacy.py``), the
input-format document (``docs/input-formats.md``, written by ``hubmonitor.render.input_formats``), and the test
and demo headers.

Plain Python, no polars: the spec layer.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property
from types import MappingProxyType
from typing import Final, Literal


class Source(StrEnum):
    ACTIVITIES = "activities"
    EVALUATIONS = "evaluations"


class Kind(StrEnum):
    """What a column holds, and so how it is read and checked."""

    ID = "id"  # an identifier, kept as text (trimmed)
    DATE = "date"  # a calendar date, in the profile's date formats or ISO
    DATETIME = "datetime"  # a date and a time of day
    MUNICIPALITY = "municipality"  # a kommune by name or kommunekode, resolved in the reference data
    CVR = "cvr"  # a Danish CVR number: 8 digits passing the modulus 11 check
    ENUM = "enum"  # one value of a closed vocabulary (with spellings)
    BOOLEAN = "boolean"  # yes/no
    INTEGER = "integer"  # a whole number, optionally in a range
    NUMBER = "number"  # a decimal number, optionally in a range
    TAGS = "tags"  # a list of tags (topics)
    TEXT = "text"  # free text


# What an empty cell means for a column:
#   "missing"  the row is flagged with the column's ``missing`` code (its severity decides whether
#              the row is quarantined or used),
#   "invalid"  the same as an unreadable value (the ``invalid`` code),
#   "false"    no (yes/no columns),
#   "allowed"  no value (an unanswered question); the row is used.
Blank = Literal["missing", "invalid", "false", "allowed"]


@dataclass(frozen=True)
class Text:
    """A text in Danish and English."""

    da: str
    en: str

    def __call__(self, lang: str = "da") -> str:
        return self.en if lang == "en" else self.da


def _frozen(mapping: Mapping[str, str] | None = None) -> Mapping[str, str]:
    return MappingProxyType(dict(mapping or {}))


@dataclass(frozen=True)
class Column:
    """One column of one source."""

    name: str
    kind: Kind
    label: Text
    description: Text
    required: bool = False  # a file of the source must have it (no row can be used without it)
    company_data: bool = False  # a company's own data: never on a page, only in the hub's own lists
    kept: bool = True  # typed and kept for the figures (False: read for duplicates only)
    filterable: bool = False  # a contract's ``where:`` may filter on it
    blank: Blank = "allowed"
    missing: str | None = None  # finding code of an empty cell (blank == "missing")
    invalid: str | None = None  # finding code of a value that cannot be read
    values: tuple[str, ...] = ()  # the vocabulary (ENUM)
    # a value of the vocabulary as an English page says it, where its Danish word is no English (a segment)
    values_en: Mapping[str, str] = field(default_factory=_frozen)
    aliases: Mapping[str, str] = field(default_factory=_frozen)  # other spellings → canonical (ENUM, TAGS)
    minimum: float | None = None  # INTEGER, NUMBER
    maximum: float | None = None

    @property
    def codes(self) -> tuple[str, ...]:
        """The finding codes the column's check can raise."""
        if self.kind is Kind.CVR:
            return ("bad-cvr-format", "bad-cvr-checksum")
        return tuple(dict.fromkeys(c for c in (self.missing, self.invalid) if c))


@dataclass(frozen=True)
class SourceSchema:
    """A source: its columns in their canonical order, and the column that identifies a row."""

    source: str
    label: Text
    id_column: str
    columns: tuple[Column, ...]

    def __post_init__(self) -> None:
        names = [c.name for c in self.columns]
        assert len(set(names)) == len(names), f"{self.source}: a column is declared twice"
        assert self.id_column in names

    def __getitem__(self, name: str) -> Column:
        return self.by_name[name]

    def __contains__(self, name: object) -> bool:
        return name in self.by_name

    @cached_property
    def by_name(self) -> dict[str, Column]:
        return {c.name: c for c in self.columns}

    @cached_property
    def names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    @cached_property
    def required(self) -> frozenset[str]:
        return frozenset(c.name for c in self.columns if c.required)


# --- vocabularies ---------------------------------------------------------------------------

SEGMENT = Column(
    "segment", Kind.ENUM, Text("segment", "segment"),
    Text("virksomhedens segment", "the company's segment"),
    filterable=True, blank="missing", missing="missing-segment", invalid="unknown-segment",
    values=("drift", "vækst", "iværksætter"),
    # the English pages' words (a review: "81.3 % (lowest: vækst)" on a page for a foreign delegation)
    values_en=_frozen({"drift": "established", "vækst": "growth", "iværksætter": "entrepreneur"}),
    aliases=_frozen({
        "driftsvirksomhed": "drift", "vaekst": "vækst", "vækstvirksomhed": "vækst",
        "ivaerksaetter": "iværksætter", "før-starter": "iværksætter", "foer-starter": "iværksætter",
        "førstarter": "iværksætter", "før starter": "iværksætter",
    }),
)

# The topics: every value a spelling leads to is a topic of the vocabulary (the identities declare
# the topics without other spellings); any other topic is read as it stands and is an
# ``unknown-topic`` warning. "grøn omstilling" is the national target's own name for the green topic.
TOPIC_ALIASES: Final = _frozen({
    "gron": "grøn", "green": "grøn", "grøn": "grøn", "grøn omstilling": "grøn", "gron omstilling": "grøn",
    "grøn-omstilling": "grøn",
    "digital": "digitalisering", "digitalt": "digitalisering", "digitalisering": "digitalisering",
    "eksport": "eksport", "finansiering": "finansiering", "ledelse": "ledelse", "strategi": "strategi",
})


def _topics(description: Text) -> Column:
    return Column("topics", Kind.TAGS, Text("emner", "topics"), description, filterable=True,
                  invalid="unknown-topic", aliases=TOPIC_ALIASES)


def _date(what: Text) -> Column:
    return Column("date", Kind.DATE, Text("dato", "date"), what, required=True, blank="missing",
                  missing="missing-date", invalid="bad-date")


ACTIVITIES = SourceSchema(
    Source.ACTIVITIES, Text("CRM-aktiviteter", "CRM activities"), "activity_id", (
        Column("activity_id", Kind.ID, Text("aktivitets-id", "activity id"),
               Text("aktivitetens id i CRM; uden den er en helt ens række en kopi",
                    "the activity's id in the CRM; without it, an identical row is a copy")),
        _date(Text("aktivitetens dato", "the date of the activity")),
        Column("company_id", Kind.ID, Text("virksomheds-id", "company id"),
               Text("virksomhedens id i CRM (den vejledte virksomhed)", "the company's id in the CRM"),
               required=True, company_data=True, blank="missing", missing="missing-company-id"),
        Column("cvr", Kind.CVR, Text("CVR-nummer", "CVR number"),
               Text("8 cifre, modulus 11; tom er tilladt", "8 digits, modulus 11; may be empty"),
               company_data=True),
        Column("company_name", Kind.TEXT, Text("virksomhedsnavn", "company name"),
               Text("læses for at kende kopier og sammenligne navne (integritetssignalerne); vises kun i "
                    "erhvervshusets interne lister",
                    "read to tell copies and to compare names (the integrity signals); shown only in the hub's "
                    "internal lists"),
               company_data=True, kept=False),
        Column("municipality", Kind.MUNICIPALITY, Text("kommune", "municipality"),
               Text("kommunenavn eller kommunekode (fx 751 eller Aarhus)",
                    "municipality name or code (e.g. 751 or Aarhus)"),
               filterable=True, blank="missing", missing="missing-municipality",
               invalid="unknown-municipality"),
        SEGMENT,
        Column("activity_type", Kind.ENUM, Text("aktivitetstype", "activity type"),
               Text("individuel vejledning eller kollektivt tilbud", "individual guidance or a collective offer"),
               filterable=True, blank="missing", missing="missing-activity-type", invalid="unknown-activity-type",
               values=("individuel", "kollektiv")),
        Column("growth_programme", Kind.BOOLEAN, Text("vækstforløb", "growth programme"),
               Text("aktiviteten er en del af et vækstforløb", "the activity is part of a growth programme"),
               filterable=True, blank="false", invalid="bad-boolean"),
        Column("referred", Kind.BOOLEAN, Text("henvist", "referred"),
               Text("virksomheden blev henvist videre", "the company was referred on"),
               filterable=True, blank="false", invalid="bad-boolean"),
        _topics(Text("emner for aktiviteten, adskilt af ';'", "the activity's topics, separated by ';'")),
        Column("registered_at", Kind.DATETIME, Text("registreret", "registered at"),
               Text("hvornår aktiviteten blev registreret i CRM (dato og klokkeslæt); valgfri: bruges kun af "
                    "integritetssignalerne",
                    "when the activity was registered in the CRM (date and time of day); optional: used only by "
                    "the integrity signals"),
               invalid="bad-datetime"),
    ))

EVALUATIONS = SourceSchema(
    Source.EVALUATIONS, Text("brugerevalueringer", "user evaluations"), "response_id", (
        Column("response_id", Kind.ID, Text("svar-id", "response id"),
               Text("besvarelsens id; uden den er en helt ens række en kopi",
                    "the response's id; without it, an identical row is a copy")),
        _date(Text("besvarelsens dato", "the date of the response")),
        Column("company_id", Kind.ID, Text("virksomheds-id", "company id"),
               Text("den svarende virksomheds id i CRM", "the responding company's id in the CRM"),
               company_data=True),
        SEGMENT,
        Column("satisfaction", Kind.ENUM,
               Text("tilfredshed med medarbejdernes kompetencer", "satisfaction with staff expertise"),
               Text("svar på tilfredshedsspørgsmålet; tom = ikke besvaret", "answer; empty = not answered"),
               filterable=True, invalid="unknown-answer",
               values=("Meget tilfreds", "Tilfreds", "Hverken/eller", "Utilfreds", "Meget utilfreds", "Ved ikke")),
        Column("effect", Kind.ENUM, Text("forventet effekt", "expected effect"),
               Text("svar på spørgsmålet om forventet effekt; tom = ikke besvaret", "answer; empty = not answered"),
               filterable=True, invalid="unknown-answer",
               values=("I høj grad", "I nogen grad", "I lav grad", "Slet ikke", "Ved ikke")),
        Column("referral_received", Kind.BOOLEAN, Text("modtaget henvisning", "referral received"),
               Text("virksomheden fik en henvisning", "the company received a referral"),
               filterable=True, blank="false", invalid="bad-boolean"),
        Column("referral_used", Kind.ENUM, Text("brug af henvisning", "use of referral"),
               Text("svar om brug af henvisningen; tom = ikke besvaret", "answer; empty = not answered"),
               filterable=True, invalid="unknown-answer",
               values=("Har benyttet", "Forventer at benytte", "Har ikke benyttet", "Ved ikke")),
        Column("nps", Kind.INTEGER, Text("anbefalingsvillighed (0-10)", "likelihood to recommend (0-10)"),
               Text("heltal 0-10; tom = ikke besvaret", "whole number 0-10; empty = not answered"),
               filterable=True, invalid="bad-nps", minimum=0, maximum=10),
        _topics(Text("emner, adskilt af ';'", "topics, separated by ';'")),
    ))

SCHEMA: Final[dict[str, SourceSchema]] = {Source.ACTIVITIES: ACTIVITIES, Source.EVALUATIONS: EVALUATIONS}

# Every column of every source that is a company's own data.
COMPANY_DATA: Final = frozenset(c.name for s in SCHEMA.values() for c in s.columns if c.company_data)
