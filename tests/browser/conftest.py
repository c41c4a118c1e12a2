"""Fixtures for the browser tests: headless Chromium through Playwright.

Each test module defines its own module-scoped ``live_server`` (tests/browser/support.py
``serve``); ``new_context`` uses the one of the module that runs the test.

Chromium is Debian's (``/usr/bin/chromium``, or ``$PORTAL_CHROMIUM``); Playwright never
downloads a browser here. Without Playwright or Chromium the tests are skipped with the
reason, except under ``CI=true``, where they fail: CI must run them.
"""

from __future__ import annotations

import os

import pytest

from tests.browser.chromium import CHROMIUM, available, launch

IN_CI = os.environ.get("CI", "").lower() == "true"


def _unavailable(reason: str):
    if IN_CI:
        pytest.fail(f"{reason} (browser tests are mandatory under CI=true)")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def playwright_api():
    """The Playwright sync API module, or a skip (a failure under CI) with the reason."""
    try:
        from playwright import sync_api
    except ImportError as exc:
        _unavailable(f"Playwright is not installed: {exc}")
    if not available():
        _unavailable(f"Chromium not found at {CHROMIUM}")
    return sync_api


@pytest.fixture(scope="module")
def browser(playwright_api):
    with playwright_api.sync_playwright() as p:
        chromium = launch(p)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def expect(playwright_api):
    playwright_api.expect.set_options(timeout=5_000)
    return playwright_api.expect


@pytest.fixture
def new_context(browser, live_server):
    """Open browser contexts of a Dutch user (closed after the test)."""
    contexts = []

    def make(**options):
        options.setdefault("locale", "nl-NL")
        options.setdefault("viewport", {"width": 1280, "height": 900})
        context = browser.new_context(base_url=live_server.url, **options)
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()
