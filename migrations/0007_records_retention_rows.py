"""Identity copies record what processed them; the retention rows nobody enforced get models."""
# Written by hand against the frozen schema of 0001-0004; it imports no live model.
from peewee import *


def up(migrator, db):
    migrator.migrate(
        migrator.add_column('identity_document_copy', 'processing',
                            CharField(max_length=10, null=True)),
    )


def down(migrator, db):
    migrator.migrate(
        migrator.drop_column('identity_document_copy', 'processing'),
    )
