"""Rights requests: the request, its timeline, messages and notes, attachments."""

# Written against the models of domain/requests/models.py, then frozen.
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

    class RightsRequest(Model):
        reference = CharField(max_length=20, unique=True)
        person = ForeignKeyField(Person, on_delete="CASCADE")
        request_type = CharField(max_length=20)
        status = CharField(max_length=20, index=True)
        channel = CharField(max_length=10)
        language = CharField(max_length=2)
        details = TextField()
        submission_key = CharField(max_length=64, unique=True, null=True)
        received_at = DateTimeField()
        received_on = DateField(index=True)
        due_on = DateField(index=True)
        extended = BooleanField()
        extension_reason = TextField(null=True)
        waiting_since = DateField(null=True)
        days_waited = IntegerField()
        assignee = ForeignKeyField(Account, null=True, on_delete="SET NULL")
        proposed_outcome = CharField(max_length=20, null=True)
        proposed_ground = CharField(max_length=20, null=True)
        proposed_message = TextField(null=True)
        proposed_by = ForeignKeyField(Account, null=True, on_delete="SET NULL")
        outcome = CharField(max_length=20, null=True)
        ground = CharField(max_length=20, null=True)
        decision_message = TextField(null=True)
        decided_at = DateTimeField(null=True)
        decided_by = ForeignKeyField(Account, null=True, on_delete="SET NULL")
        closed_at = DateTimeField(null=True, index=True)

        class Meta:
            database = db
            table_name = "rights_request"

    db.create_tables([RightsRequest])

    class RequestEvent(Model):
        request = ForeignKeyField(RightsRequest, on_delete="CASCADE")
        person = ForeignKeyField(Person, on_delete="CASCADE")
        kind = CharField(max_length=20)
        actor = ForeignKeyField(Account, null=True, on_delete="SET NULL")
        occurred_at = DateTimeField()
        note = TextField(null=True)

        class Meta:
            database = db
            table_name = "request_event"

    db.create_tables([RequestEvent])

    class RequestMessage(Model):
        request = ForeignKeyField(RightsRequest, on_delete="CASCADE")
        person = ForeignKeyField(Person, on_delete="CASCADE")
        author = ForeignKeyField(Account, null=True, on_delete="SET NULL")
        from_student = BooleanField()
        internal = BooleanField()
        body = TextField()
        created_at = DateTimeField()

        class Meta:
            database = db
            table_name = "request_message"

    db.create_tables([RequestMessage])

    class RequestAttachment(Model):
        request = ForeignKeyField(RightsRequest, on_delete="CASCADE")
        person = ForeignKeyField(Person, on_delete="CASCADE")
        message = ForeignKeyField(RequestMessage, null=True, on_delete="CASCADE")
        file_name = CharField(max_length=200)
        content_type = CharField(max_length=50)
        size = IntegerField()
        data = BlobField()
        created_at = DateTimeField()

        class Meta:
            database = db
            table_name = "request_attachment"

    db.create_tables([RequestAttachment])


def down(migrator, db):
    for table in ("request_attachment", "request_message", "request_event", "rights_request"):
        migrator.migrate(migrator.drop_table(table))
