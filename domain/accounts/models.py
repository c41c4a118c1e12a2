"""Sign-in accounts: staff by role, students as themselves."""

from __future__ import annotations

from peewee import BooleanField, CharField, DateTimeField, ForeignKeyField, IntegerField

from domain.accounts.roles import STAFF_ROLES, STUDENT
from domain.core.db import BaseModel, utcnow
from domain.core.text import choices
from domain.people.models import Person


class Account(BaseModel):
    username = CharField(max_length=100, unique=True)
    password_hash = CharField(max_length=255, null=True)  # null: SSO only
    role = CharField(
        max_length=20, index=True, choices=[(STUDENT, "student")] + choices(STAFF_ROLES)
    )
    person = ForeignKeyField(Person, null=True, unique=True, on_delete="CASCADE")
    display_name = CharField(max_length=200)
    is_active = BooleanField(default=True)
    created_at = DateTimeField(default=utcnow)
    last_login_at = DateTimeField(null=True)

    @property
    def is_staff(self) -> bool:
        return self.role != STUDENT

    # The three attributes flask-login reads (``is_active`` is the column above).
    is_authenticated = True
    is_anonymous = False

    def get_id(self) -> str:
        return str(self.id)


class LoginAttempt(BaseModel):
    """A failed sign-in, kept briefly to rate-limit guessing per account and per IP."""

    username = CharField(max_length=100, index=True)
    ip_address = CharField(max_length=45, index=True)
    attempted_at = DateTimeField(default=utcnow, index=True)


class SignInSession(BaseModel):
    """A signed-in browser. Its cookie carries a random token; this row keeps its SHA-256.

    Deleting the row ends the session at once, whatever the browser still holds.
    """

    token_hash = CharField(max_length=64, unique=True)
    account = ForeignKeyField(Account, backref="sign_in_sessions", on_delete="CASCADE")
    started_at = DateTimeField(default=utcnow)
    last_seen_at = DateTimeField(default=utcnow)
    device = CharField(max_length=200)  # the browser's User-Agent, shortened
    ip_address = CharField(max_length=45)
    # Signed in with a code by e-mail: admits a student account that has ended (is_active
    # False) for this session only (domain.accounts.codes).
    by_code = BooleanField(default=False)


class SignInCode(BaseModel):
    """The one live sign-in code of an account: only its HMAC is kept, never the code."""

    account = ForeignKeyField(Account, unique=True, on_delete="CASCADE")
    code_hash = CharField(max_length=64)
    created_at = DateTimeField(default=utcnow, index=True)
    expires_at = DateTimeField()
    attempts = IntegerField(default=0)  # wrong codes entered so far


class SignInCodeRequest(BaseModel):
    """One request for a code, kept briefly to limit sends per address and per client.

    ``account`` is None when the student number or address named no one: the request still
    counts against the client's address.
    """

    account = ForeignKeyField(Account, null=True, on_delete="CASCADE")
    ip_address = CharField(max_length=45, index=True)
    created_at = DateTimeField(default=utcnow, index=True)
