"""The protocol's refusals, against the real OpenID Provider: state, code, ID token, set-up.

Each refusal happens before any account is looked up, so these run on one SQLite
database per module (``protocol_app``); what is found and recorded per account is in
test_sso_flow.py, on both databases. Each bad ID token comes from the provider's real
token endpoint, made wrongly on purpose for a client registered with that variant
(tests/oidc_provider/provider.js): each test fails when its check is taken out.
"""

from __future__ import annotations

import logging

import pytest

from domain.models import Account
from tests import factories
from tests.sso.support import (
    FAILED_NL,
    IdentityProviderUser,
    assert_refused,
    come_back,
    csrf_token,
    query_of,
    sign_out,
    signed_in,
    start,
)
from tests.support import html_of

REDIRECT_URI = "http://localhost/sso/callback"


@pytest.mark.parametrize(
    ("asked_for", "lands_on"),
    [("/student/my-data", "/student/my-data"), ("https://evil.example/", "/")],
    ids=["the page asked for", "a page elsewhere is ignored"],
)
def test_where_the_student_lands(protocol_app, idp_user, asked_for, lands_on):
    app = protocol_app()
    person, _ = factories.student()
    client = app.test_client()
    callback = idp_user.sign_in(start(client, asked_for), person.student_number)
    assert come_back(client, callback).headers["Location"] == lands_on


# --------------------------------------------------------------------------- state and code


def test_a_wrong_state_is_refused(protocol_app, idp_user):
    app = protocol_app()
    person, account = factories.student()
    client = app.test_client()
    callback = idp_user.sign_in(start(client), person.student_number)
    state = query_of(callback)["state"]
    forged = callback.replace(f"state={state}", "state=" + "x" * len(state))
    assert_refused(client, come_back(client, forged), FAILED_NL)
    assert Account.get_by_id(account.id).last_login_at is None


def test_a_code_brought_to_another_browser_is_refused(protocol_app, idp_user):
    """Login CSRF: an attacker's own code and state, planted in the victim's browser."""
    app = protocol_app()
    person, _ = factories.student()
    attacker = app.test_client()
    callback = idp_user.sign_in(start(attacker), person.student_number)
    victim = app.test_client()
    assert_refused(victim, come_back(victim, callback), FAILED_NL)


def test_a_replayed_callback_is_refused(protocol_app, idp_user):
    """The same browser, after signing out, opens the callback again (history, back)."""
    app = protocol_app()
    person, _ = factories.student()
    client = app.test_client()
    callback = idp_user.sign_in(start(client), person.student_number)
    assert come_back(client, callback).status_code == 303
    sign_out(client)
    assert_refused(client, come_back(client, callback), FAILED_NL)


def test_a_replayed_code_is_refused_by_the_provider(protocol_app, idp_user, caplog):
    """State, PKCE verifier and nonce of the first sign-in all come along: only the
    provider's one-time code stands between a captured callback and a second session."""
    app = protocol_app()
    person, _ = factories.student()
    client = app.test_client()
    authorize = start(client)
    with client.session_transaction() as session:
        saved = {k: v for k, v in session.items() if k.startswith("_state_")}
    assert len(saved) == 1
    callback = idp_user.sign_in(authorize, person.student_number)
    assert come_back(client, callback).status_code == 303

    thief = app.test_client()
    with thief.session_transaction() as session:
        session.update(saved)
    with caplog.at_level(logging.WARNING):
        assert_refused(thief, come_back(thief, callback), FAILED_NL)
    assert "invalid_grant" in caplog.text


# --------------------------------------------------------------------------- the ID token


@pytest.mark.parametrize(
    "defect",
    [
        "expired",
        "wrong_signature",  # signed with another key under the provider's key id
        "unsigned",  # alg "none"
        "wrong_audience",  # for another service, naming the portal in azp
        "extra_audience",  # for the portal and another service
        "wrong_issuer",
        "wrong_nonce",
        "userinfo_subject",  # the ID token holds; UserInfo is about somebody else
    ],
)
def test_an_id_token_that_does_not_hold_is_refused(protocol_app, idp_user, defect, caplog):
    app = protocol_app(defect)
    person, account = factories.student()
    client = app.test_client()
    callback = idp_user.sign_in(start(client), person.student_number)
    with caplog.at_level(logging.WARNING):
        assert_refused(client, come_back(client, callback), FAILED_NL)
    assert "refused the provider's answer" in caplog.text
    assert Account.get_by_id(account.id).last_login_at is None


def test_the_account_claim_may_come_from_userinfo(protocol_app, idp_user):
    """A provider that keeps the eduPerson claims out of the ID token: UserInfo has them."""
    app = protocol_app("claims_in_userinfo")
    person, _ = factories.student()
    client = app.test_client()
    callback = idp_user.sign_in(start(client), person.student_number)
    assert come_back(client, callback).status_code == 303
    assert signed_in(client)


def test_an_answer_from_another_issuer_is_refused(protocol_app, idp_user):
    """RFC 9207: the ``iss`` of the answer must be the provider the portal asked."""
    app = protocol_app()
    person, _ = factories.student()
    client = app.test_client()
    callback = idp_user.sign_in(start(client), person.student_number)
    assert query_of(callback)["iss"] == app.config["OIDC_ISSUER"]
    mixed = callback.replace("iss=", "iss=https%3A%2F%2Fidp.elsewhere.example&was=")
    assert_refused(client, come_back(client, mixed), FAILED_NL)


def test_cancelling_at_the_provider_says_so(protocol_app):
    app = protocol_app()
    client = app.test_client()
    user = IdentityProviderUser(REDIRECT_URI)
    callback = user.sign_in(start(client), "", action="cancel")
    assert query_of(callback)["error"] == "access_denied"
    assert_refused(client, come_back(client, callback), "Inloggen via SURFconext is geannuleerd")


def test_the_messages_are_in_english_too(protocol_app, idp_user):
    app = protocol_app()
    client = app.test_client()
    client.set_cookie("portal_lang", "en")
    response = come_back(client, idp_user.sign_in(start(client), "s7654321"))
    html = html_of(response, 403)
    assert '<html lang="en">' in html
    assert "<h1>Signing in did not succeed</h1>" in html
    assert "the Privacy Portal has no account for you" in html


# --------------------------------------------------------------------------- the set-up


def test_an_unreachable_provider_gets_a_message_not_a_500(shared_sqlite):
    from webapp import create_app

    app = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": shared_sqlite,
            "OIDC_ISSUER": "http://127.0.0.1:9",  # the discard port: nothing answers
            "OIDC_CLIENT_ID": "portal",
            "OIDC_CLIENT_SECRET": "secret",
        }
    )
    client = app.test_client()
    assert "SURFconext is nu niet bereikbaar" in html_of(client.get("/sso/login"), 503)
    callback = client.get("/sso/callback?code=abc&state=def")
    assert "SURFconext is nu niet bereikbaar" in html_of(callback, 503)


def test_a_provider_naming_another_issuer_is_not_used(protocol_app):
    app = protocol_app()
    app.config["OIDC_ISSUER"] += "/"  # the same discovery document names another issuer
    assert app.test_client().get("/sso/login").status_code == 503


def test_without_a_provider_there_is_no_sso(shared_sqlite):
    from webapp import create_app

    client = create_app({"TESTING": True, "DATABASE_URL": shared_sqlite}).test_client()
    assert client.get("/sso/login").status_code == 404
    assert client.get("/sso/callback?code=a&state=b").status_code == 404
    html = html_of(client.get("/auth/login"))
    assert "/sso/login" not in html
    assert 'name="password"' in html


def test_the_sign_in_page_offers_sso_and_passwords(protocol_app):
    app = protocol_app()
    html = html_of(app.test_client().get("/auth/login?next=/student/my-data"))
    assert "Inloggen met SURFconext" in html
    assert 'href="/sso/login?next=/student/my-data"' in html
    assert 'name="password"' in html


def test_with_passwords_off_only_sso_signs_in(protocol_app):
    app = protocol_app(LOCAL_PASSWORDS=False)
    person, _ = factories.student()
    client = app.test_client()
    page = html_of(client.get("/auth/login"))
    assert "Inloggen met SURFconext" in page
    assert 'name="password"' not in page
    form = {"username": person.student_number, "password": "demo"}
    response = client.post("/auth/login", data={**form, "csrf_token": csrf_token(client)})
    assert "Inloggen met een wachtwoord staat uit" in html_of(response, 403)
    assert not signed_in(client)
