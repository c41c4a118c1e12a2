"""Who on the staff looked at or changed which person's data, and when.

The trail is tamper-evident: ``domain.audit.chain`` numbers the events (``seq``) and
chains their hashes. Events are never updated; only their retention rule removes them,
oldest first, leaving an ``AuditCheckpoint`` so the chain still verifies.
"""

from __future__ import annotations

from peewee import (
    BigIntegerField,
    CharField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    TextField,
)

from domain.accounts.models import Account
from domain.core.db import BaseModel, utcnow
from domain.people.models import Person


class AuditEvent(BaseModel):
    actor = ForeignKeyField(Account, on_delete="RESTRICT")
    action = CharField(max_length=50)  # e.g. "view:legal_holds", "place:legal_hold"
    person = ForeignKeyField(Person, null=True, on_delete="SET NULL")
    occurred_at = DateTimeField(default=utcnow, index=True)
    detail = TextField(null=True)
    # The actor's role when it happened (accounts can change role later).
    actor_role = CharField(max_length=20)
    # The register categories of the data opened, comma-separated in register order.
    categories = CharField(max_length=300, default="")
    # Why: the request reference, or the task the staff member stated.
    reason = CharField(max_length=200, null=True)
    # The chain: position (1, 2, 3, … without gaps), the person's salted digest, the hash.
    seq = BigIntegerField(unique=True)
    subject_digest = CharField(max_length=64, null=True)
    record_hash = CharField(max_length=64)


class AuditSubject(BaseModel):
    """A random salt per person, hashed into their events instead of their id.

    It goes with the person (cascade): after an erasure the events' digests link to
    nobody, yet the chain still verifies.
    """

    person = ForeignKeyField(Person, unique=True, on_delete="CASCADE")
    salt = CharField(max_length=32)


class AuditCheckpoint(BaseModel):
    """A run of events removed by their retention rule: seq ``first_seq``..``last_seq``.

    ``last_hash`` is the hash of the last removed event, which the next event chains to.
    """

    first_seq = BigIntegerField(unique=True)
    last_seq = BigIntegerField(unique=True)
    last_hash = CharField(max_length=64)
    removed_count = IntegerField()
    removed_at = DateTimeField(default=utcnow)


AUDIT_MODELS = [AuditEvent, AuditSubject, AuditCheckpoint]
