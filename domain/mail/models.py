"""The outbox: every e-mail the portal sends, written in the transaction of its change.

A row is the whole mail as it will be sent (recipient, subject, plain-text body), so the
worker needs nothing else to send it, and a change that is rolled back leaves no row.
The register declares the outbox (it holds e-mail addresses) with a retention term.
"""

from __future__ import annotations

from peewee import CharField, DateTimeField, ForeignKeyField, IntegerField, TextField

from domain.core.db import BaseModel, utcnow
from domain.people.models import Person

PENDING, SENT, FAILED = "pending", "sent", "failed"
STATUSES = (PENDING, SENT, FAILED)


class OutboxMail(BaseModel):
    """One e-mail: waiting to be sent, sent, or given up on (kept visible)."""

    kind = CharField(max_length=30)  # what it reports, e.g. "request_received", "desk_digest"
    # Whose mail it is (register, retention); None for mail to a functional mailbox.
    person = ForeignKeyField(Person, null=True, backref="mail", on_delete="CASCADE")
    recipient = CharField(max_length=200)
    language = CharField(max_length=2)
    subject = CharField(max_length=200)
    body = TextField()
    status = CharField(max_length=10, default=PENDING, choices=[(s, s) for s in STATUSES])
    attempts = IntegerField(default=0)  # failed attempts so far
    next_attempt_at = DateTimeField(default=utcnow)
    sent_at = DateTimeField(null=True)
    last_error = CharField(max_length=300, null=True)
    created_at = DateTimeField(default=utcnow, index=True)

    class Meta:
        # The worker's question every minute: which pending mail is due?
        indexes = ((("status", "next_attempt_at"), False),)


MAIL_MODELS = [OutboxMail]
