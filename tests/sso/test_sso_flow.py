"""Signing in through a real OpenID Provider (oidc-provider under Node), on both databases.

The portal runs under Flask's test client; the user's browser at the provider is a
``requests`` session (tests/sso/support.py). Who signs in is the portal's own account
table: these tests cover the accounts found, refused and recorded. The refusals of the
protocol itself (state, code, ID token) are in test_sso_protocol.py.
"""

from __future__ import annotations

from domain.accounts.roles import DESK, STUDENT
from domain.models import Account, LoginAttempt
from tests import factories
from tests.sso.support import (
    SCOPE,
    UNKNOWN_NL,
    assert_refused,
    come_back,
    query_of,
    signed_in,
    start,
)
from tests.support import html_of


def test_a_student_signs_in(sso_app, idp_user):
    app = sso_app()
    person, account = factories.student()
    client = app.test_client()

    authorize = start(client)
    asked = query_of(authorize)
    assert authorize.startswith(app.config["OIDC_ISSUER"] + "/auth?")
    assert asked["response_type"] == "code"
    assert asked["scope"] == "openid"
    assert asked["code_challenge_method"] == "S256" and len(asked["code_challenge"]) >= 43
    assert asked["state"] and asked["nonce"] and asked["state"] != asked["nonce"]
    assert asked["redirect_uri"] == "http://localhost/sso/callback"

    response = come_back(client, idp_user.sign_in(authorize, person.student_number))
    assert response.status_code == 303
    assert response.headers["Location"] == "/"
    home = html_of(client.get("/student/"))
    assert person.first_name in home
    signed = Account.get_by_id(account.id)
    assert signed.last_login_at is not None
    assert signed.role == STUDENT


def test_staff_get_their_role_from_the_portal_not_the_provider(sso_app, idp_user):
    """The provider says "student" (eduperson_affiliation); the portal's table says desk."""
    app = sso_app()
    desk = factories.staff(DESK, username="jjansen")
    client = app.test_client()
    response = come_back(client, idp_user.sign_in(start(client), "jjansen"))
    assert response.status_code == 303
    assert client.get("/desk/").status_code == 200
    assert client.get("/student/").status_code == 403
    assert Account.get_by_id(desk.id).role == DESK


def test_the_student_number_can_come_from_the_schac_code(sso_app, idp_user):
    app = sso_app(OIDC_ACCOUNT_CLAIM="schac_personal_unique_code")
    person, _ = factories.student()
    client = app.test_client()
    response = come_back(client, idp_user.sign_in(start(client), person.student_number))
    assert response.status_code == 303
    assert signed_in(client)


def test_an_unknown_user_gets_a_clear_message_not_an_account(sso_app, idp_user):
    app = sso_app()
    factories.student()
    before = Account.select().count()
    client = app.test_client()
    response = come_back(client, idp_user.sign_in(start(client), "s7654321"))
    html = assert_refused(client, response, UNKNOWN_NL, status=403)
    assert f"s7654321@{SCOPE}" in html
    assert Account.select().count() == before
    # Recorded as a failed password sign-in is: by the name given, with the address.
    attempt = LoginAttempt.get(LoginAttempt.username == f"s7654321@{SCOPE}")
    assert attempt.ip_address == "127.0.0.1"


def test_a_user_of_another_institution_is_not_our_student(sso_app, idp_user):
    app = sso_app()
    person, account = factories.student()
    client = app.test_client()
    other = f"{person.student_number}@elders.example"
    response = come_back(client, idp_user.sign_in(start(client), other))
    assert_refused(client, response, UNKNOWN_NL, status=403)
    assert Account.get_by_id(account.id).last_login_at is None


def test_an_ended_account_does_not_sign_in(sso_app, idp_user):
    app = sso_app()
    person, account = factories.student()
    Account.update(is_active=False).where(Account.id == account.id).execute()
    client = app.test_client()
    response = come_back(client, idp_user.sign_in(start(client), person.student_number))
    assert_refused(client, response, UNKNOWN_NL, status=403)
    assert Account.get_by_id(account.id).last_login_at is None
