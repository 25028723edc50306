"""Fixtures shared across test modules.

``browser``: a headless Chromium (Debian's, driven by Playwright) per browser test module
(tests/test_dashboard*_browser.py). Those modules call ``dashboard_site.require_chromium()``
first, so playwright is imported only here, when a browser test asks for it. Module scope, not
session: Playwright's sync API keeps an event loop running while it is open, which must not
outlive the browser tests into the rest of the suite.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest

# The day the tests run on, for hubmonitor (``hubmonitor/clock.py``): whether a contract year is over
# and how far data may run are questions of the calendar, and the tests must give the same figures on
# any day. The day after the demo's snapshot (2025-09-30): 2025 is the running year, 2024 is over.
# A module that needs another day sets it (monkeypatch.setenv). Set here, at import, so that the
# session's fixtures and the subprocesses a test starts see it too.
TODAY = "2025-10-01"
os.environ["HUBMONITOR_TODAY"] = TODAY


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from dashboard_site import ARGS, CHROMIUM
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        yield b
        b.close()


@pytest.fixture(scope="session")
def hovedstaden_2025(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The full demo's Hovedstaden 2025 (scale 1, the running year up to 30 September): the case
    issue 17 was filed on (tests/test_pace_verdict.py, tests/test_grant_as_money.py)."""
    from hubmonitor.demo import generate
    from hubmonitor.demo.pipeline import demo_jobs, evaluate_jobs

    data = generate(tmp_path_factory.mktemp("demo") / "data")
    jobs = [j for j in demo_jobs(data) if (j.slug, j.year) == ("hovedstaden", 2025)]
    return next(report for _, report in evaluate_jobs(jobs))


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The demo's dashboards as ``hubmonitor demo`` builds them (scale 0.02, all six hubs, 2022–2025,
    2025 the running year up to 30 September, the draft's backtest and diff pages), in Danish (da/)
    and English (en/), without the workbooks: built once for the browser tests that use it (axe,
    keyboard, print)."""
    from hubmonitor.demo import generate
    from hubmonitor.demo.pipeline import demo_jobs, draft_documents, evaluate_jobs
    from hubmonitor.render.html.site import build_site

    root = tmp_path_factory.mktemp("demo-site")
    data = generate(tmp_path_factory.mktemp("demo-data") / "data", scale=0.02)
    done = list(evaluate_jobs(demo_jobs(data, drafts=True)))
    reports = [report for job, report in done if not job.moved]
    drafts = [document for _, document in draft_documents([(job, report) for job, report in done if job.moved])]
    for lang in ("da", "en"):
        for name, content in build_site(reports, lang=lang, generated="2025-09-30", workbooks=False,
                                        drafts=drafts).items():
            path = root / lang / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
    return root


@pytest.fixture
def here(tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    """Run in ``tmp_path``, so messages name the files as given (a module may define its own
    ``here`` that also copies contracts there)."""
    monkeypatch.chdir(tmp_path)
    return tmp_path
