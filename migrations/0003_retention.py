"""Retention: legal holds, run records, destruction lists; and the staff audit trail."""

# Generated from a schema diff, then frozen (Python-side defaults are not schema).
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

    class AuditEvent(Model):
        actor = ForeignKeyField(Account, on_delete="RESTRICT")
        action = CharField(max_length=50)
        person = ForeignKeyField(Person, null=True, on_delete="SET NULL")
        occurred_at = DateTimeField(index=True)
        detail = TextField(null=True)

        class Meta:
            database = db
            table_name = "audit_event"

    db.create_tables([AuditEvent])

    class RetentionRun(Model):
        started_at = DateTimeField(index=True)
        finished_at = DateTimeField(null=True)
        today = DateField()
        dry_run = BooleanField(default=False)
        trigger = CharField(max_length=20)
        outcome = CharField(index=True, max_length=12, default="running")
        error = TextField(null=True)

        class Meta:
            database = db
            table_name = "retention_run"

    db.create_tables([RetentionRun])

    class DestructionList(Model):
        rule = CharField(max_length=50)
        record_type = CharField(max_length=50)
        created_at = DateTimeField()
        created_by_run = ForeignKeyField(RetentionRun, null=True, on_delete="SET NULL")
        approved_at = DateTimeField(null=True)
        approved_by = ForeignKeyField(Account, null=True, on_delete="SET NULL")
        approval_note = TextField(null=True)

        class Meta:
            database = db
            table_name = "destruction_list"

    db.create_tables([DestructionList])

    class DestructionItem(Model):
        destruction_list = ForeignKeyField(DestructionList, on_delete="CASCADE")
        record_id = IntegerField()
        destroyed_at = DateTimeField(null=True)

        class Meta:
            database = db
            table_name = "destruction_item"
            indexes = ((("destruction_list", "record_id"), True),)

    db.create_tables([DestructionItem])

    class LegalHold(Model):
        person = ForeignKeyField(Person, on_delete="CASCADE")
        reason = TextField()
        placed_by = ForeignKeyField(Account, null=True, on_delete="SET NULL")
        placed_at = DateTimeField()
        lifted_at = DateTimeField(index=True, null=True)
        lifted_by = ForeignKeyField(Account, null=True, on_delete="SET NULL")
        lift_reason = TextField(null=True)

        class Meta:
            database = db
            table_name = "legal_hold"

    db.create_tables([LegalHold])

    class RetentionRunRule(Model):
        run = ForeignKeyField(RetentionRun, on_delete="CASCADE")
        rule = CharField(max_length=50)
        record_type = CharField(max_length=50)
        deleted = IntegerField(default=0)
        anonymised = IntegerField(default=0)
        listed_for_review = IntegerField(default=0)
        held_restricted = IntegerField(default=0)
        held_legal_hold = IntegerField(default=0)
        held_open_request = IntegerField(default=0)

        class Meta:
            database = db
            table_name = "retention_run_rule"

    db.create_tables([RetentionRunRule])


def down(migrator, db):
    migrator.migrate(migrator.drop_table("retention_run_rule"))
    migrator.migrate(migrator.drop_table("legal_hold"))
    migrator.migrate(migrator.drop_table("destruction_item"))
    migrator.migrate(migrator.drop_table("destruction_list"))
    migrator.migrate(migrator.drop_table("retention_run"))
    migrator.migrate(migrator.drop_table("audit_event"))
