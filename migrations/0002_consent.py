"""Consent per external party: parties, notice versions, the consent ledger, deliveries."""

# Generated from a schema diff, then frozen. Python-side defaults (utcnow, the record id)
# are not part of the schema, so the tables here carry none. The three parties of the
# seed are data, not schema: domain.parties.ensure_parties() creates them.
from peewee import *


def up(migrator, db):
    class Account(Model):
        class Meta:
            database = db
            table_name = "account"

    class Person(Model):
        class Meta:
            database = db
            table_name = "person"

    class ExternalParty(Model):
        key = CharField(unique=True, max_length=40)
        contact = CharField(max_length=300)
        frequency = CharField(max_length=30)
        created_at = DateTimeField()

        class Meta:
            database = db
            table_name = "external_party"

    db.create_tables([ExternalParty])

    class NoticeVersion(Model):
        party = ForeignKeyField(ExternalParty)
        version = IntegerField()
        field_keys = TextField()
        name_nl = CharField(max_length=200)
        name_en = CharField(max_length=200)
        description_nl = TextField()
        description_en = TextField()
        purpose_nl = TextField()
        purpose_en = TextField()
        created_at = DateTimeField()
        created_by = ForeignKeyField(Account, null=True)

        class Meta:
            database = db
            table_name = "notice_version"
            indexes = ((("party", "version"), True),)

    db.create_tables([NoticeVersion])

    class ConsentEvent(Model):
        record_id = CharField(unique=True, max_length=36)
        person = ForeignKeyField(Person, on_delete="CASCADE")
        party = ForeignKeyField(ExternalParty)
        notice_version = ForeignKeyField(NoticeVersion)
        decision = CharField(max_length=10)
        occurred_at = DateTimeField()
        channel = CharField(max_length=10)
        actor = ForeignKeyField(Account, null=True)
        language = CharField(max_length=2)

        class Meta:
            database = db
            table_name = "consent_event"
            indexes = ((("party", "person", "occurred_at"), False),)

    db.create_tables([ConsentEvent])

    class Delivery(Model):
        party = ForeignKeyField(ExternalParty)
        notice_version = ForeignKeyField(NoticeVersion)
        reference_date = DateField()
        parameters = TextField()
        run_by = ForeignKeyField(Account, null=True)
        run_at = DateTimeField(index=True)
        person_count = IntegerField()

        class Meta:
            database = db
            table_name = "delivery"

    db.create_tables([Delivery])

    class DeliveryFile(Model):
        delivery = ForeignKeyField(Delivery, on_delete="CASCADE")
        recipient = CharField(max_length=300)
        file_name = CharField(max_length=200)
        header = TextField()
        row_count = IntegerField()
        person_count = IntegerField()

        class Meta:
            database = db
            table_name = "delivery_file"

    db.create_tables([DeliveryFile])

    class Disclosure(Model):
        delivery = ForeignKeyField(Delivery, on_delete="CASCADE")
        file = ForeignKeyField(DeliveryFile, on_delete="CASCADE")
        person = ForeignKeyField(Person, on_delete="CASCADE")
        field_keys = TextField()
        rows = TextField(null=True)
        created_at = DateTimeField()

        class Meta:
            database = db
            table_name = "disclosure"

    db.create_tables([Disclosure])


def down(migrator, db):
    migrator.migrate(migrator.drop_table("disclosure"))
    migrator.migrate(migrator.drop_table("delivery_file"))
    migrator.migrate(migrator.drop_table("delivery"))
    migrator.migrate(migrator.drop_table("consent_event"))
    migrator.migrate(migrator.drop_table("notice_version"))
    migrator.migrate(migrator.drop_table("external_party"))
