"""Carrying out rights: the outcome of an erasure, and upheld objections per purpose."""

# Written against the models of domain/rights/models.py, then frozen.
from peewee import *


def up(migrator, db):
    class Person(Model):
        class Meta:
            database = db
            table_name = "person"

    class RightsRequest(Model):
        class Meta:
            database = db
            table_name = "rights_request"

    class ErasureOutcome(Model):
        request = ForeignKeyField(RightsRequest, unique=True, on_delete="CASCADE")
        person = ForeignKeyField(Person, on_delete="CASCADE")
        carried_out_at = DateTimeField()
        steps = TextField()
        consent_withdrawn = TextField()
        finished_at = DateTimeField(null=True)

        class Meta:
            database = db
            table_name = "erasure_outcome"

    class Objection(Model):
        person = ForeignKeyField(Person, on_delete="CASCADE")
        processing = CharField(max_length=20)
        request = ForeignKeyField(RightsRequest, null=True, on_delete="SET NULL")
        since = DateTimeField()

        class Meta:
            database = db
            table_name = "objection"
            indexes = ((("person", "processing"), True), (("processing", "person"), False))

    db.create_tables([ErasureOutcome, Objection])


def down(migrator, db):
    for table in ("objection", "erasure_outcome"):
        migrator.migrate(migrator.drop_table(table))
