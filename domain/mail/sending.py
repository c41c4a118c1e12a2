"""Sending the outbox over SMTP: due mail is claimed, sent, and retried on failure.

- Claiming: a short transaction leases a batch of due rows (``next_attempt_at`` moves a
  few minutes ahead), with ``FOR UPDATE SKIP LOCKED`` on PostgreSQL and the write lock
  on SQLite, so two workers never take the same row. Sending happens outside any
  transaction: a slow mail server never holds a database lock.
- A mail server that cannot be reached (refused, timed out, no STARTTLS when asked)
  costs no attempt: every mail waits and goes out once the server is back.
- A mail the server refuses with a temporary (4xx) answer is tried again later, after
  1, 2, 4 … minutes, at most 6 hours apart; after ``MAX_ATTEMPTS`` (about three days) it
  is marked failed and stays in the outbox, counted in the worker's log. A permanent
  (5xx) refusal of the recipient fails it at once.
- A worker killed between sending and recording sends that mail again after the lease
  (at least once, never lost); the Message-ID stays the same, so mail clients can tell.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr

from peewee import fn

from domain.core.db import is_postgres, utcnow, writing
from domain.mail.models import FAILED, PENDING, SENT, OutboxMail

log = logging.getLogger("mail")

BATCH_SIZE = 50
LEASE = dt.timedelta(minutes=10)  # a claimed mail is due again after this if never recorded
MAX_ATTEMPTS = 20
FIRST_DELAY = dt.timedelta(minutes=1)
LONGEST_DELAY = dt.timedelta(hours=6)
TIMEOUT_SECONDS = 30


@dataclass(frozen=True)
class SmtpSettings:
    """Where and how to hand mail over; read from the shared settings."""

    server: str
    port: int
    use_tls: bool = False  # STARTTLS after connecting
    use_ssl: bool = False  # TLS from the first byte (SMTPS, usually port 465)
    username: str | None = None
    password: str | None = None
    sender: str = "privacyportaal@localhost"
    timeout: float = TIMEOUT_SECONDS

    @classmethod
    def of(cls, settings: dict) -> SmtpSettings | None:
        """The SMTP settings, or None when ``MAIL_SERVER`` is not set (mail then waits)."""
        if not settings.get("MAIL_SERVER"):
            return None
        return cls(
            server=settings["MAIL_SERVER"],
            port=settings["MAIL_PORT"],
            use_tls=settings["MAIL_USE_TLS"],
            use_ssl=settings["MAIL_USE_SSL"],
            username=settings.get("MAIL_USERNAME") or None,
            password=settings.get("MAIL_PASSWORD") or None,
            sender=settings["MAIL_FROM"],
        )


@dataclass
class Report:
    """What one pass over the outbox did."""

    sent: int = 0
    retried: int = 0
    failed: int = 0
    waiting: int = 0  # due mail left waiting: no server configured or none reachable
    unreachable: str | None = None  # why the server could not be reached (no addresses)
    unconfigured: bool = False


def delay_after(attempts: int) -> dt.timedelta:
    """How long to wait after the ``attempts``-th failure: 1, 2, 4 … minutes, at most 6 h."""
    return min(FIRST_DELAY * 2 ** max(attempts - 1, 0), LONGEST_DELAY)


def _due(now: dt.datetime):
    return (OutboxMail.status == PENDING) & (OutboxMail.next_attempt_at <= now)


def due_count(now: dt.datetime) -> int:
    return OutboxMail.select(fn.COUNT(OutboxMail.id)).where(_due(now)).scalar()


def claim(now: dt.datetime, limit: int = BATCH_SIZE) -> list[OutboxMail]:
    """Lease up to ``limit`` due mails to this worker, oldest first, in one transaction."""
    with writing():
        query = (
            OutboxMail.select(OutboxMail.id)
            .where(_due(now))
            .order_by(OutboxMail.next_attempt_at, OutboxMail.id)
            .limit(limit)
        )
        if is_postgres():
            query = query.for_update(skip_locked=True)
        ids = [row.id for row in query]
        if not ids:
            return []
        OutboxMail.update(next_attempt_at=now + LEASE).where(OutboxMail.id.in_(ids)).execute()
        return list(OutboxMail.select().where(OutboxMail.id.in_(ids)).order_by(OutboxMail.id))


def _release(mails: list[OutboxMail]) -> None:
    """Give leased mails back untried: they are due again at once."""
    if mails:
        with writing():
            (
                OutboxMail.update(next_attempt_at=OutboxMail.created_at)
                .where(OutboxMail.id.in_([m.id for m in mails]) & (OutboxMail.status == PENDING))
                .execute()
            )


def _record_sent(mail: OutboxMail, now: dt.datetime) -> None:
    with writing():
        (
            OutboxMail.update(status=SENT, sent_at=now, last_error=None)
            .where(OutboxMail.id == mail.id)
            .execute()
        )


def _record_failure(mail: OutboxMail, now: dt.datetime, error: str, permanent: bool) -> str:
    """Count a failed attempt; return the mail's new status."""
    attempts = mail.attempts + 1
    status = FAILED if permanent or attempts >= MAX_ATTEMPTS else PENDING
    with writing():
        (
            OutboxMail.update(
                attempts=attempts,
                status=status,
                last_error=error[: OutboxMail.last_error.max_length],
                next_attempt_at=now + delay_after(attempts),
            )
            .where(OutboxMail.id == mail.id)
            .execute()
        )
    # The kind and id only: the server's words can quote the address.
    if status == FAILED:
        log.warning(
            "mail %s (%s) failed for good after %d attempt(s)", mail.id, mail.kind, attempts
        )
    return status


def _describe(exc: BaseException) -> str:
    """A failure in words for the outbox row (the server's reply may quote the address)."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        code, message = next(iter(exc.recipients.values()))
        return (
            f"{code} {message.decode(errors='replace') if isinstance(message, bytes) else message}"
        )
    if isinstance(exc, smtplib.SMTPResponseException):
        message = exc.smtp_error
        text = message.decode(errors="replace") if isinstance(message, bytes) else str(message)
        return f"{exc.smtp_code} {text}"
    return type(exc).__name__


def _is_permanent(exc: BaseException) -> bool:
    """A recipient the server refuses for good (5xx): trying again cannot help."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(500 <= code < 600 for code, _ in exc.recipients.values())
    return False


def message_of(mail: OutboxMail, sender: str) -> EmailMessage:
    """The mail as it goes over the wire: plain text, UTF-8, marked as automatic."""
    domain = parseaddr(sender)[1].rpartition("@")[2] or "localhost"
    message = EmailMessage()
    message["From"] = sender
    message["To"] = mail.recipient
    message["Subject"] = mail.subject
    message["Date"] = format_datetime(mail.created_at.replace(tzinfo=dt.UTC))
    # The same for every attempt, so a mail sent twice after a crash is recognisably one.
    message["Message-ID"] = f"<outbox.{mail.id}.{mail.created_at:%Y%m%d%H%M%S}@{domain}>"
    message["Auto-Submitted"] = "auto-generated"  # RFC 3834: no out-of-office replies
    message.set_content(mail.body)  # (clears Content-* headers: set the language after)
    message["Content-Language"] = mail.language
    return message


def connect(config: SmtpSettings) -> smtplib.SMTP:
    """An open, authenticated SMTP session; :raise OSError: (smtplib's errors are OSErrors)."""
    context = ssl.create_default_context()
    if config.use_ssl:
        smtp = smtplib.SMTP_SSL(config.server, config.port, timeout=config.timeout, context=context)
    else:
        smtp = smtplib.SMTP(config.server, config.port, timeout=config.timeout)
    try:
        if config.use_tls:
            smtp.starttls(context=context)  # refuses (raises) rather than go on in the clear
        if config.username:
            smtp.login(config.username, config.password or "")
    except BaseException:
        smtp.close()
        raise
    return smtp


def send_due(settings: dict, now: dt.datetime | None = None) -> Report:
    """Send every due mail over one SMTP session; record each outcome at once."""
    now = now or utcnow()
    report = Report()
    config = SmtpSettings.of(settings)
    if config is None:
        report.unconfigured, report.waiting = True, due_count(now)
        return report
    if not OutboxMail.select().where(_due(now)).exists():
        return report
    try:
        smtp = connect(config)
    except OSError as exc:  # refused, timed out, TLS, login: smtplib's errors included
        report.unreachable, report.waiting = type(exc).__name__, due_count(now)
        return report
    try:
        _send_batches(smtp, config, now, report)
    finally:
        try:
            smtp.quit()
        except OSError:
            smtp.close()
    return report


def _send_batches(smtp: smtplib.SMTP, config: SmtpSettings, now: dt.datetime, report: Report):
    while batch := claim(now):
        for position, mail in enumerate(batch):
            try:
                smtp.send_message(message_of(mail, config.sender))
            except OSError as exc:  # smtplib's errors are OSErrors too
                if _connection_lost(exc):
                    # This mail counts an attempt; the rest wait for the next pass.
                    report.unreachable = type(exc).__name__
                    _count(report, _record_failure(mail, now, _describe(exc), permanent=False))
                    rest = batch[position + 1 :]
                    _release(rest)
                    report.waiting += len(rest)
                    return
                _count(report, _record_failure(mail, now, _describe(exc), _is_permanent(exc)))
                _reset(smtp)
            else:
                _record_sent(mail, now)
                report.sent += 1
        if len(batch) < BATCH_SIZE:
            return


def _connection_lost(exc: OSError) -> bool:
    """True when the session is gone (not a refusal of this one mail)."""
    return isinstance(exc, smtplib.SMTPServerDisconnected) or not isinstance(
        exc, smtplib.SMTPException
    )


def _count(report: Report, status: str) -> None:
    if status == FAILED:
        report.failed += 1
    else:
        report.retried += 1


def _reset(smtp: smtplib.SMTP) -> None:
    """After a refused mail, clear the session's state for the next one."""
    with contextlib.suppress(OSError):
        smtp.rset()
