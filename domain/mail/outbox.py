"""Writing mail into the outbox, inside the transaction of the change it reports."""

from __future__ import annotations

from peewee import fn

from domain.core.db import database, utcnow
from domain.mail.models import PENDING, STATUSES, OutboxMail

SUBJECT_LENGTH = OutboxMail.subject.max_length


class OutsideTransaction(RuntimeError):
    """``enqueue`` was called outside the transaction of the change it reports."""


def enqueue(
    *,
    kind: str,
    recipient: str,
    language: str,
    subject: str,
    body: str,
    person: int | None = None,
) -> OutboxMail:
    """Put one mail in the outbox; the worker sends it once the transaction commits.

    :raise OutsideTransaction: when no transaction is open: the mail must be written in
        the transaction of its change, so a change that is rolled back sends nothing.
    """
    if not database.in_transaction():
        raise OutsideTransaction("enqueue mail inside the change's writing() transaction")
    return OutboxMail.create(
        kind=kind,
        person=person,
        recipient=recipient,
        language=language,
        subject=" ".join(subject.split())[:SUBJECT_LENGTH],  # one line, never a header break
        body=body,
        status=PENDING,
        next_attempt_at=utcnow(),
    )


def counts() -> dict[str, int]:
    """Mail per status, in one query (the worker logs the failed ones)."""
    found = dict(
        OutboxMail.select(OutboxMail.status, fn.COUNT(OutboxMail.id))
        .group_by(OutboxMail.status)
        .tuples()
    )
    return {status: found.get(status, 0) for status in STATUSES}
