"""Server-side sessions: sign-out, "sign out everywhere", timeouts and rotation end them.

A replayed cookie (copied before the session ended) must not show My data nor record
a consent choice, on SQLite and PostgreSQL.
"""

from __future__ import annotations

import datetime as dt

import pytest

from domain.accounts import sessions
from domain.consent import parties
from domain.consent.vocabulary import GIVEN
from domain.core.db import utcnow
from domain.models import ConsentEvent, SignInSession
from tests.support import Portal, html_of

COOKIE = "session"
MY_DATA = "/student/my-data/contact"


@pytest.fixture
def student(portal, data):
    parties.ensure_parties()
    person, account = data.student(private_email="anna.private@example.org")
    assert portal.login(account.username).status_code == 303
    return person, account


def copy_of(portal: Portal) -> tuple[str, str]:
    """The session cookie and a CSRF token of it, as an attacker would copy them."""
    token = portal.token()  # first: fetching it may put a CSRF secret into the cookie
    return portal.client.get_cookie(COOKIE).value, token


def replay(portal: Portal, cookie: str, token: str):
    """Send the copied cookie again: My data, then a consent choice with its own token."""
    portal.client.set_cookie(COOKIE, cookie)
    page = portal.client.get(MY_DATA)
    portal.client.set_cookie(COOKIE, cookie)
    key = "kivi"
    version = parties.current_version(parties.party_by_key(key).id).id
    choice = portal.client.post(
        f"/student/consent/{key}",
        data={"decision": GIVEN, "version": version, "csrf_token": token},
    )
    return page, choice


def assert_refused(page, choice, person) -> None:
    assert page.status_code == 302 and "/auth/login" in page.headers["Location"]
    assert "anna.private@example.org" not in page.get_data(as_text=True)
    assert choice.status_code == 302 and "/auth/login" in choice.headers["Location"]
    assert not ConsentEvent.select().where(ConsentEvent.person == person.id).exists()


def test_the_copied_cookie_works_while_the_session_lives(portal, student):
    """The replay itself works before sign-out: the tests below fail for the right reason."""
    person, _ = student
    cookie, token = copy_of(portal)
    page, choice = replay(portal, cookie, token)
    assert "anna.private@example.org" in html_of(page)
    assert choice.status_code in (200, 303)
    assert ConsentEvent.select().where(ConsentEvent.person == person.id).exists()


def test_replay_after_sign_out_is_refused(portal, student):
    person, _ = student
    cookie, token = copy_of(portal)
    assert portal.post("/auth/logout").status_code == 303
    assert_refused(*replay(portal, cookie, token), person)
    assert SignInSession.select().count() == 0


def test_replay_after_sign_out_everywhere_is_refused(app, portal, student):
    person, account = student
    other = Portal(app.test_client())
    assert other.login(account.username).status_code == 303
    cookie, token = copy_of(portal)
    assert other.post("/auth/sessions/end-all").status_code == 303
    assert_refused(*replay(portal, cookie, token), person)
    assert other.client.get(MY_DATA).status_code == 302
    assert SignInSession.select().count() == 0


def test_idle_session_ends(app, portal, student):
    person, _ = student
    cookie, token = copy_of(portal)
    idle = app.config["SESSION_IDLE_MINUTES"]
    SignInSession.update(last_seen_at=utcnow() - dt.timedelta(minutes=idle, seconds=1)).execute()
    assert_refused(*replay(portal, cookie, token), person)


def test_session_in_use_stays_until_its_lifetime(app, portal, student):
    person, _ = student
    cookie, token = copy_of(portal)
    hours = app.config["SESSION_MAX_HOURS"]
    started = utcnow() - dt.timedelta(hours=hours) + dt.timedelta(minutes=1)
    SignInSession.update(started_at=started).execute()
    assert "anna.private@example.org" in html_of(portal.client.get(MY_DATA))
    SignInSession.update(started_at=started - dt.timedelta(minutes=2)).execute()
    assert_refused(*replay(portal, cookie, token), person)


def test_sign_in_rotates_the_session(portal, data, student):
    """A cookie planted before sign-in (session fixation) never becomes a signed-in one."""
    _, account = student
    first = SignInSession.get().token_hash
    portal.post("/auth/logout")
    planted, _ = copy_of(portal)
    assert portal.login(account.username).status_code == 303
    assert portal.client.get_cookie(COOKIE).value != planted
    assert [s.token_hash for s in SignInSession.select()] != [first]
    assert SignInSession.select().count() == 1
    portal.client.set_cookie(COOKIE, planted)
    assert portal.client.get("/student/").status_code == 302


def test_the_student_sees_and_ends_their_sessions(app, portal, student):
    person, account = student
    phone = Portal(app.test_client())
    phone.client.environ_base["HTTP_USER_AGENT"] = (
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Version/17.0 Mobile Safari/604.1"
    )
    assert phone.login(account.username).status_code == 303
    page = html_of(portal.client.get("/auth/sessions"))
    assert page.count("<h1") == 1
    assert "Safari op iPhone" in page
    assert "deze browser" in page
    phone_session = SignInSession.get(SignInSession.device.contains("iPhone"))
    ended = portal.post(f"/auth/sessions/{phone_session.id}/end")
    assert ended.status_code == 303 and ended.headers["Location"] == "/auth/sessions"
    assert phone.client.get(MY_DATA).status_code == 302
    assert "Safari op iPhone" not in html_of(portal.client.get("/auth/sessions"))
    assert "anna.private@example.org" in html_of(portal.client.get(MY_DATA))


def test_ending_a_session_with_htmx_returns_the_list(app, portal, student):
    _, account = student
    other = Portal(app.test_client())
    other.login(account.username)
    theirs = SignInSession.select().order_by(SignInSession.id.desc()).get()
    response = portal.post(f"/auth/sessions/{theirs.id}/end", htmx=True)
    html = html_of(response)
    assert html.startswith('\n<section id="session-list"') or 'id="session-list"' in html[:200]
    assert f'id="session-{theirs.id}"' not in html
    assert "<h1" not in html


def test_nobody_ends_another_accounts_session(app, portal, data, student):
    _, other_account = data.student()
    theirs = Portal(app.test_client())
    theirs.login(other_account.username)
    their_session = SignInSession.get(SignInSession.account == other_account.id)
    portal.post(f"/auth/sessions/{their_session.id}/end")
    assert theirs.client.get("/student/").status_code == 200


def test_ending_ones_own_session_signs_out(portal, student):
    own = SignInSession.get()
    response = portal.post(f"/auth/sessions/{own.id}/end")
    assert response.headers["Location"] == "/auth/login"
    assert portal.client.get(MY_DATA).status_code == 302


def test_role_and_password_change_end_the_sessions(app, portal, data, student):
    _, account = student
    staff = data.staff("desk", username="desk-user")
    desk = Portal(app.test_client())
    desk.login("desk-user")
    assert sessions.change_password(account.id, "new hash") == 1
    assert portal.client.get(MY_DATA).status_code == 302
    assert sessions.change_role(staff.id, "admin") == 1
    assert desk.client.get("/").status_code == 302


def test_an_administrator_ends_a_users_sessions(app, portal, data, student):
    person, account = student
    admin = Portal(app.test_client())
    data.staff("admin", username="admin-user")
    admin.login("admin-user")
    page = html_of(admin.client.get(f"/admin/accounts?username={account.username}"))
    assert "Alle sessies van dit account beëindigen" in page
    done = admin.post(f"/admin/accounts/{account.id}/end-sessions")
    assert done.status_code == 303
    assert "1 sessie van" in html_of(admin.client.get(done.headers["Location"]))
    assert portal.client.get(MY_DATA).status_code == 302
    assert admin.client.get("/").status_code == 200  # the administrator's own stays


def test_only_an_administrator_ends_sessions(app, portal, data, student):
    _, account = student
    desk = Portal(app.test_client())
    data.staff("desk", username="desk-user")
    desk.login("desk-user")
    assert desk.post(f"/admin/accounts/{account.id}/end-sessions").status_code == 403
    assert html_of(portal.client.get(MY_DATA))
