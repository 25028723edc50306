"""Reports, a built site and the browser's watch for the dashboard tests (tests/test_dashboard*.py).

``xss_reports`` evaluates a copy of the sample data in which one activity's company name is a
script and one municipality is an image with an onerror handler (it becomes a quarantine finding
whose value the data-quality summary shows), then puts payloads in the contract's texts (title,
quote, hub name, a focus area's status) as a contract file could. A second hub (Sjælland's 2024
contract on the same data: no municipality of its own, so its spread has no data) gives the
national page two rows.

The browser tests (tests/test_dashboard*_browser.py) call ``require_chromium()`` first and share
one Chromium, the ``browser`` fixture of tests/conftest.py; nothing here imports playwright.
"""

from __future__ import annotations

import csv
import os
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from helpers import MIDTJYLLAND, REPO, SAMPLE

import hubmonitor
from hubmonitor.render.html.site import build_site
from hubmonitor.report import DataQuality, PeriodInfo, Report, TargetResult

SJAELLAND = REPO / "contracts" / "sjaelland" / "2024.yaml"

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
    # Sjælland's contract on Midtjylland's data: only with allow_outside_hub (else the wrong folder stops it)
    return [with_payloads(hubmonitor.evaluate(MIDTJYLLAND, data)),
            hubmonitor.evaluate(SJAELLAND, data, allow_outside_hub=True)]


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


def html_pages(site: dict[str, bytes]) -> dict[str, str]:
    """The site's pages (not its assets and workbooks) as text."""
    return {k: v.decode("utf-8") for k, v in site.items() if k.endswith(".html")}


def write_site(root: Path, reports: list[Report], generated: str) -> Path:
    """The Danish site of ``reports`` (no workbooks) written to ``root``; returns ``root``."""
    for name, content in build_site(reports, lang="da", generated=generated, workbooks=False).items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    return root


# --- several years (tests/test_dashboard_history*.py) -----------------------------------------


def history_target(tid: str, value: object, target: object, status: str, *, unit: str = "share",
                   kind: str = "share", comparison: str = ">=", origin: str = "framework", ref: str = "Mål 1",
                   **extra: object) -> TargetResult:
    """One target's result, made by hand (only what the history pages read)."""
    return TargetResult.model_validate({
        "id": tid, "ref": ref, "kind": kind, "title": f"Titel {tid}", "title_en": f"Title {tid}", "origin": origin,
        "unit": unit, "value": value, "target": target, "comparison": comparison, "status": status,
        "explanation": "Regel", "explanation_en": "Rule", "quote": "Kontraktens ordlyd", **extra})


def history_report(erhvervshus: str, year: int, targets: list[TargetResult], as_of: date | None = None) -> Report:
    """A hub-year's report made by hand: no data behind it, only targets."""
    return Report(
        hub=f"Erhvervshus {erhvervshus}", erhvervshus=erhvervshus, contract=f"Kontrakt {erhvervshus} {year}",
        contract_id=f"{erhvervshus.lower()}-{year}", contract_files=[], framework=None,
        period=PeriodInfo(start=date(year, 1, 1), end=date(year, 12, 31), as_of=as_of or date(year, 12, 31)),
        municipalities=[], population_date=date(year, 1, 1), data_dir=f"data/{erhvervshus.lower()}",
        targets=targets, qualitative=[],
        data_quality=DataQuality(rows_read=0, rows_used=0, inputs=[], summary=[], findings=[], sample_per_code=5))


def history_reports() -> list[Report]:
    """Three hubs over 2022–2024, figures chosen by hand:

    - Midtjylland 2022, 2023 and 2024 up to 30 June (a leap year: 182 of 366 days elapsed). Reach
      (a count) has a target that changes every year (4.500, 4.750, 5.000) and is on track in 2024
      against the pro-rated 5.000 × 182/366 = 2.486,34; awareness (national) 39 %, 43 %, 51 %
      against 50 %; the balance is a band [40 %, 60 %] in 2022 and 2023 and not in the 2024
      contract; the green tool (a milestone) is not done in 2022, done after.
    - Sjælland 2022 and 2023: awareness 30 % against its own 45 % in 2022, 44 % against 50 % in 2023.
    - Fyn 2023 only (no history page): awareness 55 % against 50 %.
    """
    def reach(value: int, target: int, status: str, **extra: object) -> TargetResult:
        return history_target("M8.reach", value, target, status, unit="count", kind="distinct_companies",
                              origin="hub", ref="Mål 8", **extra)

    def aware(value: float, target: float, status: str, **extra: object) -> TargetResult:
        return history_target("M1.awareness", value, target, status, kind="external", **extra)

    def balance(value: float, status: str) -> TargetResult:
        return history_target("M8.balance", value, [0.4, 0.6], status, kind="company_ratio", comparison="between",
                              origin="hub", ref="Mål 8")

    def tool(done: bool) -> TargetResult:
        return history_target("M5.green_tool", done, True, "met" if done else "not_met", unit="bool",
                              kind="milestone", comparison="==", ref="Mål 5")

    return [
        history_report("Midtjylland", 2022, [aware(0.39, 0.5, "not_met"), tool(False), reach(4939, 4500, "met"),
                                              balance(0.482, "met")]),
        history_report("Midtjylland", 2023, [aware(0.43, 0.5, "not_met"), tool(True), reach(4700, 4750, "not_met"),
                                              balance(0.62, "not_met")]),
        history_report("Midtjylland", 2024, [
            aware(0.51, 0.5, "met", uncertain=True), tool(True),
            reach(2600, 5000, "on_track", pace="prorata", elapsed_share=182 / 366, prorated_target=5000 * 182 / 366)],
            as_of=date(2024, 6, 30)),
        history_report("Sjælland", 2022, [aware(0.30, 0.45, "not_met"), tool(True)]),
        history_report("Sjælland", 2023, [aware(0.44, 0.5, "not_met"), tool(True)]),
        history_report("Fyn", 2023, [aware(0.55, 0.5, "met"), tool(True)]),
    ]


# --- in a real browser (tests/test_dashboard*_browser.py) --------------------------------------

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parent / "artifacts" / "dashboard"
# The flags this machine needs (see the environment notes): no sandbox as root, no GPU, and
# nothing of Chromium's own that reaches for the network.
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
A4_CONTENT_PX = 703  # 210 mm less 2 × 12 mm margins, at 96 px per inch


def require_chromium() -> None:
    """Skip the calling test module (at module level) when /usr/bin/chromium or playwright is
    missing on a developer's machine; in CI (env CI set) fail instead — .ci/run installs both."""
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing in CI: .ci/run must install Debian's chromium", pytrace=False)
        pytest.skip(f"{CHROMIUM} not installed (apt-get install chromium); the browser tests need it",
                    allow_module_level=True)
    try:
        import playwright.sync_api  # noqa: F401  (only whether it is there)
    except ImportError:  # pragma: no cover - playwright is in the test extra
        if os.environ.get("CI"):
            raise
        pytest.skip("playwright is not installed (pip install '.[test]')", allow_module_level=True)


class Watch:
    """Everything a page did that it should not: console errors and warnings, uncaught errors,
    failed or non-file requests, dialogs (alert/confirm/prompt: a payload that ran)."""

    def __init__(self, page: Any) -> None:
        self.problems: list[str] = []
        self.dialogs: list[str] = []
        page.on("console", self._console)
        page.on("pageerror", lambda e: self.problems.append(f"pageerror: {e}"))
        page.on("requestfailed", lambda r: self.problems.append(f"requestfailed: {r.url} {r.failure}"))
        page.on("request", lambda r: None if r.url.startswith("file://") else self.problems.append(
            f"network request: {r.url}"))
        page.on("dialog", self._dialog)

    def _console(self, message: Any) -> None:
        if message.type in ("error", "warning") or message.text.startswith("WARN"):
            self.problems.append(f"console {message.type}: {message.text}")

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()


def open_page(browser: Any, site_dir: Path, name: str, **options: Any) -> tuple[Any, Watch]:
    page = browser.new_page(viewport={"width": 1280, "height": 900}, **options)
    watch = Watch(page)
    page.goto((site_dir / name).as_uri())
    page.wait_for_load_state("load")
    # every figure drawn by plotly, then a moment for anything asynchronous (an <img onerror>)
    page.wait_for_function("""() => Array.from(document.querySelectorAll('div[data-figure]'))
        .every(d => d.classList.contains('js-plotly-plot') && d.querySelector('svg.main-svg'))""", timeout=30_000)
    page.wait_for_timeout(300)
    return page, watch


def shot_name(name: str) -> str:
    return name.replace("/", "_").removesuffix(".html")
