"""Local accounts: password hashing, verification and rate limiting of failures.

Sign-in methods (local passwords now, an OIDC provider later) all end in an
``Account``; nothing after that point knows how the user proved who they are.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import Enum

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from peewee import fn

from domain.core.db import database, utcnow
from domain.models import Account, LoginAttempt

DEMO_PASSWORD = "demo"

_hasher = PasswordHasher()
# Verified against when the username is unknown, so both failures take as long.
_DUMMY_HASH = _hasher.hash("not a password anyone has")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def password_matches(password_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password)
    except (VerificationError, InvalidHashError):
        return False


USERNAME_MAX = 100  # Account.username and LoginAttempt.username


def normal_username(name: str) -> str:
    """A username as it is compared and stored: no surrounding spaces, lower case.

    Lower case can be longer than what was typed (``"İ".lower()`` is two characters), so
    a length limit applies to this form, not to the typed one.
    """
    return name.strip().lower()


class SignInOutcome(Enum):
    OK = "ok"
    REFUSED = "refused"  # wrong user or password: one message for both
    RATE_LIMITED = "rate_limited"


@dataclass(frozen=True)
class RateLimit:
    per_account: int
    per_ip: int
    window: dt.timedelta


@dataclass(frozen=True)
class SignInResult:
    outcome: SignInOutcome
    account: Account | None = None


def _recent_failures(limit: RateLimit, username: str, ip: str, now: dt.datetime) -> tuple[int, int]:
    since = now - limit.window
    recent = LoginAttempt.attempted_at >= since
    by_account = (
        LoginAttempt.select(fn.COUNT(LoginAttempt.id))
        .where(recent & (LoginAttempt.username == username))
        .scalar()
    )
    by_ip = (
        LoginAttempt.select(fn.COUNT(LoginAttempt.id))
        .where(recent & (LoginAttempt.ip_address == ip))
        .scalar()
    )
    return by_account, by_ip


def authenticate(
    username: str,
    password: str,
    ip: str,
    limit: RateLimit,
    *,
    allow_demo_password: bool,
    now: dt.datetime | None = None,
) -> SignInResult:
    """Check a username and password; record the failure if it is wrong."""
    now = now or utcnow()
    username = normal_username(username)
    if len(username) > USERNAME_MAX:  # no account has it, and the column cannot hold it
        return SignInResult(SignInOutcome.REFUSED)
    by_account, by_ip = _recent_failures(limit, username, ip, now)
    if by_account >= limit.per_account or by_ip >= limit.per_ip:
        return SignInResult(SignInOutcome.RATE_LIMITED)

    account = Account.get_or_none((Account.username == username) & Account.is_active)
    matches = password_matches(account.password_hash if account else None, password)
    if matches and password == DEMO_PASSWORD and not allow_demo_password:
        matches = False
    if not (account and matches):
        with database.atomic():
            LoginAttempt.create(username=username, ip_address=ip, attempted_at=now)
        return SignInResult(SignInOutcome.REFUSED)

    with database.atomic():
        LoginAttempt.delete().where(LoginAttempt.username == username).execute()
        Account.update(last_login_at=now).where(Account.id == account.id).execute()
    return SignInResult(SignInOutcome.OK, account)
