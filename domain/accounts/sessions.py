"""Sign-in sessions kept on the server, so the portal can end them at once.

The browser's cookie carries only a random token; the ``SignInSession`` row keyed by its
SHA-256 says whose session it is. Signing out, "sign out everywhere", a role or password
change and an administrator delete rows: a replayed cookie then names no session. A
session also ends after ``idle`` without a request and after ``lifetime`` in all.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from domain.accounts.roles import STUDENT
from domain.core.db import Prepared, utcnow, writing
from domain.models import Account, SignInSession

# last_seen_at is written at most this often, so a page costs one read, not a write too.
TOUCH_EVERY = dt.timedelta(minutes=1)
DEVICE_MAX = 200


@dataclass(frozen=True)
class Lifetime:
    idle: dt.timedelta
    absolute: dt.timedelta


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


_BROWSERS = (
    ("Edg/", "Edge"),
    ("Firefox/", "Firefox"),
    ("Chrome/", "Chrome"),
    ("Safari/", "Safari"),
)
_SYSTEMS = (
    ("iPhone", "iPhone"),
    ("iPad", "iPad"),
    ("Android", "Android"),
    ("Windows", "Windows"),
    ("Macintosh", "macOS"),
    ("CrOS", "ChromeOS"),
    ("Linux", "Linux"),
)


def device_parts(user_agent: str) -> tuple[str, str]:
    """The browser and system a User-Agent names, as far as it is recognised ('' if not).

    >>> device_parts("Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko Firefox/128.0")
    ('Firefox', 'Windows')
    """
    browser = next((name for mark, name in _BROWSERS if mark in user_agent), "")
    system = next((name for mark, name in _SYSTEMS if mark in user_agent), "")
    return browser, system


def start(
    account: Account,
    device: str,
    ip: str,
    *,
    now: dt.datetime | None = None,
    by_code: bool = False,
) -> str:
    """Open a new session for ``account``; return the token for the cookie (never stored).

    ``by_code``: signed in with a code by e-mail (``domain.accounts.codes``), which admits
    a student account that has ended.
    """
    token = secrets.token_urlsafe(32)
    with writing():
        SignInSession.create(
            token_hash=token_hash(token),
            account=account.id,
            started_at=now or utcnow(),
            last_seen_at=now or utcnow(),
            device=(device or "?")[:DEVICE_MAX],
            ip_address=(ip or "unknown")[:45],
            by_code=by_code,
        )
    return token


def _live(lifetime: Lifetime, now: dt.datetime):
    return (SignInSession.last_seen_at > now - lifetime.idle) & (
        SignInSession.started_at > now - lifetime.absolute
    )


def find(token: str, lifetime: Lifetime, *, now: dt.datetime | None = None) -> SignInSession | None:
    """The live session of ``token`` with its account (one indexed query); else None.

    The account must be active, or a student signed in with a code by e-mail.

    Marks the session as used now, at most once per ``TOUCH_EVERY``.
    """
    if not token:
        return None
    now = now or utcnow()
    found = _FIND.first(
        token_hash=token_hash(token),
        seen_after=now - lifetime.idle,
        started_after=now - lifetime.absolute,
    )
    if found is not None and now - found.last_seen_at >= TOUCH_EVERY:
        SignInSession.update(last_seen_at=now).where(SignInSession.id == found.id).execute()
        found.last_seen_at = now
    return found


# Asked on every request: built once (see ``Prepared``).
_FIND = Prepared(
    lambda token_hash, seen_after, started_after: (
        SignInSession.select(SignInSession, Account)
        .join(Account)
        .where(
            (SignInSession.token_hash == token_hash)
            & (Account.is_active | (SignInSession.by_code & (Account.role == STUDENT)))
            & (SignInSession.last_seen_at > seen_after)
            & (SignInSession.started_at > started_after)
        )
        .limit(1)
    ),
    token_hash=str,
    seen_after=dt.datetime,
    started_after=dt.datetime,
)


def end(token: str) -> None:
    """End the session of ``token`` (signing out)."""
    if token:
        with writing():
            SignInSession.delete().where(SignInSession.token_hash == token_hash(token)).execute()


def end_one(account_id: int, session_id: int) -> bool:
    """End one of ``account_id``'s sessions; False when it is not theirs or already gone."""
    with writing():
        gone = (
            SignInSession.delete()
            .where((SignInSession.id == session_id) & (SignInSession.account == account_id))
            .execute()
        )
    return gone > 0


def end_all(account_id: int, *, keep_token: str | None = None) -> int:
    """End every session of ``account_id`` (but the one of ``keep_token``); return how many."""
    condition = SignInSession.account == account_id
    if keep_token:
        condition &= SignInSession.token_hash != token_hash(keep_token)
    with writing():
        return SignInSession.delete().where(condition).execute()


def active(account_id: int, lifetime: Lifetime, *, now: dt.datetime | None = None) -> list:
    """``account_id``'s live sessions, the last used first."""
    now = now or utcnow()
    return list(
        SignInSession.select()
        .where((SignInSession.account == account_id) & _live(lifetime, now))
        .order_by(SignInSession.last_seen_at.desc(), SignInSession.id.desc())
    )


def change_role(account_id: int, role: str) -> int:
    """Give ``account_id`` another role and end its sessions (it signs in again).

    :return: the number of sessions ended.
    """
    from domain.accounts.roles import STAFF_ROLES

    if role != STUDENT and role not in STAFF_ROLES:
        raise ValueError(f"unknown role {role!r}")
    with writing():
        Account.update(role=role).where(Account.id == account_id).execute()
        return end_all(account_id)


def change_password(account_id: int, password_hash: str, *, keep_token: str | None = None) -> int:
    """Set a new password hash and end the account's other sessions (all without ``keep_token``)."""
    with writing():
        Account.update(password_hash=password_hash).where(Account.id == account_id).execute()
        return end_all(account_id, keep_token=keep_token)
