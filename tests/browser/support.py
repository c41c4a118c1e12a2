"""What every browser test module shares: a live server, a watch, and page helpers.

The fixtures (``playwright_api``, ``browser``, ``expect``, ``new_context``) are in
tests/browser/conftest.py. Each test module defines its own module-scoped ``live_server``
fixture with ``serve(tmp_path_factory, seed)``, so each module seeds the data its pages
need; fixtures that ask for ``live_server`` get the one of the module that runs the test.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlsplit

from werkzeug.serving import WSGIRequestHandler

HOST = "127.0.0.1"
# Chromium asks for /favicon.ico once per browser, so whichever test comes first would
# see its 404; the watch ignores it and test_favicon_is_served checks it on its own.
FAVICON = "/favicon.ico"


# --------------------------------------------------------------------------- serving


class LiveServer:
    """Where the portal answers, and what the module's seed returned."""

    def __init__(self, url: str, seeded: Any):
        self.url = url
        self.seeded = seeded


class _QuietHandler(WSGIRequestHandler):
    def log_request(self, *args, **kwargs):
        pass  # keep pytest's captured output for what matters


@contextmanager
def serve(tmp_path_factory, seed: Callable[[], Any]):
    """Serve the portal over HTTP (werkzeug, threaded) from a migrated SQLite file.

    ``seed`` runs once, inside a connection to the new database, before the server starts;
    what it returns is the server's ``seeded``.
    """
    from werkzeug.serving import make_server

    from domain.core.db import connect_database
    from domain.core.schema import upgrade
    from webapp import create_app

    url = f"sqlite:///{tmp_path_factory.mktemp('browser') / 'portal.sqlite3'}"
    db = connect_database(url)
    with db.connection_context():
        upgrade(db)
        seeded = seed()
    db.close()

    app = create_app({"DATABASE_URL": url, "TESTING": True})
    server = make_server(HOST, 0, app, threaded=True, request_handler=_QuietHandler)
    thread = threading.Thread(target=server.serve_forever, name="portal-live-server", daemon=True)
    thread.start()
    try:
        yield LiveServer(f"http://{HOST}:{server.server_port}", seeded)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


class Watch:
    """Everything a page did that a clean run must not do."""

    def __init__(self, context):
        self.console_errors: list[str] = []
        self.csp_violations: list[str] = []
        self.foreign_requests: list[str] = []
        self.failed_responses: list[str] = []
        self.visited: list[str] = []  # pages loaded as whole documents
        context.expose_function(
            "__portalCspViolation", lambda text: self.csp_violations.append(text)
        )
        context.add_init_script(
            "document.addEventListener('securitypolicyviolation', function (e) {"
            "  window.__portalCspViolation(e.violatedDirective + ' blocked ' + e.blockedURI"
            "    + ' at ' + e.sourceFile + ':' + e.lineNumber);"
            "});"
        )
        self.page = page = context.new_page()
        page.on("console", self._console)
        page.on("pageerror", lambda exc: self.console_errors.append(f"pageerror: {exc}"))
        context.on("request", self._request)
        context.on("response", self._response)
        # Full document loads only: htmx's pushState is a same-document navigation.
        page.on("domcontentloaded", lambda p: self.visited.append(p.url))

    def assert_clean(self) -> None:
        assert self.csp_violations == [], self.csp_violations
        assert self.console_errors == [], self.console_errors
        assert self.foreign_requests == [], self.foreign_requests
        assert self.failed_responses == [], self.failed_responses

    def _console(self, message):
        if message.type == "error":
            source = message.location.get("url", "")
            if urlsplit(source).path == FAVICON:
                return  # Chromium's own favicon fetch: see test_favicon_is_served
            self.console_errors.append(f"{message.text} ({source})")

    def _request(self, request):
        if urlsplit(request.url).hostname != HOST:
            self.foreign_requests.append(request.url)

    def _response(self, response):
        if response.status >= 400 and urlsplit(response.url).path != FAVICON:
            self.failed_responses.append(f"{response.status} {response.url}")


# --------------------------------------------------------------------------- helpers


def check_page(page, expect, lang: str) -> None:
    """Every page: one h1, and the lang attribute of the language it is in."""
    expect(page.locator("html")).to_have_attribute("lang", lang)
    expect(page.locator("h1")).to_have_count(1)
    expect(page.locator("h1")).to_be_visible()


def quick_sign_in(page, expect, student: str) -> None:
    """Sign in from the sign-in page, whatever its language."""
    page.locator("#username").fill(student)
    page.locator("#password").fill("demo")
    page.locator("form.stack button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/student/$"))


def is_focused(locator) -> bool:
    return locator.evaluate("el => el === document.activeElement")


def tab_to(page, locator, key: str = "Tab", limit: int = 80) -> int:
    """Press ``key`` (Tab or Shift+Tab) until ``locator`` has focus; return the presses."""
    for presses in range(limit + 1):
        if is_focused(locator):
            return presses
        page.keyboard.press(key)
    raise AssertionError(f"{locator} not reached with {limit} presses of {key}")


def focus_outline(page) -> dict:
    return page.evaluate("""() => {
        const el = document.activeElement, style = getComputedStyle(el);
        return {tag: el.tagName, text: el.textContent.trim(), style: style.outlineStyle,
                width: parseFloat(style.outlineWidth) || 0,
                focusVisible: el.matches(':focus-visible')};
    }""")


def assert_visibly_outlined(page) -> None:
    outline = focus_outline(page)
    assert outline["focusVisible"], outline
    assert outline["style"] != "none" and outline["width"] >= 2, outline
