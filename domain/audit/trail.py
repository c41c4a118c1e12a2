"""The staff audit trail: every staff view or change of a person's data leaves a record."""

from __future__ import annotations

from peewee import chunked

from domain.core.db import database, utcnow
from domain.models import Account, AuditEvent


def record(actor: Account, action: str, person_ids, detail: str | None = None) -> int:
    """Write one audit event per person, in one statement; return how many."""
    now = utcnow()
    rows = [
        {"actor": actor.id, "action": action, "person": pid, "occurred_at": now, "detail": detail}
        for pid in dict.fromkeys(person_ids)
    ]
    with database.atomic():
        # Chunks keep each INSERT under SQLite's limit on bound parameters.
        for chunk in chunked(rows, 500):
            AuditEvent.insert_many(chunk).execute()
    return len(rows)
