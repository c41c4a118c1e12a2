"""Data exports: a stored copy of one person's data with a download link that expires."""

# Written against domain/exports/models.py, then frozen.
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

    class DataExport(Model):
        person = ForeignKeyField(Person, on_delete="CASCADE")
        kind = CharField(max_length=12)
        token = CharField(max_length=64, unique=True)
        request = ForeignKeyField(RightsRequest, null=True, on_delete="SET NULL")
        schema_version = IntegerField()
        document = TextField()
        size = IntegerField()
        created_at = DateTimeField()
        expires_at = DateTimeField(index=True)

        class Meta:
            database = db
            table_name = "data_export"

    db.create_tables([DataExport])


def down(migrator, db):
    migrator.migrate(migrator.drop_table("data_export"))
