"""Reports and a built site for the dashboard tests (tests/test_dashboard*.py).

``xss_reports`` evaluates a copy of the sample data in which one activity's company name is a
script and one municipality is an image with an onerror handler (it becomes a quarantine finding
whose value the data-quality summary shows), then puts payloads in the contract's texts (title,
quote, hub name, a focus area's status) as a contract file could. A second hub (Sjælland's 2024
contract on the same data: no municipality of its own, so its spread has no data) gives the
national page two rows.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import hubmonitor
from hubmonitor.report import Report

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "sample" / "midtjylland-2024"
MIDTJYLLAND = ROOT / "contracts" / "midtjylland" / "2024.yaml"
SJAELLAND = ROOT / "contracts" / "sjaelland" / "2024.yaml"

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
BREAKOUT = "</script><script>alert(1)</script>"


def sample_report() -> Report:
    return hubmonitor.evaluate(MIDTJYLLAND, SAMPLE)


def xss_data(folder: Path) -> Path:
    """A copy of the sample with a script as a company name and an <img> as a municipality."""
    shutil.copytree(SAMPLE, folder)
    path = folder / "crm_activities_2024.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    header = rows[0]
    rows[1][header.index("company_name")] = SCRIPT
    rows[2][header.index("municipality")] = IMG
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)
    return folder


def with_payloads(report: Report) -> Report:
    """The report with payloads in every kind of contract text the pages show."""
    targets = [t.model_copy(update={"title": f"{BREAKOUT} {t.title}", "title_en": f"{BREAKOUT} {t.title_en}",
                                    "quote": f"{IMG} {t.quote}", "explanation": f"{SCRIPT} {t.explanation}"})
               for t in report.targets]
    qualitative = [q.model_copy(update={"status_text": f"{IMG} i gang"}) for q in report.qualitative]
    return report.model_copy(update={"hub": f"Erhvervshus <b onmouseover=alert(1)>{report.erhvervshus}</b>",
                                     "contract": f"{SCRIPT} {report.contract}", "targets": targets,
                                     "qualitative": qualitative})


def xss_reports(tmp: Path) -> list[Report]:
    data = xss_data(tmp / "xss-data")
    return [with_payloads(hubmonitor.evaluate(MIDTJYLLAND, data)), hubmonitor.evaluate(SJAELLAND, data)]


def company_data() -> set[str]:
    """Every company id, CVR number and company name in the sample data."""
    values: set[str] = set()
    for path in SAMPLE.glob("*.csv"):
        with path.open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                for column in ("company_id", "cvr", "company_name"):
                    if row.get(column):
                        values.add(row[column].strip())
    return values - {""}
