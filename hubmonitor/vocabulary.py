"""The canonical vocabulary of the input formats (``shared/spec/input-formats.md``).

Contracts are validated against these values and data files are mapped onto them. Matching of
data values ignores case and surrounding white space; aliases map other spellings to the
canonical value. Plain Python only: both the contract model and the readers use it.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Final


class Source(StrEnum):
    ACTIVITIES = "activities"
    EVALUATIONS = "evaluations"


SEGMENTS: Final = ("drift", "vækst", "iværksætter")
SEGMENT_ALIASES: Final = {
    "drift": "drift",
    "driftsvirksomhed": "drift",
    "vækst": "vækst",
    "vaekst": "vækst",
    "vækstvirksomhed": "vækst",
    "iværksætter": "iværksætter",
    "ivaerksaetter": "iværksætter",
    "før-starter": "iværksætter",
    "foer-starter": "iværksætter",
    "førstarter": "iværksætter",
    "før starter": "iværksætter",
}

ACTIVITY_TYPES: Final = ("individuel", "kollektiv")
ACTIVITY_TYPE_ALIASES: Final = {"individuel": "individuel", "kollektiv": "kollektiv"}

SATISFACTION: Final = (
    "Meget tilfreds",
    "Tilfreds",
    "Hverken/eller",
    "Utilfreds",
    "Meget utilfreds",
    "Ved ikke",
)
EFFECT: Final = ("I høj grad", "I nogen grad", "I lav grad", "Slet ikke", "Ved ikke")
REFERRAL_USED: Final = ("Har benyttet", "Forventer at benytte", "Har ikke benyttet", "Ved ikke")

TRUE_WORDS: Final = frozenset({"true", "ja", "1", "x", "yes", "sand"})
FALSE_WORDS: Final = frozenset({"false", "nej", "0", "no", "falsk"})

TOPIC_ALIASES: Final = {
    "gron": "grøn",
    "green": "grøn",
    "grøn": "grøn",
    "digital": "digitalisering",
    "digitalisering": "digitalisering",
}


def answer_key(text: str) -> str:
    """How answers are compared: case-folded, white space collapsed."""
    return " ".join(text.split()).casefold()


def alias_table(canonical: tuple[str, ...]) -> dict[str, str]:
    """A lookup from ``answer_key`` to the canonical spelling."""
    return {answer_key(v): v for v in canonical}


def canonical_topic(text: str) -> str:
    key = answer_key(text)
    return TOPIC_ALIASES.get(key, key)


# The fields a contract may filter on, per source, and what kind of value each holds.
# kind: "enum" (values listed), "bool", "list" (topics), "int", "text".
FieldSpec = tuple[str, tuple[str, ...]]
FIELDS: Final[dict[Source, dict[str, FieldSpec]]] = {
    Source.ACTIVITIES: {
        "segment": ("enum", SEGMENTS),
        "activity_type": ("enum", ACTIVITY_TYPES),
        "growth_programme": ("bool", ()),
        "referred": ("bool", ()),
        "topics": ("list", ()),
        "municipality": ("text", ()),
    },
    Source.EVALUATIONS: {
        "segment": ("enum", SEGMENTS),
        "satisfaction": ("enum", SATISFACTION),
        "effect": ("enum", EFFECT),
        "referral_received": ("bool", ()),
        "referral_used": ("enum", REFERRAL_USED),
        "nps": ("int", ()),
        "topics": ("list", ()),
    },
}

# Danish and English labels for the fields, used in generated explanations.
FIELD_LABELS: Final = {
    "segment": ("segment", "segment"),
    "activity_type": ("aktivitetstype", "activity type"),
    "growth_programme": ("vækstforløb", "growth programme"),
    "referred": ("henvist", "referred"),
    "topics": ("emner", "topics"),
    "municipality": ("kommune", "municipality"),
    "satisfaction": ("tilfredshed med medarbejdernes kompetencer", "satisfaction with staff expertise"),
    "effect": ("forventet effekt", "expected effect"),
    "referral_received": ("modtaget henvisning", "referral received"),
    "referral_used": ("brug af henvisning", "use of referral"),
    "nps": ("anbefalingsvillighed (0-10)", "likelihood to recommend (0-10)"),
}
