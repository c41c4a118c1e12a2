"""Former students sign in with a code by e-mail, without JavaScript, and see My data."""

from __future__ import annotations

import re

import pytest

from domain.models import OutboxMail, SignInCode, SignInSession
from tests.support import html_of
from webapp.i18n import COOKIE

MY_DATA = "/student/my-data/contact"
SAME_ANSWER = "If we know you, we have sent a code"


@pytest.fixture(autouse=True)
def english(portal):
    """The pages in English: the texts asserted do not wait for the Dutch catalogue."""
    portal.client.set_cookie(COOKIE, "en")


@pytest.fixture
def former(data):
    person, account = data.student(private_email="former@example.org")
    account.is_active = False
    account.save()
    return person, account


def ask(portal, identifier: str):
    return portal.post("/auth/code", {"identifier": identifier}, follow_redirects=True)


def enter(portal, code: str):
    return portal.post("/auth/code/enter", {"code": code})


def the_code(person) -> str:
    mail = OutboxMail.select().where(OutboxMail.person == person.id).order_by(OutboxMail.id.desc())
    return re.search(r"\b(\d{6})\b", mail.first().body).group(1)


def test_the_sign_in_page_links_to_the_code_page(portal):
    page = html_of(portal.client.get("/auth/login"))
    assert 'href="/auth/code"' in page
    form = html_of(portal.client.get("/auth/code"))
    assert form.count("<h1") == 1 and 'for="identifier"' in form


def test_a_former_student_signs_in_with_the_code_and_sees_my_data(portal, former):
    person, account = former
    assert portal.login(person.student_number).status_code == 200  # the password: refused
    assert SAME_ANSWER in html_of(ask(portal, person.student_number))
    mail = OutboxMail.get(OutboxMail.person == person.id)
    assert mail.recipient == "former@example.org"
    response = enter(portal, the_code(person))
    assert response.status_code == 303
    assert SignInSession.get(SignInSession.account == account.id).by_code
    page = html_of(portal.client.get(MY_DATA))
    assert "former@example.org" in page


def test_a_password_session_from_before_the_end_stays_shut(portal, data):
    """Only a session started with a code admits an ended account."""
    person, account = data.student(private_email="late@example.org")
    assert portal.login(person.student_number).status_code == 303
    account.is_active = False
    account.save()
    assert portal.client.get(MY_DATA).status_code == 302  # the password session: ended


def test_an_active_student_may_use_a_code_too(portal, data):
    person, _ = data.student(private_email="active@example.org")
    ask(portal, "Active@Example.org")
    assert enter(portal, the_code(person)).status_code == 303
    assert "active@example.org" in html_of(portal.client.get(MY_DATA))


def test_five_wrong_codes_kill_the_code(portal, former):
    person, _ = former
    ask(portal, person.student_number)
    code = the_code(person)
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    for _ in range(5):
        page = html_of(enter(portal, wrong))
        assert "The code is not correct" in page
    assert SignInCode.get().attempts == 5
    assert enter(portal, code).status_code == 200
    assert portal.client.get(MY_DATA).status_code == 302


def test_an_expired_code_does_not_sign_in(portal, former):
    person, _ = former
    ask(portal, person.student_number)
    SignInCode.update(expires_at=SignInCode.created_at).execute()
    assert "The code is not correct" in html_of(enter(portal, the_code(person)))


def test_a_second_request_replaces_the_first(portal, former):
    person, _ = former
    ask(portal, person.student_number)
    first = the_code(person)
    ask(portal, person.student_number)
    second = the_code(person)
    assert SignInCode.select().count() == 1
    if first != second:
        assert enter(portal, first).status_code == 200
    assert enter(portal, second).status_code == 303


def test_an_unknown_name_gets_the_same_answer(portal, former):
    known = html_of(ask(portal, former[0].student_number))
    unknown = html_of(ask(portal, "s0000000"))
    strip = re.compile(r'name="csrf_token"[^>]*|"X-CSRFToken": "[^"]+"|nonce="[^"]+"')
    assert strip.sub("", known) == strip.sub("", unknown)
    assert OutboxMail.select().count() == 1
    assert enter(portal, "123456").status_code == 200


def test_sends_are_limited_per_address_and_per_client(app, portal, former):
    person, _ = former
    app.config.update(CODE_SENDS_PER_ADDRESS=2, CODE_SENDS_PER_IP=4)
    for _ in range(3):
        assert SAME_ANSWER in html_of(ask(portal, person.student_number))
    assert OutboxMail.select().count() == 2  # the third: the same answer, no mail
    assert SAME_ANSWER in html_of(ask(portal, "s0000000"))
    refused = portal.post("/auth/code", {"identifier": "s0000001"})
    assert refused.status_code == 429 and "Too many codes" in html_of(refused, 429)


def test_step_two_without_step_one_goes_back(portal):
    response = portal.client.get("/auth/code/enter")
    assert response.status_code == 302 and response.headers["Location"].endswith("/auth/code")


def test_a_malformed_code_is_a_field_error(portal, former):
    ask(portal, former[0].student_number)
    assert "The code has 6 digits" in html_of(enter(portal, "12ab"), 422)
    assert SignInCode.get().attempts == 0
