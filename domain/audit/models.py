"""Who on the staff looked at or changed which person's data, and when."""

from __future__ import annotations

from peewee import CharField, DateTimeField, ForeignKeyField, TextField

from domain.accounts.models import Account
from domain.core.db import BaseModel, utcnow
from domain.people.models import Person


class AuditEvent(BaseModel):
    actor = ForeignKeyField(Account, on_delete="RESTRICT")
    action = CharField(max_length=50)  # e.g. "view:legal_holds", "place:legal_hold"
    person = ForeignKeyField(Person, null=True, on_delete="SET NULL")
    occurred_at = DateTimeField(default=utcnow, index=True)
    detail = TextField(null=True)
