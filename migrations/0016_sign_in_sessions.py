"""Sign-in sessions kept on the server, so signing out and an administrator end them."""

# Written against the models of domain/accounts/models.py, then frozen.
from peewee import *


def up(migrator, db):
    class Account(Model):
        class Meta:
            database = db
            table_name = "account"

    class SignInSession(Model):
        token_hash = CharField(max_length=64, unique=True)
        account = ForeignKeyField(Account, on_delete="CASCADE")
        started_at = DateTimeField()
        last_seen_at = DateTimeField()
        device = CharField(max_length=200)
        ip_address = CharField(max_length=45)

        class Meta:
            database = db
            table_name = "sign_in_session"

    db.create_tables([SignInSession])


def down(migrator, db):
    migrator.migrate(migrator.drop_table("sign_in_session"))
