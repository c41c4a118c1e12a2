"""Which account a provider's claims name (domain/accounts/sso.py): pure rules, then the DB."""

from __future__ import annotations

import datetime as dt

import pytest

from domain.accounts.sso import (
    ClaimRule,
    SsoOutcome,
    account_keys,
    identifier,
    sign_in,
    username_from,
)
from domain.models import Account, LoginAttempt
from tests import factories

SCOPE = "universiteit.example"
URN = "urn:schac:personalUniqueCode:nl:local:{scope}:studentid:{code}"


@pytest.mark.parametrize(
    "value, scope, expected",
    [
        ("s1234567@universiteit.example", SCOPE, "s1234567"),
        ("S1234567@Universiteit.Example", SCOPE, "s1234567"),
        ("  jjansen@universiteit.example ", SCOPE, "jjansen"),
        (URN.format(scope=SCOPE, code="s1234567"), SCOPE, "s1234567"),
        ("urn:SCHAC:personalUniqueCode:nl:local:UNIVERSITEIT.example:employeeid:X9", SCOPE, "x9"),
        # Another institution in the federation: never our account of the same name.
        ("s1234567@elders.example", SCOPE, None),
        ("s1234567@sub.universiteit.example", SCOPE, None),
        (URN.format(scope="elders.example", code="s1234567"), SCOPE, None),
        # A bare value cannot show where it is from: only without a configured scope.
        ("s1234567", SCOPE, None),
        ("s1234567", "", "s1234567"),
        ("s1234567@universiteit.example", "", None),
        (URN.format(scope=SCOPE, code="s1234567"), "", None),
        # Not a username at all.
        ("", SCOPE, None),
        ("@universiteit.example", SCOPE, None),
        ("a@b@universiteit.example", SCOPE, None),
        ("s1234567\x00@universiteit.example", SCOPE, None),
        ("s12\n34567@universiteit.example", SCOPE, None),
        ("x" * 101 + "@universiteit.example", SCOPE, None),
        ("urn:schac:personalUniqueCode:nl", SCOPE, None),
        (1234567, "", None),
        (None, "", None),
        (["s1234567"], "", None),
    ],
)
def test_a_claim_value_as_a_username(value, scope, expected):
    assert username_from(value, scope) == expected


def test_multi_valued_claims_give_each_username_once_in_order():
    claims = {
        "schac_personal_unique_code": [
            URN.format(scope="elders.example", code="s1"),
            URN.format(scope=SCOPE, code="s2"),
            URN.format(scope=SCOPE, code="S2"),
            URN.format(scope=SCOPE, code="e3"),
        ]
    }
    rule = ClaimRule("schac_personal_unique_code", SCOPE)
    assert account_keys(claims, rule) == ("s2", "e3")


def test_a_missing_claim_names_nobody_and_is_recorded_by_subject():
    rule = ClaimRule("eduperson_principal_name", SCOPE)
    assert account_keys({"sub": "abc"}, rule) == ()
    assert identifier({"sub": "abc"}, rule) == "abc"
    assert identifier({"eduperson_principal_name": ["", "x@y"]}, rule) == "x@y"
    assert identifier({}, rule) == "?"


RULE = ClaimRule("eduperson_principal_name", SCOPE)
NOW = dt.datetime(2026, 3, 1, 9, 30)


def test_the_active_account_signs_in_and_the_time_is_kept(db):
    person, account = factories.student()
    claims = {"sub": "x", "eduperson_principal_name": f"{person.student_number}@{SCOPE}"}
    result = sign_in(claims, RULE, "192.0.2.1", now=NOW)
    assert result.outcome is SsoOutcome.OK
    assert result.account.id == account.id
    assert Account.get_by_id(account.id).last_login_at == NOW
    assert LoginAttempt.select().count() == 0


def test_no_account_is_a_recorded_refusal_and_makes_none(db):
    factories.student()
    before = Account.select().count()
    claims = {"sub": "x", "eduperson_principal_name": f"S7654321@{SCOPE}"}
    result = sign_in(claims, RULE, "192.0.2.1", now=NOW)
    assert result.outcome is SsoOutcome.UNKNOWN
    assert result.account is None
    assert result.identifier == f"S7654321@{SCOPE}"
    assert Account.select().count() == before
    attempt = LoginAttempt.get()
    assert (attempt.username, attempt.ip_address, attempt.attempted_at) == (
        f"s7654321@{SCOPE}",
        "192.0.2.1",
        NOW,
    )


def test_an_ended_account_is_refused(db):
    person, account = factories.student()
    Account.update(is_active=False).where(Account.id == account.id).execute()
    claims = {"eduperson_principal_name": f"{person.student_number}@{SCOPE}", "sub": "x"}
    assert sign_in(claims, RULE, "192.0.2.1", now=NOW).outcome is SsoOutcome.UNKNOWN


def test_claims_naming_two_accounts_sign_in_neither(db):
    """A student assistant's codes name a student and a staff account: refuse, never pick."""
    person, student = factories.student()
    staff = factories.staff("desk", username="e3")
    rule = ClaimRule("schac_personal_unique_code", SCOPE)
    claims = {
        "sub": "x",
        "schac_personal_unique_code": [
            URN.format(scope=SCOPE, code=person.student_number),
            URN.format(scope=SCOPE, code="e3"),
        ],
    }
    assert sign_in(claims, rule, "192.0.2.1", now=NOW).outcome is SsoOutcome.UNKNOWN
    assert Account.get_by_id(student.id).last_login_at is None
    assert Account.get_by_id(staff.id).last_login_at is None


def test_a_long_name_or_address_still_fits_the_record(db):
    claims = {"sub": "y" * 300}
    result = sign_in(claims, RULE, "2001:db8::" + "f" * 60, now=NOW)
    assert result.outcome is SsoOutcome.UNKNOWN
    attempt = LoginAttempt.get()
    assert len(attempt.username) == 100 and len(attempt.ip_address) == 45
