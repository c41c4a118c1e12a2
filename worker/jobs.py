"""The jobs the worker runs. Each is a thin call into the domain."""

from __future__ import annotations

import datetime as dt
import logging

from domain.core.clock import local_today
from domain.core.db import database
from domain.mail import outbox, sending
from domain.requests import notifications
from domain.retention import history
from domain.retention.job import run_once as retention
from domain.retention.job import stop_requested

__all__ = [
    "desk_digest",
    "mail_status",
    "needs_catch_up",
    "retention",
    "send_mail",
    "stop_requested",
]

log = logging.getLogger("worker")


def needs_catch_up(now: dt.datetime) -> bool:
    """True when the last successful real run started more than a day ago (or never ran)."""
    with database.connection_context():
        return history.needs_catch_up(now)


class _MailServer:
    """What the last pass found: an outage is logged when it starts and ends, not each minute."""

    problem: str | None = None


def send_mail(settings: dict, now: dt.datetime | None = None) -> sending.Report:
    """Send the outbox's due mail; log what was sent, retried or failed for good."""
    with database.connection_context():
        report = sending.send_due(settings, now)
    problem = "not configured" if report.unconfigured else report.unreachable
    if problem != _MailServer.problem:
        if report.unconfigured:
            log.warning(
                "mail: MAIL_SERVER is not set; %d mail(s) wait in the outbox", report.waiting
            )
        elif problem:
            log.warning(
                "mail: cannot reach the server (%s); %d mail(s) wait", problem, report.waiting
            )
        elif _MailServer.problem:
            log.info("mail: server reachable again")
        _MailServer.problem = problem
    if report.sent or report.retried or report.failed:
        log.info(
            "mail: %d sent, %d to retry, %d failed for good",
            report.sent,
            report.retried,
            report.failed,
        )
    return report


def mail_status() -> dict[str, int]:
    """Mail per status (pending, sent, failed): logged at start so failed mail is seen."""
    with database.connection_context():
        return outbox.counts()


def desk_digest(settings: dict, today: dt.date | None = None) -> int:
    """Write today's digest for the desk's mailbox(es); the mail job sends it."""
    recipients = settings.get("DESK_DIGEST_TO") or ()
    if not recipients:
        log.info("desk digest: DESK_DIGEST_TO is not set; nothing written")
        return 0
    with database.connection_context():
        written = notifications.desk_digest(recipients, today or local_today())
    log.info("desk digest: %s", f"{written} mail(s) written" if written else "nothing to report")
    return written
