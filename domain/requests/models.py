"""A rights request, its timeline, the messages with the student, notes and attachments.

The request file is itself personal data: the register declares these models, with a
retention term counted from closing (docs/decisions.md).
"""

from __future__ import annotations

import json

from peewee import (
    BlobField,
    BooleanField,
    CharField,
    DateField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    TextField,
)

from domain.accounts.models import Account
from domain.core.db import BaseModel, utcnow
from domain.core.text import choices
from domain.people.models import Person
from domain.requests.vocabulary import CHANNELS, EVENTS, OUTCOMES, REQUEST_TYPES, STATUSES


class RightsRequest(BaseModel):
    """One request of a student to use a GDPR right, and where it stands."""

    reference = CharField(max_length=20, unique=True)  # shown to people; never the id
    person = ForeignKeyField(Person, backref="rights_requests", on_delete="CASCADE")
    request_type = CharField(
        max_length=20, choices=[(k, t.label.en) for k, t in REQUEST_TYPES.items()]
    )
    status = CharField(max_length=20, choices=choices(STATUSES), index=True)
    channel = CharField(max_length=10, choices=choices(CHANNELS))
    language = CharField(max_length=2)  # the student's language for decisions and mail
    details = TextField(default="{}")  # JSON: what the request type asks (field, ground …)
    # A hidden token of the form: the same form sent twice makes one request.
    submission_key = CharField(max_length=64, unique=True, null=True)
    received_at = DateTimeField(default=utcnow)
    received_on = DateField(index=True)  # the Amsterdam day (or when the letter arrived)
    # Kept in step with domain.requests.deadline by every operation, so the queue can sort
    # and filter by due date in SQL.
    due_on = DateField(index=True)
    extended = BooleanField(default=False)
    extension_reason = TextField(null=True)
    waiting_since = DateField(null=True)
    days_waited = IntegerField(default=0)
    assignee = ForeignKeyField(Account, null=True, on_delete="SET NULL", backref="assigned")
    proposed_outcome = CharField(max_length=20, null=True, choices=choices(OUTCOMES))
    proposed_ground = CharField(max_length=20, null=True)
    proposed_message = TextField(null=True)
    proposed_by = ForeignKeyField(Account, null=True, on_delete="SET NULL", backref="proposed")
    outcome = CharField(max_length=20, null=True, choices=choices(OUTCOMES))
    ground = CharField(max_length=20, null=True)
    decision_message = TextField(null=True)
    decided_at = DateTimeField(null=True)
    decided_by = ForeignKeyField(Account, null=True, on_delete="SET NULL", backref="decided")
    closed_at = DateTimeField(null=True, index=True)

    class Meta:
        # The desk's queue: open statuses, by due date (its page and its counts are ranges
        # on this index, not a walk over every request ever made).
        indexes = ((("status", "due_on", "id"), False),)

    @property
    def detail_values(self) -> dict:
        return json.loads(self.details or "{}")


class RequestEvent(BaseModel):
    """One step on the request's timeline: who did what, when."""

    request = ForeignKeyField(RightsRequest, backref="events", on_delete="CASCADE")
    person = ForeignKeyField(Person, on_delete="CASCADE")  # whose file: retention, export
    kind = CharField(max_length=20, choices=choices(EVENTS))
    actor = ForeignKeyField(Account, null=True, on_delete="SET NULL")
    occurred_at = DateTimeField(default=utcnow)
    note = TextField(null=True)  # shown with the step, e.g. the reason of an extension


class RequestMessage(BaseModel):
    """A message between the student and the desk, or an internal note of the desk.

    Internal notes (rug §3.2) are never shown to the student: not on pages, not in mail,
    not in exports.
    """

    request = ForeignKeyField(RightsRequest, backref="messages", on_delete="CASCADE")
    person = ForeignKeyField(Person, on_delete="CASCADE")
    author = ForeignKeyField(Account, null=True, on_delete="SET NULL")
    from_student = BooleanField(default=False)
    internal = BooleanField(default=False)
    body = TextField()
    created_at = DateTimeField(default=utcnow)


class RequestAttachment(BaseModel):
    """A file sent with a request or a message (PDF, PNG or JPEG, checked by content)."""

    request = ForeignKeyField(RightsRequest, backref="attachments", on_delete="CASCADE")
    person = ForeignKeyField(Person, on_delete="CASCADE")
    message = ForeignKeyField(RequestMessage, null=True, on_delete="CASCADE")
    file_name = CharField(max_length=200)
    content_type = CharField(max_length=50)
    size = IntegerField()
    data = BlobField()
    created_at = DateTimeField(default=utcnow)


REQUEST_MODELS = [RightsRequest, RequestEvent, RequestMessage, RequestAttachment]
