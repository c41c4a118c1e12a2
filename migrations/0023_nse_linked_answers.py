"""The NSE's link file and support-needs block (issue 13 §2): the answers of students who
consented to be linked, and, kept apart, the special-category answers of the block
"Studeren met een ondersteuningsbehoefte"."""

# Written against the models of domain/surveys/models.py, then frozen.
from peewee import *


def up(migrator, db):
    class Person(Model):
        class Meta:
            database = db
            table_name = "person"

    class SurveyLinkedAnswer(Model):
        person = ForeignKeyField(Person, on_delete="CASCADE")
        survey_name = CharField(max_length=100, index=True)
        respondent_key = CharField(max_length=64)
        question = CharField(max_length=50)
        score = IntegerField()
        imported_on = DateField()

        class Meta:
            database = db
            table_name = "survey_linked_answer"

    class SurveySupportAnswer(Model):
        person = ForeignKeyField(Person, on_delete="CASCADE")
        survey_name = CharField(max_length=100, index=True)
        respondent_key = CharField(max_length=64)
        question = CharField(max_length=50)
        score = IntegerField()
        imported_on = DateField()

        class Meta:
            database = db
            table_name = "survey_support_answer"

    db.create_tables([SurveyLinkedAnswer, SurveySupportAnswer])


def down(migrator, db):
    migrator.migrate(
        migrator.drop_table("survey_support_answer"), migrator.drop_table("survey_linked_answer")
    )
