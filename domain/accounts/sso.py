"""Signing in through an OpenID Provider (SURFconext): which account a set of claims is.

The provider only authenticates. Who may sign in, and with which role, is the portal's
own account table: a configured claim names the account's username (a student's number,
a staff member's username), and nothing the provider says creates an account or gives a
role. Claims that name no active account get a clear refusal, never an account.

SURFconext connects many institutions, so a claim value only counts when it carries the
configured scope (the institution's domain): ``s1234567@other.example`` is not our
student ``s1234567``. Values are read in the two forms SURFconext sends:

- scoped, ``local@scope`` (``eduperson_principal_name``): the username is ``local``;
- a SCHAC URN, ``urn:schac:personalUniqueCode:nl:local:<scope>:<kind>:<code>``
  (``schac_personal_unique_code``): the username is ``code``.

Without a configured scope only plain values (no ``@``, not a URN) count, as from an
internal provider that sends the bare username.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum

from domain.core.db import utcnow, writing
from domain.models import Account, LoginAttempt

SCHAC_PREFIX = "urn:schac:personaluniquecode:"
USERNAME_MAX = 100  # Account.username, LoginAttempt.username


@dataclass(frozen=True)
class ClaimRule:
    """Which claim names the account, and the scope its values must carry ('' for none)."""

    claim: str
    scope: str = ""


def _clean(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not text or len(text) > 400 or any(ord(c) < 32 or ord(c) == 127 for c in text):
        return None
    return text


def username_from(value: object, scope: str = "") -> str | None:
    """One claim value as a portal username (lower case); None when it is not ours.

    >>> username_from("S1234567@Universiteit.example", "universiteit.example")
    's1234567'
    >>> username_from("s1234567@elders.example", "universiteit.example") is None
    True
    """
    text = _clean(value)
    if text is None:
        return None
    scope = scope.strip().lower()
    lowered = text.lower()
    if lowered.startswith(SCHAC_PREFIX):
        # urn:schac:personalUniqueCode:<country>:<type>:<scope>:<kind>:<code>
        parts = lowered.split(":")
        if len(parts) < 7 or not scope or parts[5] != scope:
            return None
        found = parts[-1]
    elif "@" in lowered:
        local, _, domain = lowered.rpartition("@")
        if not scope or domain != scope:
            return None
        found = local
    else:
        if scope:
            return None  # a bare value cannot show it is of this institution
        found = lowered
    if not found or "@" in found or len(found) > USERNAME_MAX:
        return None
    return found


def claim_values(claims: Mapping, claim: str) -> tuple[object, ...]:
    """The values of ``claim`` (SURFconext sends multi-valued attributes as lists)."""
    raw = claims.get(claim)
    if raw is None:
        return ()
    if isinstance(raw, list | tuple):
        return tuple(raw)
    return (raw,)


def account_keys(claims: Mapping, rule: ClaimRule) -> tuple[str, ...]:
    """The usernames the configured claim names, in its order, each once."""
    keys = (username_from(v, rule.scope) for v in claim_values(claims, rule.claim))
    return tuple(dict.fromkeys(k for k in keys if k))


def identifier(claims: Mapping, rule: ClaimRule) -> str:
    """How the provider named the user, to show them and to record a refusal by."""
    for value in claim_values(claims, rule.claim):
        text = _clean(value)
        if text:
            return text[:USERNAME_MAX]
    subject = _clean(claims.get("sub"))
    return (subject or "?")[:USERNAME_MAX]


class SsoOutcome(Enum):
    OK = "ok"
    UNKNOWN = "unknown"  # no active account, or more than one: never a new account


@dataclass(frozen=True)
class SsoResult:
    outcome: SsoOutcome
    identifier: str
    account: Account | None = None


def sign_in(
    claims: Mapping, rule: ClaimRule, ip: str, *, now: dt.datetime | None = None
) -> SsoResult:
    """Find the active account the validated ``claims`` name, and record the sign-in.

    Recorded as a password sign-in is: success sets ``last_login_at``; a refusal is a
    failed sign-in (``LoginAttempt``) by the name the provider gave. One transaction.
    """
    now = now or utcnow()
    keys = account_keys(claims, rule)
    name = identifier(claims, rule)
    found = (
        list(
            Account.select()
            .where(Account.username.in_(keys) & Account.is_active)
            .order_by(Account.id)
            .limit(2)
        )
        if keys
        else []
    )
    with writing():
        if len(found) != 1:
            LoginAttempt.create(username=name.lower(), ip_address=ip[:45], attempted_at=now)
            return SsoResult(SsoOutcome.UNKNOWN, name)
        account = found[0]
        Account.update(last_login_at=now).where(Account.id == account.id).execute()
    return SsoResult(SsoOutcome.OK, name, account)
