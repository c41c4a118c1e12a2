"""A delivery's one-time run token: the confirmation of a preview makes at most one delivery.

The preview hands out a fresh token; the confirming POST carries it. A unique column lets
the database refuse a second delivery for the same confirmation (a double click, a
resubmitted form, two tabs), also when two requests arrive at the same moment.
"""

from peewee import CharField


def up(migrator, db):
    migrator.migrate(
        migrator.add_column(
            "delivery", "run_token", CharField(max_length=64, null=True, unique=True)
        )
    )


def down(migrator, db):
    # The unique index first: SQLite cannot drop a column an index still names.
    migrator.migrate(
        migrator.drop_index("delivery", "delivery_run_token"),
        migrator.drop_column("delivery", "run_token"),
    )
