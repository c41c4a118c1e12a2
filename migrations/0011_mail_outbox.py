"""The mail outbox: e-mail written with its change, sent by the worker with retries."""

# Written against the models of domain/mail/models.py, then frozen.
from peewee import *


def up(migrator, db):
    class Person(Model):
        class Meta:
            database = db
            table_name = "person"

    class OutboxMail(Model):
        kind = CharField(max_length=30)
        person = ForeignKeyField(Person, null=True, on_delete="CASCADE")
        recipient = CharField(max_length=200)
        language = CharField(max_length=2)
        subject = CharField(max_length=200)
        body = TextField()
        status = CharField(max_length=10)
        attempts = IntegerField()
        next_attempt_at = DateTimeField()
        sent_at = DateTimeField(null=True)
        last_error = CharField(max_length=300, null=True)
        created_at = DateTimeField(index=True)

        class Meta:
            database = db
            table_name = "outbox_mail"
            indexes = ((("status", "next_attempt_at"), False),)

    db.create_tables([OutboxMail])


def down(migrator, db):
    migrator.migrate(migrator.drop_table("outbox_mail"))
