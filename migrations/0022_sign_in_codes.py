"""Former students sign in with a code by e-mail: the codes, the requests, the session's mark."""

# Written against the models of domain/accounts/models.py, then frozen.
from peewee import *


def up(migrator, db):
    class Account(Model):
        class Meta:
            database = db
            table_name = "account"

    class SignInCode(Model):
        account = ForeignKeyField(Account, unique=True, on_delete="CASCADE")
        code_hash = CharField(max_length=64)
        created_at = DateTimeField(index=True)
        expires_at = DateTimeField()
        attempts = IntegerField(default=0)

        class Meta:
            database = db
            table_name = "sign_in_code"

    class SignInCodeRequest(Model):
        account = ForeignKeyField(Account, null=True, on_delete="CASCADE")
        ip_address = CharField(max_length=45, index=True)
        created_at = DateTimeField(index=True)

        class Meta:
            database = db
            table_name = "sign_in_code_request"

    db.create_tables([SignInCode, SignInCodeRequest])
    migrator.migrate(migrator.add_column("sign_in_session", "by_code", BooleanField(default=False)))


def down(migrator, db):
    migrator.migrate(migrator.drop_column("sign_in_session", "by_code"))
    migrator.migrate(
        migrator.drop_table("sign_in_code_request"), migrator.drop_table("sign_in_code")
    )
