"""Fixtures shared across test modules.

``browser``: a headless Chromium (Debian's, driven by Playwright) per browser test module
(tests/test_dashboard*_browser.py). Those modules call ``dashboard_site.require_chromium()``
first, so playwright is imported only here, when a browser test asks for it. Module scope, not
session: Playwright's sync API keeps an event loop running while it is open, which must not
outlive the browser tests into the rest of the suite.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from dashboard_site import ARGS, CHROMIUM
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        yield b
        b.close()
