"""What carrying out a right leaves behind: the outcome of an erasure, upheld objections.

Both are personal data and declared in the register (domain/register/rights_declarations.py).
"""

from __future__ import annotations

import json

from peewee import CharField, DateTimeField, ForeignKeyField, TextField

from domain.core.db import BaseModel, utcnow
from domain.people.models import Person
from domain.requests.models import RightsRequest


class ErasureOutcome(BaseModel):
    """What an erasure request did: per category and record type, erased or kept and why.

    ``steps`` holds counts and the register's labels and grounds (both languages, as they
    were said at the time), never a value of the erased data.
    """

    request = ForeignKeyField(RightsRequest, unique=True, on_delete="CASCADE")
    person = ForeignKeyField(Person, on_delete="CASCADE")
    carried_out_at = DateTimeField(default=utcnow)
    steps = TextField()  # JSON list, see domain.rights.erasure.Step.as_dict
    consent_withdrawn = TextField(default="[]")  # JSON list of party names {nl, en}
    # Set when closing the request removed what waited for it (the student's account).
    finished_at = DateTimeField(null=True)

    @property
    def step_values(self) -> list[dict]:
        return json.loads(self.steps)

    @property
    def withdrawn_parties(self) -> list[dict]:
        return json.loads(self.consent_withdrawn)


class Objection(BaseModel):
    """An upheld objection (GDPR art. 21): processing for a purpose stops for the person.

    ``processing`` is a purpose number of the register (as text) or ``direct_marketing``.
    """

    person = ForeignKeyField(Person, backref="objections", on_delete="CASCADE")
    processing = CharField(max_length=20)
    request = ForeignKeyField(RightsRequest, null=True, on_delete="SET NULL")
    since = DateTimeField(default=utcnow)

    class Meta:
        indexes = ((("person", "processing"), True), (("processing", "person"), False))


RIGHTS_MODELS = [ErasureOutcome, Objection]
