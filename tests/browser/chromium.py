"""The one definition of the headless Chromium the browser tests and the screenshots use.

Debian's ``/usr/bin/chromium`` (or ``$PORTAL_CHROMIUM``); Playwright never downloads a
browser here. ``tests/browser/conftest.py`` and ``scripts/screenshots.py`` both launch it
with :func:`launch`, so a flag changed here changes both.
"""

from __future__ import annotations

import os

CHROMIUM = os.environ.get("PORTAL_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)


def available() -> bool:
    return os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)


def launch(playwright, *extra_args: str):
    """Headless Chromium from a started ``sync_playwright()``, with the shared flags."""
    return playwright.chromium.launch(
        executable_path=CHROMIUM, headless=True, args=[*CHROMIUM_ARGS, *extra_args]
    )
