"""An external party's contact in both languages: contact becomes contact_nl, plus contact_en."""

# Written by hand against the frozen 0002 schema; it imports no live model. The existing
# contact is kept as the Dutch one and copied to the English one, so an upgraded database
# shows the same contact in both languages until an admin writes the English one.
from peewee import *


def up(migrator, db):
    migrator.migrate(
        migrator.rename_column("external_party", "contact", "contact_nl"),
        # Added as nullable, filled with the default '', then made NOT NULL like the model.
        migrator.add_column("external_party", "contact_en", CharField(max_length=300, default="")),
        migrator.sql("UPDATE external_party SET contact_en = contact_nl"),
    )


def down(migrator, db):
    # The English contact is lost: before 0004 a party had one contact only.
    migrator.migrate(
        migrator.drop_column("external_party", "contact_en"),
        migrator.rename_column("external_party", "contact_nl", "contact"),
    )
