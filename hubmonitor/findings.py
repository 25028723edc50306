"""The catalogue of data findings: stable codes, severity and message templates.

A code never changes meaning once used. ``quarantine`` rows are left out of every figure;
``warning`` rows are used as they are. Templates take ``{value}`` (the offending value).
"""

from __future__ import annotations

from typing import Final

from hubmonitor.report import Finding, Severity

SAMPLE_PER_CODE = 50  # findings listed per code (each code is counted in full)

CODES: Final[dict[str, tuple[Severity, str, str]]] = {
    "bad-date": ("quarantine", "ugyldig dato {value!r} (ikke i datoformatet; kanonisk ÅÅÅÅ-MM-DD)",
                 "invalid date {value!r} (not in the date format; canonical YYYY-MM-DD)"),
    "missing-date": ("quarantine", "dato mangler", "date is missing"),
    "missing-company-id": ("quarantine", "virksomheds-id mangler", "company id is missing"),
    "unknown-municipality": ("quarantine", "ukendt kommune {value!r}", "unknown municipality {value!r}"),
    "missing-municipality": ("quarantine", "kommune mangler", "municipality is missing"),
    "unknown-segment": ("quarantine", "ukendt segment {value!r}", "unknown segment {value!r}"),
    "unknown-activity-type": ("quarantine", "ukendt aktivitetstype {value!r}",
                              "unknown activity type {value!r}"),
    "missing-activity-type": ("quarantine", "aktivitetstype mangler", "activity type is missing"),
    "bad-boolean": ("quarantine", "ugyldig ja/nej-værdi {value!r}", "invalid yes/no value {value!r}"),
    "unknown-answer": ("quarantine", "ukendt svar {value!r}", "unknown answer {value!r}"),
    "bad-nps": ("quarantine", "anbefalingsscore skal være et heltal 0-10, ikke {value!r}",
                "recommendation score must be a whole number 0-10, not {value!r}"),
    "bad-number": ("warning", "{value!r} er ikke et tal i det tilladte interval; cellen tælles som tom",
                   "{value!r} is not a number in the allowed range; the cell counts as empty"),
    "bad-datetime": ("warning", "ugyldig dato eller tidspunkt {value!r} (forventet fx 2024-12-31 eller "
                     "2024-12-31 14:05); cellen tælles som tom",
                     "invalid date or date and time {value!r} (expected e.g. 2024-12-31 or 2024-12-31 14:05); the cell "
                     "counts as empty"),
    "unknown-value": ("warning", "ukendt værdi {value!r}; cellen tælles som tom",
                      "unknown value {value!r}; the cell counts as empty"),
    "duplicate-row": ("warning", "præcis dublet af en tidligere række; tælles én gang",
                      "exact duplicate of an earlier row; counted once"),
    "duplicate-id": ("warning", "id {value!r} står også på en anden række med andet indhold",
                     "id {value!r} also appears on another row with different content"),
    "missing-segment": ("warning", "segment mangler", "segment is missing"),
    "bad-cvr-checksum": ("warning", "CVR-nummer {value!r} består ikke modulus 11-kontrollen",
                         "CVR number {value!r} fails the modulus 11 check"),
    "bad-cvr-format": ("warning", "CVR-nummer {value!r} er ikke 8 cifre",
                       "CVR number {value!r} is not 8 digits"),
    "outside-hub": ("warning", "{value} ligger uden for erhvervshusets kommuner; tæller i "
                    "totalerne, ikke i kommunefordelingen",
                    "{value} is outside the hub's municipalities; counted in totals, not in the "
                    "municipal breakdown"),
    "excel-error": ("quarantine", "Excel-fejlværdi i cellen ({value}); rækken bruges ikke",
                    "Excel error value in the cell ({value}); the row is not used"),
    "mixed-encoding": ("warning", "linjen er gemt som Windows-1252, resten af filen som UTF-8; læst som "
                       "Windows-1252", "the line is saved as Windows-1252, the rest of the file as UTF-8; "
                       "read as Windows-1252"),
    "unread-sheet": ("warning", "arket {value!r} er ikke læst: profilen nævner ingen ark, så kun det første "
                     "læses", "sheet {value!r} was not read: the profile names no sheets, so only the first is read"),
    "unmapped-column": ("info", "kolonnen {value!r} svarer ikke til nogen kanonisk kolonne efter profilen og "
                        "læses ikke", "column {value!r} maps to no canonical column under the profile and is not read"),
    "unknown-milestone-municipality": ("warning", "ukendt kommune {value!r} i milepæl",
                                       "unknown municipality {value!r} in milestone"),
}


def finding(code: str, file: str, row: int | None = None, column: str | None = None,
            value: str | None = None, sheet: str | None = None, sensitive: bool = False) -> Finding:
    severity, da, en = CODES[code]
    return Finding(code=code, severity=severity, file=file, sheet=sheet, row=row, column=column, value=value,
                   message=da.format(value=value), message_en=en.format(value=value), sensitive=sensitive)


def describe(code: str, lang: str = "da") -> str | None:
    """The code's message template with the value left out ("…"), or None for an unknown code."""
    template = CODES.get(code)
    return (template[2] if lang == "en" else template[1]).format(value="…") if template else None
