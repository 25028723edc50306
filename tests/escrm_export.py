"""Write the same data twice: as canonical CSV files and as an ESCRM-style export.

The ESCRM side is what the shipped ``escrm-excel`` profile reads: per CRM file one workbook with
a sheet ``Møder`` (individual guidance) and a sheet ``Arrangementer`` (event participants), ESCRM's
column names, dates as Excel date cells (meetings) or ``DD-MM-YYYY`` text (events), CVR numbers
and kommunekoder stored as numbers, ``Vækstvirksomhed``-style segments, topics as ``Grøn
omstilling, Eksport``; beside it the user-evaluation CSV with Danish headings, semicolons,
Windows-1252 and ``DD-MM-YYYY``.

Every change is a one-to-one function of the raw value and invalid values are written as they
were, so both routes must find the same rows, problems and figures. The canonical side is split
by activity type too, so that both routes number the rows the same way.
"""

from __future__ import annotations

import csv
import shutil
from datetime import date, datetime
from pathlib import Path

import xlsxwriter

MEETING_COLUMNS = {
    "activity_id": "Møde-ID_Møder", "date": "Mødedato_Møder", "company_id": "Virksomheds-ID_Virksomheder",
    "cvr": "CVR-nummer_Virksomheder", "company_name": "Firmanavn_Virksomheder",
    "municipality": "Kommune_Virksomheder", "segment": "Segment_Virksomheder",
    "growth_programme": "Vækstforløb_Møder", "referred": "Henvist_Møder", "topics": "Emner_Møder",
}
EVENT_COLUMNS = MEETING_COLUMNS | {
    "activity_id": "Deltager-ID_Arrangementer", "date": "Arrangementsdato_Arrangementer",
    "growth_programme": "Vækstforløb_Arrangementer", "referred": "Henvist_Arrangementer",
    "topics": "Emner_Arrangementer",
}
EVALUATION_COLUMNS = {
    "response_id": "Svar-ID", "date": "Besvarelsesdato", "company_id": "Virksomheds-ID", "segment": "Segment",
    "satisfaction": "Tilfredshed med medarbejdernes kompetencer", "effect": "Forventet effekt",
    "referral_received": "Modtaget henvisning", "referral_used": "Benyttet henvisning",
    "nps": "Anbefaling (0-10)", "topics": "Emner",
}
SEGMENTS = {"drift": "Driftsvirksomhed", "vækst": "Vækstvirksomhed"}
TOPICS = {"grøn": "Grøn omstilling", "eksport": "Eksport"}


def _iso(text: str) -> date | None:
    try:
        return date.fromisoformat(text) if len(text) == 10 else None
    except ValueError:
        return None


def _number(text: str) -> int | None:
    """Digits with no leading zero: what Excel stores as a number."""
    return int(text) if text.isdigit() and str(int(text)) == text else None


def _topics(text: str) -> str:
    return ", ".join(TOPICS.get(t, t) for t in text.split(";")) if text else ""


def _read(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        return list(reader.fieldnames or []), list(reader)


def write_escrm(source: Path, target: Path) -> None:
    """The data of canonical folder ``source`` as an ESCRM export in ``target``."""
    target.mkdir(parents=True, exist_ok=True)
    for crm in sorted(source.glob("crm_activities*.csv")):
        _, rows = _read(crm)
        workbook = xlsxwriter.Workbook(target / f"escrm_{crm.stem.removeprefix('crm_activities_')}.xlsx")
        date_format = workbook.add_format({"num_format": "dd-mm-yyyy"})
        for sheet_name, kind, columns in (("Møder", "individuel", MEETING_COLUMNS),
                                          ("Arrangementer", "kollektiv", EVENT_COLUMNS)):
            sheet = workbook.add_worksheet(sheet_name)
            sheet.write_row(0, 0, list(columns.values()))
            mine = [r for r in rows if r["activity_type"] == kind]
            for i, row in enumerate(mine, start=1):
                for j, field in enumerate(columns):
                    value = row[field]
                    day = _iso(value) if field == "date" else None
                    if day is not None and kind == "individuel":
                        sheet.write_datetime(i, j, datetime(day.year, day.month, day.day), date_format)
                    elif day is not None:
                        sheet.write_string(i, j, day.strftime("%d-%m-%Y"))
                    elif field in ("cvr", "municipality") and (number := _number(value)) is not None:
                        sheet.write_number(i, j, number)
                    elif field == "segment":
                        sheet.write_string(i, j, SEGMENTS.get(value, value))
                    elif field == "topics":
                        sheet.write_string(i, j, _topics(value))
                    elif value:
                        sheet.write_string(i, j, value)
        workbook.close()
    for evaluations in sorted(source.glob("evaluations*.csv")):
        _, rows = _read(evaluations)
        with (target / f"brugerevaluering_{evaluations.stem}.csv").open("w", encoding="cp1252", newline="") as fh:
            writer = csv.writer(fh, delimiter=";", lineterminator="\r\n")
            writer.writerow(EVALUATION_COLUMNS.values())
            for row in rows:
                day = _iso(row["date"])
                out = dict(row)
                out["date"] = day.strftime("%d-%m-%Y") if day else row["date"]
                out["segment"] = SEGMENTS.get(row["segment"], row["segment"])
                out["topics"] = _topics(row["topics"])
                writer.writerow([out[c] for c in EVALUATION_COLUMNS])
    for external in source.glob("external-*.yaml"):
        shutil.copy(external, target / external.name)


def write_canonical_split(source: Path, target: Path) -> None:
    """The same data as canonical CSV, the CRM files split by activity type like the workbook's sheets."""
    target.mkdir(parents=True, exist_ok=True)
    for crm in sorted(source.glob("crm_activities*.csv")):
        header, rows = _read(crm)
        for kind in ("individuel", "kollektiv"):
            with (target / f"{crm.stem}_{kind}.csv").open("w", encoding="utf-8", newline="") as fh:
                writer = csv.DictWriter(fh, header, lineterminator="\n")
                writer.writeheader()
                writer.writerows(r for r in rows if r["activity_type"] == kind)
    for other in [*source.glob("evaluations*.csv"), *source.glob("external-*.yaml")]:
        shutil.copy(other, target / other.name)
