"""Consent per external party (the Permission Portal) and the deliveries that check it.

``ConsentEvent`` is an append-only ledger: a choice is a new row, never an update. The
state on any moment is derived from it (``domain.consent``). A ``Delivery`` is one run
for one party; its files are assembled from one ``Disclosure`` row per delivered person,
so the proof of what was shared stays per person (and goes when the person goes).
"""
from __future__ import annotations

import json
import uuid

from peewee import (CharField, DateField, DateTimeField, ForeignKeyField, IntegerField,
                    TextField)

from domain.consent_vocab import CHANNELS, DECISIONS, FREQUENCIES
from domain.db import BaseModel, utcnow
from domain.models.accounts import Account
from domain.models.people import Person
from domain.vocab import Text, choices


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
    field_keys = TextField()  # JSON list of keys of domain.consent_vocab.PARTY_FIELDS
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


class Delivery(BaseModel):
    """One run of a delivery to one party, with what it was asked for and how many it held."""

    party = ForeignKeyField(ExternalParty, backref="deliveries")
    notice_version = ForeignKeyField(NoticeVersion)  # the field list that was shared
    reference_date = DateField()
    parameters = TextField()  # JSON: year, cohort or upload counts; never a student
    run_by = ForeignKeyField(Account, null=True)  # null: run from the command line
    run_at = DateTimeField(default=utcnow, index=True)
    person_count = IntegerField()

    @property
    def parameter_values(self) -> dict:
        return json.loads(self.parameters)


class DeliveryFile(BaseModel):
    """One CSV file of a delivery: its recipient and header; its rows are disclosures."""

    delivery = ForeignKeyField(Delivery, backref="files", on_delete="CASCADE")
    recipient = CharField(max_length=300)  # the party, or one school (BRIN and name)
    file_name = CharField(max_length=200)
    header = TextField()  # the CSV header line
    row_count = IntegerField()
    person_count = IntegerField()


class Disclosure(BaseModel):
    """What one delivery shared about one person: the fields, and (for a while) the rows."""

    delivery = ForeignKeyField(Delivery, backref="disclosures", on_delete="CASCADE")
    file = ForeignKeyField(DeliveryFile, backref="disclosures", on_delete="CASCADE")
    person = ForeignKeyField(Person, backref="disclosures", on_delete="CASCADE")
    field_keys = TextField()  # JSON list of the fields shared
    rows = TextField(null=True)  # the person's CSV line(s) in the file; emptied by retention
    created_at = DateTimeField(default=utcnow)

    @property
    def fields(self) -> list[str]:
        return json.loads(self.field_keys)


CONSENT_MODELS = [ExternalParty, NoticeVersion, ConsentEvent, Delivery, DeliveryFile,
                  Disclosure]
