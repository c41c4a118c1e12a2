"""htmx requests after the session has ended, or with a stale CSRF token (issue 12, 1).

A fragment request must not get the sign-in page swapped into the page, nor a 400 that
the page ignores: htmx is told (``HX-Redirect``) to load the sign-in page as a whole
page, with ``next`` = the page the user was on, so signing in brings them back.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from tests.support import CSRF_RE

MY_DATA = "http://localhost/student/my-data"


def htmx_headers(current_url: str = MY_DATA) -> dict[str, str]:
    return {"HX-Request": "true", "HX-Current-URL": current_url}


def next_of(location: str) -> str | None:
    parts = urlsplit(location)
    assert parts.path == "/auth/login", location
    return parse_qs(parts.query).get("next", [None])[0]


def test_htmx_get_without_session_redirects_the_page_to_sign_in(client):
    response = client.get("/student/my-data/identity", headers=htmx_headers(MY_DATA + "?x=1"))
    assert response.status_code == 401
    assert "Location" not in response.headers  # nothing for the XHR to follow and swap in
    assert next_of(response.headers["HX-Redirect"]) == "/student/my-data?x=1"
    page = client.get(response.headers["HX-Redirect"]).get_data(as_text=True)
    assert "Je sessie is verlopen. Log opnieuw in om verder te gaan." in page


def test_htmx_post_without_session_redirects_to_sign_in_instead_of_a_silent_400(client):
    # The session (and the CSRF token kept in it) has gone: the token check fails first.
    response = client.post(
        "/student/consent/kivi",
        data={"decision": "given"},
        headers={**htmx_headers("http://localhost/student/consent/"), "X-CSRFToken": "old"},
    )
    assert response.status_code == 401
    assert next_of(response.headers["HX-Redirect"]) == "/student/consent/"


@pytest.mark.parametrize(
    "current",
    ["https://evil.example/student/", "http://localhost//evil.example/x", "", "not a url"],
)
def test_next_is_only_a_page_of_this_portal(client, current):
    response = client.get("/student/my-data/identity", headers=htmx_headers(current))
    assert response.status_code == 401
    assert next_of(response.headers["HX-Redirect"]) is None


def test_signed_in_htmx_post_with_a_stale_token_reloads_the_page(portal, sign_in):
    sign_in()
    response = portal.client.post(
        "/student/consent/kivi",
        data={"decision": "given"},
        headers={**htmx_headers("http://localhost/student/consent/"), "X-CSRFToken": "stale"},
    )
    assert response.status_code == 400
    assert response.headers["HX-Redirect"] == "/student/consent/"
    page = portal.client.get("/student/consent/").get_data(as_text=True)
    assert "De pagina was verlopen en is opnieuw geladen. Probeer het nog eens." in page
    assert CSRF_RE.search(page)


def test_ordinary_requests_keep_the_sign_in_redirect_and_error_page(portal, client):
    response = client.get("/student/my-data")
    assert response.status_code == 302
    assert next_of(response.headers["Location"]) == "/student/my-data"
    assert "HX-Redirect" not in response.headers
    refused = client.post("/student/consent/kivi", data={"decision": "given"})
    assert refused.status_code == 400 and "HX-Redirect" not in refused.headers
