"""What a finding may show outside the hub: a finding whose value is a company's own data (its id,
CVR number or name, or a whole duplicated row) is shown without that value, on the pages and in
the workbook alike. The hub's internal list is `hubmonitor check-data --csv`."""

from __future__ import annotations

from hubmonitor.findings import describe
from hubmonitor.report import Finding
from hubmonitor.schema import COMPANY_DATA

SENSITIVE_COLUMNS = COMPANY_DATA  # the schema's company-data columns
SENSITIVE_CODES = frozenset({"bad-cvr-checksum", "bad-cvr-format", "duplicate-id", "duplicate-row"})
REDACTED = {"da": "værdien vises ikke (virksomhedsoplysning)", "en": "value not shown (company data)"}


def is_sensitive(f: Finding) -> bool:
    return f.value is not None and (f.sensitive or f.column in SENSITIVE_COLUMNS or f.code in SENSITIVE_CODES)


def shown_value(f: Finding) -> str | None:
    """The finding's value, or None where it is a company's own data."""
    return None if is_sensitive(f) else f.value


def finding_message(f: Finding, lang: str) -> str:
    """The finding's message, or its template with the value left out where the value is a
    company's own data."""
    if is_sensitive(f):
        base = describe(f.code, lang) or f.code
        return f"{base} ({REDACTED['en' if lang == 'en' else 'da']})"
    return f.message_en if lang == "en" else f.message
