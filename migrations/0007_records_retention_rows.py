"""Identity copies record what processed them; five retention rows get a record type.

Summer-school participation, e-mails about admission/matching/selection/BSA, recordings
for teacher evaluation, evaluation forms and accreditation documents (DOMAIN.md §6).
"""

# Written by hand against the frozen schema of 0001-0004; it imports no live model.
from peewee import *


def up(migrator, db):
    migrator.migrate(
        migrator.add_column(
            "identity_document_copy", "processing", CharField(max_length=10, null=True)
        ),
    )

    class Person(Model):
        class Meta:
            database = db
            table_name = "person"

    class Programme(Model):
        class Meta:
            database = db
            table_name = "programme"

    class Record(Model):
        person = ForeignKeyField(Person, field=Person.id, null=True, on_delete="CASCADE")
        title = CharField(max_length=200)
        content_text = TextField(null=True)
        file_name = CharField(null=True, max_length=200)
        file_data = BlobField(null=True)
        created_at = DateTimeField()

        class Meta:
            database = db

    class SummerSchoolParticipation(Record):
        school_name = CharField(max_length=200)
        school_ended_on = DateField()
        annual_report_on = DateField(null=True)

        class Meta:
            table_name = "summer_school_participation"

    class AdmissionEmail(Record):
        topic = CharField(max_length=12)
        cohort = IntegerField(index=True)
        sent_on = DateField()

        class Meta:
            table_name = "admission_email"

    class EvaluationRecording(Record):
        course_name = CharField(max_length=200)
        recorded_on = DateField()
        evaluation_done_on = DateField(null=True, index=True)

        class Meta:
            table_name = "evaluation_recording"

    class EvaluationForm(Record):
        course_name = CharField(max_length=200)
        submitted_on = DateField()
        overall_score = IntegerField(null=True)
        processed_on = DateField(null=True, index=True)

        class Meta:
            table_name = "evaluation_form"

    class AccreditationDocument(Record):
        programme = ForeignKeyField(Programme, field=Programme.id)
        document_kind = CharField(max_length=100)
        final_decision_on = DateField(null=True, index=True)

        class Meta:
            table_name = "accreditation_document"

    db.create_tables(
        [
            SummerSchoolParticipation,
            AdmissionEmail,
            EvaluationRecording,
            EvaluationForm,
            AccreditationDocument,
        ]
    )


def down(migrator, db):
    for table in (
        "accreditation_document",
        "evaluation_form",
        "evaluation_recording",
        "admission_email",
        "summer_school_participation",
    ):
        db.execute_sql(f"DROP TABLE {table}")
    migrator.migrate(
        migrator.drop_column("identity_document_copy", "processing"),
    )
