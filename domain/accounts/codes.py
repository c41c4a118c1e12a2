"""Signing in with a one-time code by e-mail, for students whose account has ended.

A former student names themselves by student number or private e-mail address; a code of
six digits goes to the private address on file (through the outbox). The answer is the
same whether or not anyone was found, and whether or not a mail went out.

- one live code per account: a new code replaces the old row;
- only an HMAC of the code is kept (keyed with the application's secret), compared in
  constant time; the code is valid ``CodeLimits.valid`` and dies after ``attempts`` wrong
  tries, counted on its row;
- sends are limited per account (the address) and per client address, over ``window``;
  a request over the account's limit sends nothing but answers the same.

A code sign-in admits student accounts only, active or ended, and the session it starts
is marked ``by_code``: that mark lets an ended account in, for that session only
(``domain.accounts.sessions.find``). Password and SSO sign-in still refuse ended accounts.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from enum import Enum

from peewee import fn

from domain.accounts.roles import STUDENT
from domain.core.db import utcnow, writing
from domain.core.text import Text
from domain.mail import outbox
from domain.mail.vocabulary import SIGN_IN_CODE
from domain.models import Account, Person, SignInCode, SignInCodeRequest

IDENTIFIER_MAX = 200  # Person.private_email


@dataclass(frozen=True)
class CodeLimits:
    valid: dt.timedelta = dt.timedelta(minutes=10)
    attempts: int = 5
    per_address: int = 3  # codes sent to one account in ``window``
    per_ip: int = 10  # requests from one client address in ``window``
    window: dt.timedelta = dt.timedelta(hours=1)


def code_hash(code: str, account_id: int, key: str) -> str:
    """The HMAC-SHA256 of ``code`` for ``account_id`` (a code of one account fits no other)."""
    message = f"{account_id}:{code}".encode()
    return hmac.new(key.encode(), message, hashlib.sha256).hexdigest()


def new_code() -> str:
    return f"{secrets.randbelow(10**6):06d}"


def normal_identifier(text: str) -> str:
    return text.strip().lower()


def find_student(identifier: str) -> Account | None:
    """The one student account whose student number or private e-mail is ``identifier``."""
    identifier = normal_identifier(identifier)
    if not identifier or len(identifier) > IDENTIFIER_MAX:
        return None
    if "@" in identifier:
        match = fn.LOWER(Person.private_email) == identifier
    else:
        match = Person.student_number == identifier  # stored in lower case: its index
    found = list(
        Account.select(Account, Person)
        .join(Person)
        .where(match & (Account.role == STUDENT) & Person.private_email.is_null(False))
        .order_by(Account.id)
        .limit(2)
    )
    return found[0] if len(found) == 1 else None


class RequestOutcome(Enum):
    ANSWERED = "answered"  # the one answer: "if we know you, we sent a code"
    RATE_LIMITED = "rate_limited"  # this client asked too often (whoever it named)


SUBJECT = Text("Je inlogcode voor het Privacyportaal", "Your sign-in code for the Privacy Portal")
BODY = Text(
    "Beste student,\n\n"
    "Je inlogcode is: {code}\n\n"
    "De code is {minutes} minuten geldig en werkt één keer. Heb je geen code gevraagd? "
    "Dan kun je deze e-mail negeren.\n\n"
    "Met vriendelijke groet,\nHet privacyloket",
    "Dear student,\n\n"
    "Your sign-in code is: {code}\n\n"
    "The code is valid for {minutes} minutes and works once. Did you not ask for a code? "
    "Then you can ignore this e-mail.\n\n"
    "Kind regards,\nThe privacy desk",
)


def request_code(
    identifier: str, ip: str, key: str, limits: CodeLimits, *, now: dt.datetime | None = None
) -> RequestOutcome:
    """Send a new code to the private address of the student ``identifier`` names, if any.

    Every request is recorded (against the client; against the account when one is
    found). Over the client's limit: RATE_LIMITED. Over the account's limit, or no one
    found: nothing is sent, and the answer is the same ANSWERED.
    """
    now = now or utcnow()
    ip = (ip or "unknown")[:45]
    since = now - limits.window
    recent = SignInCodeRequest.created_at > since
    by_ip = SignInCodeRequest.select().where(recent & (SignInCodeRequest.ip_address == ip)).count()
    if by_ip >= limits.per_ip:
        return RequestOutcome.RATE_LIMITED
    account = find_student(identifier)
    with writing():
        SignInCodeRequest.create(
            account=account.id if account else None, ip_address=ip, created_at=now
        )
        if account is None:
            return RequestOutcome.ANSWERED
        by_account = (
            SignInCodeRequest.select()
            .where(recent & (SignInCodeRequest.account == account.id))
            .count()
        )
        if by_account > limits.per_address:  # this request is counted already
            return RequestOutcome.ANSWERED
        code = new_code()
        SignInCode.delete().where(SignInCode.account == account.id).execute()
        SignInCode.create(
            account=account.id,
            code_hash=code_hash(code, account.id, key),
            created_at=now,
            expires_at=now + limits.valid,
        )
        values = {"code": code, "minutes": int(limits.valid.total_seconds() // 60)}
        outbox.enqueue(
            kind=SIGN_IN_CODE,
            recipient=account.person.private_email,
            language="nl",
            subject=SUBJECT.nl,
            body="\n\n".join([BODY.nl.format(**values), "---", BODY.en.format(**values)]) + "\n",
            person=account.person_id,
        )
    return RequestOutcome.ANSWERED


def verify_code(
    identifier: str, code: str, key: str, limits: CodeLimits, *, now: dt.datetime | None = None
) -> Account | None:
    """The account ``code`` signs in, or None; every try counts against the live code.

    A good code is used up (its row deleted) and sets the account's ``last_login_at``.
    """
    now = now or utcnow()
    account = find_student(identifier)
    code = code.strip()
    if account is None:
        return None
    with writing():
        row = SignInCode.get_or_none(SignInCode.account == account.id)
        if row is None:
            return None
        # The try is counted first, by a conditional update, so tries sent at the same
        # moment cannot together pass the limit (the database serialises the updates).
        counted = (
            SignInCode.update(attempts=SignInCode.attempts + 1)
            .where(
                (SignInCode.id == row.id)
                & (SignInCode.expires_at > now)
                & (SignInCode.attempts < limits.attempts)
            )
            .execute()
        )
        if not counted or not hmac.compare_digest(row.code_hash, code_hash(code, account.id, key)):
            return None
        # Used up: only the request that deletes the row signs in.
        if not SignInCode.delete().where(SignInCode.id == row.id).execute():
            return None
        Account.update(last_login_at=now).where(Account.id == account.id).execute()
    return account
