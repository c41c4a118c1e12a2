"""Initial schema: persons, study history, the retention record types and accounts."""

# Generated from a schema diff, then frozen. Python-side defaults (utcnow) are not part
# of the schema, so the tables here carry none.
from peewee import *


def up(migrator, db):
    class Person(Model):
        student_number = CharField(unique=True, max_length=8)
        initials = CharField(max_length=20)
        first_name = CharField(max_length=100)
        prefix = CharField(max_length=20, default="")
        surname = CharField(index=True, max_length=100)
        date_of_birth = DateField()
        university_email = CharField(max_length=200)
        private_email = CharField(null=True, max_length=200)
        phone = CharField(null=True, max_length=40)
        postal_address = TextField(null=True)
        nationality = CharField(max_length=60)
        school_brin = CharField(index=True, null=True, max_length=6)
        school_name = CharField(null=True, max_length=200)
        is_restricted = BooleanField(default=False)
        created_at = DateTimeField()

        class Meta:
            database = db
            table_name = "person"

    db.create_tables([Person])

    class Account(Model):
        username = CharField(unique=True, max_length=100)
        password_hash = CharField(null=True)
        role = CharField(max_length=20)
        person = ForeignKeyField(Person, unique=True, null=True, on_delete="CASCADE")
        display_name = CharField(max_length=200)
        is_active = BooleanField(default=True)
        created_at = DateTimeField()
        last_login_at = DateTimeField(null=True)

        class Meta:
            database = db
            table_name = "account"

    db.create_tables([Account])

    class ColloquiumDoctumDecision(Model):
        person = ForeignKeyField(Person, field=Person.id, null=True, on_delete="CASCADE")
        title = CharField(max_length=200)
        content_text = TextField(null=True)
        file_name = CharField(null=True, max_length=200)
        file_data = BlobField(null=True)
        created_at = DateTimeField()
        outcome = CharField(max_length=10)
        decided_on = DateField()

        class Meta:
            database = db
            table_name = "colloquium_doctum_decision"

    db.create_tables([ColloquiumDoctumDecision])

    class CounsellingEntry(Model):
        person = ForeignKeyField(Person, field=Person.id, null=True, on_delete="CASCADE")
        title = CharField(max_length=200)
        content_text = TextField(null=True)
        file_name = CharField(null=True, max_length=200)
        file_data = BlobField(null=True)
        created_at = DateTimeField()
        counsellor = CharField(max_length=100)
        written_on = DateField()
        is_special_category = BooleanField(default=False)
        is_internal_note = BooleanField(default=False)
        shared_further = BooleanField(default=False)

        class Meta:
            database = db
            table_name = "counselling_entry"

    db.create_tables([CounsellingEntry])

    class CourseParticipantForm(Model):
        person = ForeignKeyField(Person, field=Person.id, null=True, on_delete="CASCADE")
        title = CharField(max_length=200)
        content_text = TextField(null=True)
        file_name = CharField(null=True, max_length=200)
        file_data = BlobField(null=True)
        created_at = DateTimeField()
        course_name = CharField(max_length=200)
        course_year_start = DateField()

        class Meta:
            database = db
            table_name = "course_participant_form"

    db.create_tables([CourseParticipantForm])

    class CourseResult(Model):
        person = ForeignKeyField(Person, on_delete="CASCADE")
        course_code = CharField(max_length=20)
        course_name = CharField(max_length=200)
        ec = DecimalField(max_digits=4, decimal_places=1)
        grade = DecimalField(max_digits=3, decimal_places=1)
        result_date = DateField()

        class Meta:
            database = db
            table_name = "course_result"

    db.create_tables([CourseResult])

    class DeficiencyDocument(Model):
        person = ForeignKeyField(Person, field=Person.id, null=True, on_delete="CASCADE")
        title = CharField(max_length=200)
        content_text = TextField(null=True)
        file_name = CharField(null=True, max_length=200)
        file_data = BlobField(null=True)
        created_at = DateTimeField()
        deficiency = CharField(max_length=200)
        admission_decided_on = DateField(null=True)

        class Meta:
            database = db
            table_name = "deficiency_document"

    db.create_tables([DeficiencyDocument])

    class Programme(Model):
        code = CharField(unique=True, max_length=10)
        name_nl = CharField(max_length=200)
        name_en = CharField(max_length=200)
        faculty = CharField(max_length=20)
        level = CharField(max_length=10)

        class Meta:
            database = db
            table_name = "programme"

    db.create_tables([Programme])

    class Degree(Model):
        person = ForeignKeyField(Person, on_delete="CASCADE")
        programme = ForeignKeyField(Programme)
        exam_type = CharField(max_length=20)
        exam_date = DateField(index=True)

        class Meta:
            database = db
            table_name = "degree"

    db.create_tables([Degree])

    class DirectDebitMandate(Model):
        person = ForeignKeyField(Person, field=Person.id, null=True, on_delete="CASCADE")
        title = CharField(max_length=200)
        content_text = TextField(null=True)
        file_name = CharField(null=True, max_length=200)
        file_data = BlobField(null=True)
        created_at = DateTimeField()
        iban = CharField(max_length=34)
        account_holder = CharField(max_length=200)
        signed_on = DateField()

        class Meta:
            database = db
            table_name = "direct_debit_mandate"

    db.create_tables([DirectDebitMandate])

    class Enrolment(Model):
        person = ForeignKeyField(Person, on_delete="CASCADE")
        programme = ForeignKeyField(Programme)
        enrolment_type = CharField(max_length=30)
        form = CharField(max_length=10)
        start_date = DateField()
        end_date = DateField(index=True, null=True)
        end_reason = CharField(null=True, max_length=30)

        class Meta:
            database = db
            table_name = "enrolment"

    db.create_tables([Enrolment])

    class ExchangeDocument(Model):
        person = ForeignKeyField(Person, field=Person.id, null=True, on_delete="CASCADE")
        title = CharField(max_length=200)
        content_text = TextField(null=True)
        file_name = CharField(null=True, max_length=200)
        file_data = BlobField(null=True)
        created_at = DateTimeField()
        partner_institution = CharField(max_length=200)
        academic_year = IntegerField()

        class Meta:
            database = db
            table_name = "exchange_document"

    db.create_tables([ExchangeDocument])

    class ForeignAdmissionDecision(Model):
        person = ForeignKeyField(Person, field=Person.id, null=True, on_delete="CASCADE")
        title = CharField(max_length=200)
        content_text = TextField(null=True)
        file_name = CharField(null=True, max_length=200)
        file_data = BlobField(null=True)
        created_at = DateTimeField()
        country = CharField(max_length=60)
        outcome = CharField(max_length=10)
        decided_on = DateField()
        settled_on = DateField(null=True)

        class Meta:
            database = db
            table_name = "foreign_admission_decision"

    db.create_tables([ForeignAdmissionDecision])

    class IdentityDocumentCopy(Model):
        person = ForeignKeyField(Person, field=Person.id, null=True, on_delete="CASCADE")
        title = CharField(max_length=200)
        content_text = TextField(null=True)
        file_name = CharField(null=True, max_length=200)
        file_data = BlobField(null=True)
        created_at = DateTimeField()
        document_type = CharField(max_length=20)
        bsn_masked = BooleanField(default=True)
        photo_masked = BooleanField(default=True)
        received_on = DateField()
        processed_on = DateField(null=True)

        class Meta:
            database = db
            table_name = "identity_document_copy"

    db.create_tables([IdentityDocumentCopy])

    class LoginAttempt(Model):
        username = CharField(index=True, max_length=100)
        ip_address = CharField(index=True, max_length=45)
        attempted_at = DateTimeField(index=True)

        class Meta:
            database = db
            table_name = "login_attempt"

    db.create_tables([LoginAttempt])

    class MatchingResult(Model):
        person = ForeignKeyField(Person, field=Person.id, null=True, on_delete="CASCADE")
        title = CharField(max_length=200)
        content_text = TextField(null=True)
        file_name = CharField(null=True, max_length=200)
        file_data = BlobField(null=True)
        created_at = DateTimeField()
        programme = ForeignKeyField(Programme)
        academic_year = IntegerField()
        advice = CharField(max_length=30)
        subject_pseudonym = CharField(null=True, max_length=64)

        class Meta:
            database = db
            table_name = "matching_result"

    db.create_tables([MatchingResult])

    class SelectionDocument(Model):
        person = ForeignKeyField(Person, field=Person.id, null=True, on_delete="CASCADE")
        title = CharField(max_length=200)
        content_text = TextField(null=True)
        file_name = CharField(null=True, max_length=200)
        file_data = BlobField(null=True)
        created_at = DateTimeField()
        programme = ForeignKeyField(Programme)
        academic_year = IntegerField()
        rank = IntegerField(null=True)

        class Meta:
            database = db
            table_name = "selection_document"

    db.create_tables([SelectionDocument])

    class SurveyHandover(Model):
        person = ForeignKeyField(Person, field=Person.id, null=True, on_delete="CASCADE")
        title = CharField(max_length=200)
        content_text = TextField(null=True)
        file_name = CharField(null=True, max_length=200)
        file_data = BlobField(null=True)
        created_at = DateTimeField()
        survey_name = CharField(max_length=100)
        email_address = CharField(max_length=200)
        handed_over_on = DateField()
        delete_on = DateField()

        class Meta:
            database = db
            table_name = "survey_handover"

    db.create_tables([SurveyHandover])


def down(migrator, db):
    migrator.migrate(migrator.drop_table("survey_handover"))
    migrator.migrate(migrator.drop_table("selection_document"))
    migrator.migrate(migrator.drop_table("matching_result"))
    migrator.migrate(migrator.drop_table("login_attempt"))
    migrator.migrate(migrator.drop_table("identity_document_copy"))
    migrator.migrate(migrator.drop_table("foreign_admission_decision"))
    migrator.migrate(migrator.drop_table("exchange_document"))
    migrator.migrate(migrator.drop_table("enrolment"))
    migrator.migrate(migrator.drop_table("direct_debit_mandate"))
    migrator.migrate(migrator.drop_table("degree"))
    migrator.migrate(migrator.drop_table("programme"))
    migrator.migrate(migrator.drop_table("deficiency_document"))
    migrator.migrate(migrator.drop_table("course_result"))
    migrator.migrate(migrator.drop_table("course_participant_form"))
    migrator.migrate(migrator.drop_table("counselling_entry"))
    migrator.migrate(migrator.drop_table("colloquium_doctum_decision"))
    migrator.migrate(migrator.drop_table("account"))
    migrator.migrate(migrator.drop_table("person"))
