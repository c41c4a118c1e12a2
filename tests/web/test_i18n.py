"""Dutch by default, English on request; the choice sticks; formats follow the language."""

import pytest


def test_dutch_is_the_default(client):
    html = client.get("/auth/login").get_data(as_text=True)
    assert '<html lang="nl">' in html and "<h1>Inloggen</h1>" in html


def test_first_visit_follows_accept_language(client):
    english = {"Accept-Language": "en-GB,en;q=0.9"}
    html = client.get("/auth/login", headers=english).get_data(as_text=True)
    assert '<html lang="en">' in html and "<h1>Sign in</h1>" in html


def test_unsupported_accept_language_falls_back_to_dutch(client):
    html = client.get("/auth/login", headers={"Accept-Language": "fr-FR"}).get_data(as_text=True)
    assert '<html lang="nl">' in html


def test_switch_is_remembered_in_a_cookie_and_beats_the_browser(portal):
    response = portal.post("/language", {"lang": "en", "next": "/auth/login"})
    assert response.status_code == 303 and response.headers["Location"] == "/auth/login"
    assert "portal_lang=en" in response.headers["Set-Cookie"]
    dutch = {"Accept-Language": "nl"}
    html = portal.client.get("/auth/login", headers=dutch).get_data(as_text=True)
    assert "<h1>Sign in</h1>" in html


def test_unknown_language_code_gets_a_clear_message(portal):
    response = portal.post("/language", {"lang": "xx", "next": "/auth/login"})
    assert response.status_code == 400
    assert "Deze taal is niet beschikbaar" in response.get_data(as_text=True)


def test_switch_refuses_offsite_next(portal):
    response = portal.post("/language", {"lang": "en", "next": "https://evil.example/"})
    assert response.headers["Location"] == "/"


@pytest.mark.parametrize(
    "method, referrer, expected",
    [
        ("GET", None, "/student/requests?page=2"),
        (
            "POST",
            "http://localhost/student/requests/AVG-2026-ABCDEF",
            "/student/requests/AVG-2026-ABCDEF",
        ),
        ("POST", "https://evil.example/phish", "/"),
        ("POST", None, "/"),
    ],
)
def test_the_switch_leads_back_to_a_page_the_browser_can_get(app, method, referrer, expected):
    # A page shown in answer to a refused form post has a post-only address (405 on GET).
    from webapp.i18n import page_to_return_to

    headers = {"Referer": referrer} if referrer else {}
    with app.test_request_context("/student/requests?page=2", method=method, headers=headers):
        assert page_to_return_to() == expected


@pytest.mark.parametrize("lang, expected", [("nl", "29 feb 2024"), ("en", "29 Feb 2024")])
def test_dates_follow_the_language(app, lang, expected):
    import datetime as dt

    with app.test_request_context(headers={"Cookie": f"portal_lang={lang}"}):
        assert app.jinja_env.filters["show"](dt.date(2024, 2, 29)) == expected


@pytest.mark.parametrize(
    "utc, lang, expected",
    [
        # The last Sunday of March 2024: 01:30 UTC is 03:30 summer time in Amsterdam.
        ("2024-03-31T01:30:00", "nl", "31 mrt 2024, 03:30:00"),
        ("2024-03-31T00:30:00", "nl", "31 mrt 2024, 01:30:00"),
        # The last Sunday of October 2024: 01:30 UTC is 02:30 winter time.
        ("2024-10-27T01:30:00", "en", "27 Oct 2024, 02:30:00"),
        # Just before midnight UTC on New Year's Eve is already the next year in Amsterdam.
        ("2024-12-31T23:30:00", "nl", "1 jan 2025, 00:30:00"),
    ],
)
def test_times_are_shown_in_amsterdam(app, utc, lang, expected):
    import datetime as dt

    with app.test_request_context(headers={"Cookie": f"portal_lang={lang}"}):
        assert app.jinja_env.filters["show"](dt.datetime.fromisoformat(utc)) == expected


def test_numbers_follow_the_language(app):
    from decimal import Decimal

    with app.test_request_context(headers={"Cookie": "portal_lang=nl"}):
        assert app.jinja_env.filters["show"](Decimal("7.5")) == "7,5"
    with app.test_request_context(headers={"Cookie": "portal_lang=en"}):
        assert app.jinja_env.filters["show"](Decimal("7.5")) == "7.5"
