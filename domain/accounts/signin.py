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
from peewee import Case, fn

from domain.core.clock import local_today
from domain.core.db import utcnow, writing
from domain.core.text import Text
from domain.mail import outbox
from domain.mail.vocabulary import SIGN_IN_FAILURES
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
    RATE_LIMITED = "rate_limited"  # this client has failed too often for this account
    DELAYED = "delayed"  # the account has many failures from anywhere: wait a little


@dataclass(frozen=True)
class RateLimit:
    """How failures are limited (OWASP ASVS 2.2.1: soft limits, no hard lock-out).

    - ``per_client``: failures per (username, client address) in ``window``; beyond, that
      client is refused for the rest of the window (strict: it is the guesser's own pair);
    - ``per_ip``: failures per client address for any usernames in ``window``;
    - ``delay_after``: failures per username from anywhere before each next try must wait
      ``delay`` after the last failure, doubling per failure up to ``delay_max``: a guesser
      with many addresses is slowed down, the owner is never locked out for long;
    - ``notify_after``: at this many failures per username in ``window`` the owner gets an
      e-mail (once per window).
    """

    per_client: int
    per_ip: int
    window: dt.timedelta
    delay_after: int = 10
    delay: dt.timedelta = dt.timedelta(seconds=1)
    delay_max: dt.timedelta = dt.timedelta(minutes=15)
    notify_after: int = 20

    def wait_after(self, failures: int) -> dt.timedelta:
        """How long after the last failure the next try waits, with ``failures`` so far."""
        if failures < self.delay_after:
            return dt.timedelta(0)
        steps = min(failures - self.delay_after, 30)
        return min(self.delay * 2**steps, self.delay_max)


@dataclass(frozen=True)
class SignInResult:
    outcome: SignInOutcome
    account: Account | None = None
    retry_after: dt.timedelta | None = None


@dataclass(frozen=True)
class Failures:
    by_client: int  # this username from this address
    by_account: int  # this username from anywhere
    by_ip: int  # any username from this address
    last: dt.datetime | None  # the latest failure for this username


def recent_failures(limit: RateLimit, username: str, ip: str, now: dt.datetime) -> Failures:
    """The failures within the window that the limits count (two indexed queries)."""
    since = now - limit.window
    recent = LoginAttempt.attempted_at >= since
    by_client, by_account, last = (
        LoginAttempt.select(
            fn.SUM(Case(None, [(LoginAttempt.ip_address == ip, 1)], 0)),
            fn.COUNT(LoginAttempt.id),
            fn.MAX(LoginAttempt.attempted_at),
        )
        .where(recent & (LoginAttempt.username == username))
        .tuples()
        .get()
    )
    by_ip = (
        LoginAttempt.select(fn.COUNT(LoginAttempt.id))
        .where(recent & (LoginAttempt.ip_address == ip))
        .scalar()
    )
    if isinstance(last, str):  # SQLite gives an aggregate's datetime as text
        last = dt.datetime.fromisoformat(last)
    return Failures(int(by_client or 0), by_account, by_ip, last)


def authenticate(
    username: str,
    password: str,
    ip: str,
    limit: RateLimit,
    *,
    allow_demo_password: bool,
    now: dt.datetime | None = None,
) -> SignInResult:
    """Check a username and password; record the failure if it is wrong.

    A client that failed ``per_client`` times for this username is refused for the
    window; after ``delay_after`` failures from anywhere every try waits a growing delay.
    At ``notify_after`` failures the account's owner is told by e-mail.
    """
    now = now or utcnow()
    username = normal_username(username)
    if len(username) > USERNAME_MAX:  # no account has it, and the column cannot hold it
        return SignInResult(SignInOutcome.REFUSED)
    ip = ip[:45]
    failures = recent_failures(limit, username, ip, now)
    if failures.by_client >= limit.per_client or failures.by_ip >= limit.per_ip:
        return SignInResult(SignInOutcome.RATE_LIMITED, retry_after=limit.window)
    wait = limit.wait_after(failures.by_account)
    if wait and failures.last is not None and now < failures.last + wait:
        return SignInResult(SignInOutcome.DELAYED, retry_after=failures.last + wait - now)

    account = Account.get_or_none((Account.username == username) & Account.is_active)
    matches = password_matches(account.password_hash if account else None, password)
    if matches and password == DEMO_PASSWORD and not allow_demo_password:
        matches = False
    if not (account and matches):
        with writing():
            LoginAttempt.create(username=username, ip_address=ip, attempted_at=now)
            if account is not None and failures.by_account + 1 == limit.notify_after:
                warn_owner(account, failures.by_account + 1, limit.window)
        return SignInResult(SignInOutcome.REFUSED)

    with writing():
        LoginAttempt.delete().where(LoginAttempt.username == username).execute()
        Account.update(last_login_at=now).where(Account.id == account.id).execute()
    return SignInResult(SignInOutcome.OK, account)


FAILURES_SUBJECT = Text(
    "Veel mislukte inlogpogingen op je account", "Many failed sign-ins on your account"
)
FAILURES_BODY = Text(
    "Beste student,\n\n"
    "Op je account in het Privacyportaal is de afgelopen {minutes} minuten {count} keer "
    "met een verkeerd wachtwoord ingelogd. Was jij dat niet? Dan probeert iemand anders "
    "je wachtwoord te raden. Je account is niet geblokkeerd: nieuwe pogingen moeten alleen "
    "steeds langer wachten. Gebruik een sterk wachtwoord dat je nergens anders gebruikt, en "
    "neem contact op met het privacyloket als je dit niet vertrouwt.\n\n"
    "Met vriendelijke groet,\nHet privacyloket",
    "Dear student,\n\n"
    "In the past {minutes} minutes, someone tried {count} times to sign in to your account "
    "on the Privacy Portal with a wrong password. Was that not you? Then someone else is "
    "trying to guess your password. Your account is not locked: new attempts only have to "
    "wait longer each time. Use a strong password you use nowhere else, and contact the "
    "privacy desk if you do not trust this.\n\n"
    "Kind regards,\nThe privacy desk",
)


def warn_owner(account: Account, count: int, window: dt.timedelta) -> None:
    """Tell a student by e-mail that their account sees many failed sign-ins (in the outbox).

    Staff accounts have no address in the portal: their failures show in the log only.
    """
    if account.person_id is None:
        return
    from domain.requests.notifications import recipient

    values = {"minutes": int(window.total_seconds() // 60), "count": count}
    outbox.enqueue(
        kind=SIGN_IN_FAILURES,
        recipient=recipient(account.person_id, local_today()),
        language="nl",
        subject=FAILURES_SUBJECT.nl,
        body="\n\n".join(
            [FAILURES_BODY.nl.format(**values), "---", FAILURES_BODY.en.format(**values)]
        )
        + "\n",
        person=account.person_id,
    )
