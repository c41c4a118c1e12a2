"""Sign-in codes by e-mail: one live code, hashed, 10 minutes, 5 attempts, limited sends."""

from __future__ import annotations

import datetime as dt
import re

from domain.accounts import codes
from domain.accounts.codes import CodeLimits, RequestOutcome
from domain.models import OutboxMail, SignInCode, SignInCodeRequest
from domain.register import BY_MODEL, RULES
from domain.retention import engine

KEY = "test-secret"
NOW = dt.datetime(2026, 11, 23, 10, 0)
LIMITS = CodeLimits()


def former(data, email="former@example.org"):
    person, account = data.student(private_email=email)
    account.is_active = False
    account.save()
    return person, account


def sent_code(person) -> str:
    mail = (
        OutboxMail.select()
        .where(OutboxMail.person == person.id)
        .order_by(OutboxMail.id.desc())
        .first()
    )
    return re.search(r"\b(\d{6})\b", mail.body).group(1)


def test_a_code_goes_to_the_private_address_and_only_its_hash_is_kept(db, data):
    person, account = former(data)
    assert codes.request_code(person.student_number, "10.0.0.1", KEY, LIMITS, now=NOW) is (
        RequestOutcome.ANSWERED
    )
    mail = OutboxMail.get(OutboxMail.person == person.id)
    assert mail.recipient == "former@example.org" and mail.kind == "sign_in_code"
    code = sent_code(person)
    row = SignInCode.get(SignInCode.account == account.id)
    assert code not in row.code_hash
    assert row.code_hash == codes.code_hash(code, account.id, KEY)
    assert row.expires_at == NOW + dt.timedelta(minutes=10)


def test_the_good_code_signs_in_once(db, data):
    person, account = former(data)
    codes.request_code("FORMER@example.org ", "10.0.0.1", KEY, LIMITS, now=NOW)
    code = sent_code(person)
    found = codes.verify_code(person.student_number, code, KEY, LIMITS, now=NOW)
    assert found is not None and found.id == account.id
    assert codes.verify_code(person.student_number, code, KEY, LIMITS, now=NOW) is None


def test_five_wrong_codes_kill_the_code(db, data):
    person, _ = former(data)
    codes.request_code(person.student_number, "10.0.0.1", KEY, LIMITS, now=NOW)
    code = sent_code(person)
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    for _ in range(5):
        assert codes.verify_code(person.student_number, wrong, KEY, LIMITS, now=NOW) is None
    assert codes.verify_code(person.student_number, code, KEY, LIMITS, now=NOW) is None
    assert SignInCode.get().attempts == 5  # a dead code counts no more tries


def test_four_wrong_codes_leave_the_fifth_try(db, data):
    person, _ = former(data)
    codes.request_code(person.student_number, "10.0.0.1", KEY, LIMITS, now=NOW)
    code = sent_code(person)
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    for _ in range(4):
        codes.verify_code(person.student_number, wrong, KEY, LIMITS, now=NOW)
    assert codes.verify_code(person.student_number, code, KEY, LIMITS, now=NOW) is not None


def test_a_code_expires_after_ten_minutes(db, data):
    person, _ = former(data)
    codes.request_code(person.student_number, "10.0.0.1", KEY, LIMITS, now=NOW)
    code = sent_code(person)
    late = NOW + dt.timedelta(minutes=10)
    assert codes.verify_code(person.student_number, code, KEY, LIMITS, now=late) is None
    just = NOW + dt.timedelta(minutes=9, seconds=59)
    assert codes.verify_code(person.student_number, code, KEY, LIMITS, now=just) is not None


def test_a_second_request_replaces_the_first_code(db, data):
    person, account = former(data)
    codes.request_code(person.student_number, "10.0.0.1", KEY, LIMITS, now=NOW)
    first = sent_code(person)
    codes.request_code(person.student_number, "10.0.0.1", KEY, LIMITS, now=NOW)
    second = sent_code(person)
    assert SignInCode.select().where(SignInCode.account == account.id).count() == 1
    if first != second:  # one in a million they are the same
        assert codes.verify_code(person.student_number, first, KEY, LIMITS, now=NOW) is None
    assert codes.verify_code(person.student_number, second, KEY, LIMITS, now=NOW) is not None


def test_unknown_names_get_the_same_answer_and_no_mail(db, data):
    former(data)
    staff = data.staff("desk")
    for name in ("s9999999", "nobody@example.org", staff.username):
        assert codes.request_code(name, "10.0.0.1", KEY, LIMITS, now=NOW) is (
            RequestOutcome.ANSWERED
        )
    assert not OutboxMail.select().exists()
    assert SignInCodeRequest.select().count() == 3  # still counted against the client


def test_sends_are_limited_per_address_without_a_different_answer(db, data):
    person, _ = former(data)
    limits = CodeLimits(per_address=3, per_ip=100)
    for i in range(5):
        outcome = codes.request_code(person.student_number, f"10.0.0.{i}", KEY, limits, now=NOW)
        assert outcome is RequestOutcome.ANSWERED
    assert OutboxMail.select().count() == 3
    later = NOW + limits.window
    codes.request_code(person.student_number, "10.0.0.9", KEY, limits, now=later)
    assert OutboxMail.select().count() == 4


def test_requests_are_limited_per_client(db, data):
    person, _ = former(data)
    limits = CodeLimits(per_address=100, per_ip=2)
    assert (
        codes.request_code("s9999999", "10.0.0.1", KEY, limits, now=NOW) is RequestOutcome.ANSWERED
    )
    assert (
        codes.request_code("s9999998", "10.0.0.1", KEY, limits, now=NOW) is RequestOutcome.ANSWERED
    )
    refused = codes.request_code(person.student_number, "10.0.0.1", KEY, limits, now=NOW)
    assert refused is RequestOutcome.RATE_LIMITED
    assert not OutboxMail.select().exists()
    other = codes.request_code(person.student_number, "10.0.0.2", KEY, limits, now=NOW)
    assert other is RequestOutcome.ANSWERED and OutboxMail.select().count() == 1


def test_the_register_deletes_codes_and_requests_a_day_after(db, data):
    assert BY_MODEL[SignInCode].fields and BY_MODEL[SignInCodeRequest].fields
    assert RULES["sign_in_codes"].in_words("en").startswith("Delete 1 day")
    person, _ = former(data)
    old = dt.datetime(2026, 3, 8, 9, 0)
    codes.request_code(person.student_number, "10.0.0.1", KEY, LIMITS, now=old)
    assert SignInCode.select().exists() and SignInCodeRequest.select().exists()
    assert engine.run(dt.date(2026, 3, 10), pseudonym_key="k").outcome == "succeeded"
    assert not SignInCode.select().exists()
    assert not SignInCodeRequest.select().exists()
