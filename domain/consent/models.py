"""Consent per external party (the Permission Portal) and the deliveries that check it.

``ConsentEvent`` is an append-only ledger: a choice is a new row, never an update. The
state on any moment is derived from it (``domain.consent.ledger``). A ``Delivery`` is one run
for one party; its files are assembled from one ``Disclosure`` row per delivered person,
so the proof of what was shared stays per person (and goes when the person goes).
"""

from __future__ import annotations

import json
import uuid

from peewee import CharField, DateTimeField, ForeignKeyField, IntegerField, TextField

from domain.accounts.models import Account
from domain.consent.vocabulary import CHANNELS, DECISIONS, FREQUENCIES
from domain.core.db import BaseModel, utcnow
from domain.core.text import Text, choices
from domain.people.models import Person


def new_record_id() -> str:
    return str(uuid.uuid4())


class ExternalParty(BaseModel):
    """A party outside the university that may receive student data with consent."""

    key = CharField(max_length=40, unique=True)  # also selects the delivery, if any
    contact_nl = CharField(max_length=300)
    contact_en = CharField(max_length=300)
    frequency = CharField(max_length=30, choices=choices(FREQUENCIES))
    created_at = DateTimeField(default=utcnow)

    @property
    def contact(self) -> Text:
        """Who to contact at the party, in both languages (not part of the notice versions)."""
        return Text(self.contact_nl, self.contact_en)


class NoticeVersion(BaseModel):
    """One version of what a party's notice says and which fields it lists.

    Versions are never changed: a change to the texts or the field list is a new row.
    """

    party = ForeignKeyField(ExternalParty, backref="versions")
    version = IntegerField()
    field_keys = TextField()  # JSON list of keys of domain.consent.vocabulary.PARTY_FIELDS
    name_nl = CharField(max_length=200)
    name_en = CharField(max_length=200)
    description_nl = TextField()
    description_en = TextField()
    purpose_nl = TextField()
    purpose_en = TextField()
    created_at = DateTimeField(default=utcnow)
    created_by = ForeignKeyField(Account, null=True)

    class Meta:
        indexes = ((("party", "version"), True),)

    @property
    def fields(self) -> list[str]:
        return json.loads(self.field_keys)

    @property
    def name(self) -> Text:
        return Text(self.name_nl, self.name_en)

    @property
    def description(self) -> Text:
        return Text(self.description_nl, self.description_en)

    @property
    def purpose(self) -> Text:
        return Text(self.purpose_nl, self.purpose_en)


class ConsentEvent(BaseModel):
    """One choice of one person about one party, to one notice version. Append-only."""

    record_id = CharField(max_length=36, unique=True, default=new_record_id)
    person = ForeignKeyField(Person, backref="consent_events", on_delete="CASCADE")
    party = ForeignKeyField(ExternalParty)
    notice_version = ForeignKeyField(NoticeVersion)
    decision = CharField(max_length=10, choices=choices(DECISIONS))
    occurred_at = DateTimeField(default=utcnow)  # naive UTC
    channel = CharField(max_length=10, choices=choices(CHANNELS))
    actor = ForeignKeyField(Account, null=True)  # who recorded it: the student, or staff
    language = CharField(max_length=2)  # the language the notice was shown in

    class Meta:
        # The state query ranks each person's events per party by time: this index
        # serves it without touching the table for the ordering.
        indexes = ((("party", "person", "occurred_at"), False),)


CONSENT_MODELS = [ExternalParty, NoticeVersion, ConsentEvent]
