"""A student signs in through the local OpenID Provider, in headless Chromium.

The provider is the real one of the SSO tests (tests/oidc_provider, under Node; see
tests/sso/support.py); the portal is served like the other browser tests' live server,
except that it must know its own address before the client is registered at the
provider (the redirect URI names the port). Without Node, the installed provider,
Playwright or Chromium the test is skipped with the reason, except under ``CI=true``.
"""

from __future__ import annotations

import re
import threading

import pytest

from tests.browser.support import HOST, LiveServer, Watch, _QuietHandler, check_page
from tests.sso.support import run_provider

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def oidc_provider():
    with run_provider() as provider:
        yield provider


@pytest.fixture(scope="module")
def live_server(tmp_path_factory, oidc_provider):
    """The portal over HTTP, signed up at the provider, with one student (``.student``)."""
    from werkzeug.serving import make_server

    from domain.core.db import connect_database
    from domain.core.schema import upgrade
    from tests import factories
    from webapp import create_app

    url = f"sqlite:///{tmp_path_factory.mktemp('browser-sso') / 'portal.sqlite3'}"
    db = connect_database(url)
    with db.connection_context():
        upgrade(db)
        person, _ = factories.student(first_name="Sanne", surname="Bakker")
        student = person.student_number
    db.close()

    app = create_app({"DATABASE_URL": url, "TESTING": True})
    server = make_server(HOST, 0, app, threaded=True, request_handler=_QuietHandler)
    portal_url = f"http://{HOST}:{server.server_port}"
    client = oidc_provider.register(f"{portal_url}/sso/callback")
    app.config.update(oidc_provider.portal_config(client))
    thread = threading.Thread(target=server.serve_forever, name="portal-sso-server", daemon=True)
    thread.start()
    try:
        yield LiveServer(portal_url, student)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def test_a_student_signs_in_through_the_provider(new_context, expect, live_server):
    context = new_context()
    watch = Watch(context)
    page = watch.page

    page.goto("/student/my-data")
    expect(page).to_have_url(re.compile(r"/auth/login\?next="))
    check_page(page, expect, "nl")
    page.get_by_role("link", name="Inloggen met SURFconext").click()

    # At the provider: its own sign-in page, on its own origin.
    expect(page.locator("h1")).to_have_text("Test identity provider")
    page.get_by_label("Username").fill(live_server.seeded)
    page.get_by_role("button", name="Sign in").click()

    # Back at the portal, signed in, on the page first asked for.
    expect(page).to_have_url(re.compile(r"/student/my-data$"))
    check_page(page, expect, "nl")
    expect(page.locator(".sign-out .who")).to_have_text("Sanne van Bakker")
    watch.assert_clean()


def test_an_unknown_student_is_told_so(new_context, expect, live_server):
    context = new_context()
    watch = Watch(context)
    page = watch.page
    page.goto("/auth/login")
    page.get_by_role("link", name="Inloggen met SURFconext").click()
    page.get_by_label("Username").fill("s7654321")
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("h1")).to_have_text("Inloggen is niet gelukt")
    check_page(page, expect, "nl")
    expect(page.get_by_role("alert")).to_contain_text("geen account voor je")
    # The refusal is a 403 page: the one failed response, and nothing else went wrong.
    [refusal] = watch.failed_responses
    assert refusal.startswith(f"403 {live_server.url}/sso/callback?")
    assert watch.csp_violations == [] and watch.foreign_requests == []
