"""A stored copy of one person's data, made for that person, with a download link that expires.

The register declares it (``domain/register/export_declarations.py``): the retention worker
removes a file the night after its link expired.
"""

from __future__ import annotations

from peewee import CharField, DateTimeField, ForeignKeyField, IntegerField, TextField

from domain.core.db import BaseModel, utcnow
from domain.core.text import choices
from domain.exports.vocabulary import KINDS
from domain.people.models import Person
from domain.requests.models import RightsRequest


class DataExport(BaseModel):
    """One export file: the JSON document (docs/export-schema.md) and its secret link."""

    person = ForeignKeyField(Person, backref="data_exports", on_delete="CASCADE")
    kind = CharField(max_length=12, choices=choices(KINDS))  # access or portability
    # The secret part of the download link; a student opens only their own, signed in.
    token = CharField(max_length=64, unique=True)
    # The granted access or portability request this export answers, if any.
    request = ForeignKeyField(RightsRequest, null=True, on_delete="SET NULL")
    schema_version = IntegerField()
    document = TextField()  # the JSON document, UTF-8
    size = IntegerField()  # bytes of the JSON document
    created_at = DateTimeField(default=utcnow)
    expires_at = DateTimeField(index=True)


EXPORT_MODELS = [DataExport]
