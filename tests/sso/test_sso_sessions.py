"""Signing in through the provider starts a server-side session, as a password does."""

from __future__ import annotations

from domain.models import SignInSession
from tests import factories
from tests.sso.support import come_back, start
from tests.support import Portal, html_of


def test_sso_sign_in_starts_a_session_that_sign_out_ends(sso_app, idp_user):
    app = sso_app()
    person, account = factories.student()
    client = app.test_client()
    response = come_back(client, idp_user.sign_in(start(client), person.student_number))
    assert response.status_code == 303
    assert [s.account_id for s in SignInSession.select()] == [account.id]
    cookie = client.get_cookie("session").value
    assert person.first_name in html_of(client.get("/student/"))

    assert Portal(client).post("/auth/logout").status_code == 303
    assert SignInSession.select().count() == 0
    client.set_cookie("session", cookie)
    assert client.get("/student/").status_code == 302
