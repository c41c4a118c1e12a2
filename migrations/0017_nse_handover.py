"""The NSE hand-over (issue 13): the survey language of a person, distance learning and
the variant or track of an enrolment."""

# Written by hand; it imports no live model. Added with their defaults, so existing
# persons are invited in Dutch and no enrolment is distance learning until told otherwise.
from peewee import *


def up(migrator, db):
    migrator.migrate(
        migrator.add_column("person", "survey_language", CharField(max_length=2, default="nl")),
        migrator.add_column("enrolment", "distance_learning", BooleanField(default=False)),
        migrator.add_column("enrolment", "track", CharField(max_length=100, null=True)),
    )


def down(migrator, db):
    migrator.migrate(
        migrator.drop_column("person", "survey_language"),
        migrator.drop_column("enrolment", "distance_learning"),
        migrator.drop_column("enrolment", "track"),
    )
