"""The NSE (issue 13): the survey language of a person, distance learning and the variant
or track of an enrolment (the hand-over), and the anonymous results per programme."""

# Written by hand; it imports no live model. Added with their defaults, so existing
# persons are invited in Dutch and no enrolment is distance learning until told otherwise.
from peewee import *


def up(migrator, db):
    class Programme(Model):
        class Meta:
            database = db
            table_name = "programme"

    class Account(Model):
        class Meta:
            database = db
            table_name = "account"

    # Issue 13 §2: the NSE's anonymous results per programme (domain/surveys/models.py).
    class SurveyResult(Model):
        year = IntegerField()
        programme = ForeignKeyField(Programme)
        question = CharField(max_length=200)
        score = DecimalField(max_digits=3, decimal_places=2, null=True)
        respondents = IntegerField()
        uploaded_at = DateTimeField()
        uploaded_by = ForeignKeyField(Account, null=True)

        class Meta:
            database = db
            table_name = "survey_result"
            indexes = ((("year", "programme", "question"), True),)

    db.create_tables([SurveyResult])
    migrator.migrate(
        migrator.add_column("person", "survey_language", CharField(max_length=2, default="nl")),
        migrator.add_column("enrolment", "distance_learning", BooleanField(default=False)),
        migrator.add_column("enrolment", "track", CharField(max_length=100, null=True)),
    )


def down(migrator, db):
    migrator.migrate(
        migrator.drop_table("survey_result"),
        migrator.drop_column("person", "survey_language"),
        migrator.drop_column("enrolment", "distance_learning"),
        migrator.drop_column("enrolment", "track"),
    )
