"""Guessing passwords (issue 11 §4): strict per (account, client), growing delays per account.

Time is given explicitly (``now``), never slept. On SQLite and PostgreSQL.
"""

from __future__ import annotations

import datetime as dt

import pytest

from domain.accounts.signin import RateLimit, SignInOutcome, authenticate
from domain.core.db import utcnow
from domain.mail.vocabulary import SIGN_IN_FAILURES
from domain.models import OutboxMail

LIMIT = RateLimit(
    per_client=5, per_ip=1000, window=dt.timedelta(minutes=15), delay_after=10, notify_after=12
)


@pytest.fixture
def student(data):
    person, account = data.student(private_email=None)
    return person, account


def attempt(username, password, ip, now):
    return authenticate(username, password, ip, LIMIT, allow_demo_password=True, now=now)


def test_one_client_is_stopped_but_the_owner_elsewhere_signs_in(student):
    _, account = student
    now = utcnow()
    for _ in range(5):
        assert attempt(account.username, "wrong", "198.51.100.9", now).outcome is (
            SignInOutcome.REFUSED
        )
    guesser = attempt(account.username, "demo", "198.51.100.9", now)
    assert guesser.outcome is SignInOutcome.RATE_LIMITED  # even the right password
    owner = attempt(account.username, "demo", "192.0.2.1", now)
    assert owner.outcome is SignInOutcome.OK


def test_many_clients_meet_growing_delays_not_a_lock(student):
    _, account = student
    now = utcnow()
    for n in range(10):  # ten addresses, one failure each: no client reaches its limit
        assert attempt(account.username, "wrong", f"203.0.113.{n}", now).outcome is (
            SignInOutcome.REFUSED
        )
    waiting = attempt(account.username, "demo", "192.0.2.1", now)
    assert waiting.outcome is SignInOutcome.DELAYED
    assert waiting.retry_after == dt.timedelta(seconds=1)
    later = now + dt.timedelta(seconds=1)
    assert attempt(account.username, "wrong", "203.0.113.50", later).outcome is (
        SignInOutcome.REFUSED
    )
    # Eleven failures: the next try waits twice as long after the last one.
    assert attempt(
        account.username, "demo", "192.0.2.1", later + dt.timedelta(seconds=1)
    ).outcome is (SignInOutcome.DELAYED)
    done = attempt(account.username, "demo", "192.0.2.1", later + dt.timedelta(seconds=2))
    assert done.outcome is SignInOutcome.OK


def test_the_delay_grows_and_is_capped():
    assert [LIMIT.wait_after(n).total_seconds() for n in (9, 10, 11, 12, 13)] == [0, 1, 2, 4, 8]
    assert LIMIT.wait_after(40) == dt.timedelta(minutes=15)


def test_the_owner_is_told_once_by_mail(student):
    person, account = student
    now = utcnow()
    for n in range(15):
        attempt(account.username, "wrong", f"203.0.113.{n}", now + dt.timedelta(minutes=n))
    mails = list(OutboxMail.select().where(OutboxMail.kind == SIGN_IN_FAILURES))
    assert len(mails) == 1
    assert mails[0].recipient == person.university_email
    assert mails[0].person_id == person.id
    assert "12 keer" in mails[0].body and "12 times" in mails[0].body


def test_an_unknown_username_mails_nobody(data):
    now = utcnow()
    for n in range(15):
        attempt("nobody", "wrong", f"203.0.113.{n}", now + dt.timedelta(minutes=n))
    assert not OutboxMail.select().exists()


def test_the_sign_in_page_says_how_long_to_wait(app, portal, student):
    _, account = student
    app.config["LOGIN_DELAY_AFTER_FAILURES"] = 2
    from domain.models import LoginAttempt

    for n in range(2):
        LoginAttempt.create(username=account.username, ip_address=f"203.0.113.{n}")
    response = portal.login(account.username)
    assert response.status_code == 429
    assert response.headers["Retry-After"] == "1"
    assert "Wacht 1 seconde" in response.get_data(as_text=True)
