"""Changing one's own password and an administrator changing a staff role.

Both end the account's other sessions (a changed password or role must not leave an old
browser signed in), and an administrator's actions on accounts are in the audit trail.
"""

from __future__ import annotations

import pytest

from domain.accounts import sessions
from domain.accounts.signin import password_matches
from domain.models import Account, AuditEvent, LoginAttempt
from tests.support import Portal, html_of
from webapp.auth.session import TOKEN_KEY

NEW = "correct horse battery staple"
MY_DATA = "/student/my-data"


def change(portal: Portal, current: str = "demo", new: str = NEW, repeat: str | None = None):
    return portal.post(
        "/auth/password",
        {"current_password": current, "new_password": new, "repeat_password": repeat or new},
    )


@pytest.fixture
def student(app, portal, data):
    person, account = data.student()
    assert portal.login(account.username).status_code == 303
    return account


def test_a_new_password_keeps_this_session_and_ends_the_others(app, portal, student):
    other = Portal(app.test_client())
    assert other.login(student.username).status_code == 303
    done = change(portal)
    assert done.status_code == 303 and done.headers["Location"] == "/auth/sessions"
    assert "Je wachtwoord is gewijzigd. 1 andere sessie is beëindigd." in html_of(
        portal.client.get("/auth/sessions")
    )
    assert portal.client.get(MY_DATA).status_code == 200
    assert other.client.get(MY_DATA).status_code == 302
    stored = Account.get_by_id(student.id).password_hash
    assert password_matches(stored, NEW) and not password_matches(stored, "demo")
    assert NEW not in stored  # hashed


@pytest.mark.parametrize(
    ("current", "new", "repeat", "status", "message"),
    [
        ("wrong", NEW, None, 200, "Je huidige wachtwoord klopt niet."),
        ("demo", "short", None, 422, "Kies een wachtwoord van 12 tot 200 tekens."),
        ("demo", NEW, NEW + "!", 422, "De twee nieuwe wachtwoorden zijn niet gelijk."),
        ("demo", "", None, 422, "Vul een nieuw wachtwoord in."),
    ],
    ids=["wrong current", "too short", "not repeated", "empty"],
)
def test_a_refused_change_says_why_and_changes_nothing(
    portal, student, current, new, repeat, status, message
):
    before = Account.get_by_id(student.id).password_hash
    answer = change(portal, current, new, repeat)
    assert answer.status_code == status
    assert message in answer.get_data(as_text=True)
    assert Account.get_by_id(student.id).password_hash == before
    assert portal.client.get(MY_DATA).status_code == 200


def test_the_username_is_not_a_password(portal, student, data):
    account = data.staff("desk", username="desk-with-a-long-name")
    portal.client.post("/auth/logout", data={"csrf_token": portal.token()})
    assert portal.login(account.username).status_code == 303
    answer = change(portal, new="Desk-With-A-Long-Name")
    assert answer.status_code == 422
    assert "niet je gebruikersnaam of studentnummer" in answer.get_data(as_text=True)


def test_a_wrong_current_password_counts_as_a_failed_sign_in(portal, student):
    assert change(portal, current="guess").status_code == 200
    assert LoginAttempt.select().where(LoginAttempt.username == student.username).count() == 1


def test_guessing_the_current_password_is_rate_limited(app, portal, student):
    app.config["LOGIN_MAX_FAILURES_PER_CLIENT"] = 2
    answers = [change(portal, current=f"guess {n}").status_code for n in range(4)]
    assert answers[-1] == 429
    assert change(portal).status_code == 429  # even the right one, until the window ends


def test_an_sso_account_has_no_password_here(portal, data):
    account = data.staff("desk", username="sso-desk")
    account.password_hash = None
    account.save()
    token = sessions.start(account, "test", "127.0.0.1")
    with portal.client.session_transaction() as session:
        session[TOKEN_KEY] = token
    page = html_of(portal.client.get("/auth/password"))
    assert "wachtwoord bij je universiteit" in page and "current_password" not in page
    assert change(portal).status_code == 403


def test_signed_out_there_is_no_password_page(client):
    assert client.get("/auth/password").status_code == 302


# --------------------------------------------------------------------------- roles


@pytest.fixture
def admin(app, data):
    data.staff("admin", username="admin-user")
    portal = Portal(app.test_client())
    assert portal.login("admin-user").status_code == 303
    return portal


def test_an_administrator_gives_a_staff_account_another_role(app, admin, data):
    desk_account = data.staff("desk", username="desk-user")
    desk = Portal(app.test_client())
    desk.login("desk-user")
    page = html_of(admin.client.get("/admin/accounts?username=desk-user"))
    assert 'name="role"' in page
    done = admin.post(f"/admin/accounts/{desk_account.id}/role", {"role": "disclosure"})
    assert done.status_code == 303
    assert Account.get_by_id(desk_account.id).role == "disclosure"
    assert desk.client.get("/").status_code == 302  # signs in again, with the new role
    event = AuditEvent.get(AuditEvent.action == "change:role")
    assert event.actor_id == Account.get(Account.username == "admin-user").id
    assert event.detail == "desk-user: desk -> disclosure"


def test_no_role_for_a_student_own_account_or_unknown_role(admin, data):
    _, student = data.student()
    me = Account.get(Account.username == "admin-user")
    desk_account = data.staff("desk", username="desk-user")
    assert admin.post(f"/admin/accounts/{student.id}/role", {"role": "admin"}).status_code == 404
    assert admin.post(f"/admin/accounts/{me.id}/role", {"role": "desk"}).status_code == 404
    refused = admin.post(f"/admin/accounts/{desk_account.id}/role", {"role": "student"})
    assert refused.status_code == 422
    assert Account.get_by_id(student.id).role == "student"
    assert Account.get_by_id(desk_account.id).role == "desk"
    assert not AuditEvent.select().where(AuditEvent.action == "change:role").exists()


def test_only_an_administrator_changes_roles(app, data):
    data.staff("desk", username="desk-user")
    target = data.staff("disclosure", username="disclosure-user")
    desk = Portal(app.test_client())
    desk.login("desk-user")
    assert desk.post(f"/admin/accounts/{target.id}/role", {"role": "admin"}).status_code == 403
    assert Account.get_by_id(target.id).role == "disclosure"


def test_ending_a_students_sessions_is_in_their_audit_trail(admin, data):
    person, account = data.student()
    assert admin.post(f"/admin/accounts/{account.id}/end-sessions").status_code == 303
    event = AuditEvent.get(AuditEvent.action == "end:sessions")
    assert event.person_id == person.id and event.detail == account.username
