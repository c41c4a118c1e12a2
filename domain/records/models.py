"""The record types of the retention table (DOMAIN.md §6).

Each holds metadata, content (text or a file) and the dates its retention rule
counts from. Which date that is, and for how long, is declared in the register,
not here.
"""

from __future__ import annotations

from peewee import (
    BlobField,
    BooleanField,
    CharField,
    DateField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    TextField,
)

from domain.core.db import BaseModel, utcnow
from domain.core.text import choices
from domain.people.models import Person, Programme
from domain.people.vocabulary import (
    ADMISSION_EMAIL_TOPICS,
    COPY_PROCESSING,
    DECISION_OUTCOMES,
    MATCHING_ADVICE,
)


class PersonRecord(BaseModel):
    """Fields every record type shares: its subject, a title and its content."""

    person = ForeignKeyField(Person, on_delete="CASCADE", null=True)
    title = CharField(max_length=200)
    content_text = TextField(null=True)
    file_name = CharField(max_length=200, null=True)
    file_data = BlobField(null=True)
    created_at = DateTimeField(default=utcnow)


class IdentityDocumentCopy(PersonRecord):
    """Stored only through ``domain.records.identity``, which refuses an unmasked copy."""

    document_type = CharField(max_length=20)  # passport, id card, residence permit
    bsn_masked = BooleanField(default=True)
    photo_masked = BooleanField(default=True)
    received_on = DateField()
    # When the copy was processed: the enrolment was processed, or the application was
    # withdrawn or rejected (``processing`` says which).
    processed_on = DateField(null=True)
    processing = CharField(max_length=10, null=True, choices=choices(COPY_PROCESSING))


class ForeignAdmissionDecision(PersonRecord):
    country = CharField(max_length=60)
    outcome = CharField(max_length=10, choices=choices(DECISION_OUTCOMES))
    decided_on = DateField()
    # The day the applicant enrolled or withdrew the application: the term counts from it.
    settled_on = DateField(null=True)


class DeficiencyDocument(PersonRecord):
    deficiency = CharField(max_length=200)
    admission_decided_on = DateField(null=True)


class ColloquiumDoctumDecision(PersonRecord):
    outcome = CharField(max_length=10, choices=choices(DECISION_OUTCOMES))
    decided_on = DateField()


class SelectionDocument(PersonRecord):
    programme = ForeignKeyField(Programme)
    academic_year = IntegerField()  # the year the academic year starts in
    rank = IntegerField(null=True)


class MatchingResult(PersonRecord):
    programme = ForeignKeyField(Programme)
    academic_year = IntegerField()
    advice = CharField(max_length=30, choices=choices(MATCHING_ADVICE))
    # Keyed pseudonym of the subject, filled when the record is pseudonymised (after its
    # term) so that statistics can still count per student. Linkable with the key, so the
    # rows stay personal data (GDPR Art. 4(5)); counts from them suppress small groups
    # (domain/records/matching.py).
    subject_pseudonym = CharField(max_length=64, null=True)


class ExchangeDocument(PersonRecord):
    partner_institution = CharField(max_length=200)
    academic_year = IntegerField()


class CourseParticipantForm(PersonRecord):
    course_name = CharField(max_length=200)
    course_year_start = DateField()


class DirectDebitMandate(PersonRecord):
    iban = CharField(max_length=34)
    account_holder = CharField(max_length=200)
    signed_on = DateField()


class CounsellingEntry(PersonRecord):
    counsellor = CharField(max_length=100)
    written_on = DateField()
    is_special_category = BooleanField(default=False)
    # Personal thoughts of the counsellor for internal deliberation (rug §3.2):
    # exempt from access until shared further.
    is_internal_note = BooleanField(default=False)
    shared_further = BooleanField(default=False)


class SurveyHandover(PersonRecord):
    survey_name = CharField(max_length=100)
    email_address = CharField(max_length=200)
    handed_over_on = DateField()
    delete_on = DateField()  # the fixed date agreed with the survey organiser


class SummerSchoolParticipation(PersonRecord):
    """Registration for a summer or winter school (rug 8.1 §2.7.4)."""

    school_name = CharField(max_length=200)
    school_ended_on = DateField()
    # The school's annual report: once made, the participants' data is erased.
    annual_report_on = DateField(null=True)


class AdmissionEmail(PersonRecord):
    """An e-mail about admission, matching, selection or BSA (rug §1.4)."""

    topic = CharField(max_length=12, choices=choices(ADMISSION_EMAIL_TOPICS))
    cohort = IntegerField(index=True)  # the academic year of the cohort it concerns
    sent_on = DateField()


class EvaluationRecording(PersonRecord):
    """A lecture recorded for a teacher's evaluation (BKO) in which the student appears."""

    course_name = CharField(max_length=200)
    recorded_on = DateField()
    evaluation_done_on = DateField(null=True, index=True)


class EvaluationForm(PersonRecord):
    """A course evaluation filled in by the student (rug §6.1)."""

    course_name = CharField(max_length=200)
    submitted_on = DateField()
    overall_score = IntegerField(null=True)  # 1-5
    processed_on = DateField(null=True, index=True)


class AccreditationDocument(PersonRecord):
    """A student's work made available to an accreditation panel (rug §7)."""

    programme = ForeignKeyField(Programme)
    document_kind = CharField(max_length=100)  # thesis, final project, test with grading
    final_decision_on = DateField(null=True, index=True)


RECORD_MODELS = [
    IdentityDocumentCopy,
    ForeignAdmissionDecision,
    DeficiencyDocument,
    ColloquiumDoctumDecision,
    SelectionDocument,
    MatchingResult,
    ExchangeDocument,
    CourseParticipantForm,
    DirectDebitMandate,
    CounsellingEntry,
    SurveyHandover,
    SummerSchoolParticipation,
    AdmissionEmail,
    EvaluationRecording,
    EvaluationForm,
    AccreditationDocument,
]
