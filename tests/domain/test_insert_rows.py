"""Bulk inserts (domain.core.db.insert_rows) keep every value as it was, on both backends:
NULL stays NULL, an empty string stays empty, quotes, commas and line breaks survive."""

import datetime as dt

import pytest
from peewee import BooleanField, CharField, DateField, DateTimeField, IntegerField, TextField

from domain.core.db import BaseModel, insert_rows


class BulkThing(BaseModel):
    label = CharField(null=True)
    body = TextField(null=True)
    count = IntegerField()
    flag = BooleanField()
    day = DateField(null=True)
    at = DateTimeField()

    class Meta:
        table_name = "throwaway_bulk_thing"


@pytest.fixture
def table(db):
    db.create_tables([BulkThing])
    yield
    db.drop_tables([BulkThing])


def test_values_survive_a_bulk_insert(table):
    at = dt.datetime(2025, 10, 13, 22, 30, 0, 123456)
    rows = [
        ("plain", "one line", 1, True, dt.date(2025, 10, 14), at),
        (None, "", 0, False, None, at),
        ('say "hi", twice', "a\r\nb\nc,d", -5, True, dt.date(2024, 2, 29), at),
        ("\\N", "NULL", 2, False, dt.date(2025, 1, 1), at.replace(microsecond=0)),
    ]
    fields = [
        BulkThing.label,
        BulkThing.body,
        BulkThing.count,
        BulkThing.flag,
        BulkThing.day,
        BulkThing.at,
    ]
    insert_rows(BulkThing, fields, rows)
    insert_rows(BulkThing, fields, [])  # nothing to do
    stored = [
        (t.label, t.body, t.count, t.flag, t.day, t.at)
        for t in BulkThing.select().order_by(BulkThing.id)
    ]
    assert stored == rows
