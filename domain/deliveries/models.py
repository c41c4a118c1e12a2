"""A delivery is one run for one party; its files are assembled from one ``Disclosure`` row
per delivered person, so the proof of what was shared stays per person (and goes when
the person goes).
"""

from __future__ import annotations

import json

from peewee import CharField, DateField, DateTimeField, ForeignKeyField, IntegerField, TextField

from domain.accounts.models import Account
from domain.consent.models import ExternalParty, NoticeVersion
from domain.core.db import BaseModel, utcnow
from domain.people.models import Person


class Delivery(BaseModel):
    """One run of a delivery to one party, with what it was asked for and how many it held."""

    party = ForeignKeyField(ExternalParty, backref="deliveries")
    notice_version = ForeignKeyField(NoticeVersion)  # the field list that was shared
    reference_date = DateField()
    parameters = TextField()  # JSON: year, cohort or upload counts; never a student
    run_by = ForeignKeyField(Account, null=True)  # null: run from the command line
    run_at = DateTimeField(default=utcnow, index=True)
    person_count = IntegerField()
    # The one-time token of the confirmed preview (web runs): a confirmation makes at most
    # one delivery. Null for runs from the command line.
    run_token = CharField(max_length=64, null=True, unique=True)

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


DELIVERY_MODELS = [Delivery, DeliveryFile, Disclosure]
