"""Persons and their study history: the basic study data of a Dutch university."""

from __future__ import annotations

from peewee import (
    BooleanField,
    CharField,
    DateField,
    DateTimeField,
    DecimalField,
    ForeignKeyField,
    TextField,
)

from domain.core.db import BaseModel, utcnow
from domain.core.text import choices
from domain.people.vocabulary import (
    ENROLMENT_END_REASONS,
    ENROLMENT_FORMS,
    ENROLMENT_TYPES,
    EXAM_TYPES,
    PROGRAMME_LEVELS,
    SURVEY_LANGUAGES,
)


class Person(BaseModel):
    student_number = CharField(max_length=8, unique=True)
    initials = CharField(max_length=20)
    first_name = CharField(max_length=100)
    prefix = CharField(max_length=20, default="")
    surname = CharField(max_length=100, index=True)
    date_of_birth = DateField()
    university_email = CharField(max_length=200)
    private_email = CharField(max_length=200, null=True)
    phone = CharField(max_length=40, null=True)
    postal_address = TextField(null=True)
    nationality = CharField(max_length=60)
    school_brin = CharField(max_length=6, null=True, index=True)
    school_name = CharField(max_length=200, null=True)
    # The language the student wants survey invitations in (the NSE offers nl, en, de).
    survey_language = CharField(max_length=2, default="nl", choices=choices(SURVEY_LANGUAGES))
    # Restriction (AVG art. 18): the person's data is marked and neither processed nor shared.
    is_restricted = BooleanField(default=False)
    # An applicant who never enrolled: the day the application was withdrawn, rejected or
    # closed as not completed. End-of-enrolment terms count from it instead.
    application_ended_on = DateField(null=True)
    created_at = DateTimeField(default=utcnow)

    @property
    def display_name(self) -> str:
        return " ".join(p for p in (self.first_name, self.prefix, self.surname) if p)


class Programme(BaseModel):
    code = CharField(max_length=10, unique=True)  # CROHO code
    name_nl = CharField(max_length=200)
    name_en = CharField(max_length=200)
    faculty = CharField(max_length=20)
    level = CharField(max_length=10, choices=choices(PROGRAMME_LEVELS))

    def name(self, locale: str) -> str:
        return self.name_nl if locale == "nl" else self.name_en


class Enrolment(BaseModel):
    person = ForeignKeyField(Person, backref="enrolments", on_delete="CASCADE")
    programme = ForeignKeyField(Programme, backref="enrolments")
    enrolment_type = CharField(max_length=30, choices=choices(ENROLMENT_TYPES))
    form = CharField(max_length=10, choices=choices(ENROLMENT_FORMS))
    start_date = DateField()
    # Always known (enrolment regulations art. 2.7, 2.8.1): an enrolment lasts until
    # 31 August of its academic year unless renewed (``domain.people.enrolments.renew``),
    # so a student who silently stops is not "enrolled" for ever.
    end_date = DateField(index=True)
    end_reason = CharField(max_length=30, null=True, choices=choices(ENROLMENT_END_REASONS))
    # Followed as distance learning (afstandsonderwijs), and the programme's variant or
    # track, if it has them: both are handed over to the NSE (domain.deliveries.nse).
    distance_learning = BooleanField(default=False)
    track = CharField(max_length=100, null=True)


class CourseResult(BaseModel):
    person = ForeignKeyField(Person, backref="course_results", on_delete="CASCADE")
    course_code = CharField(max_length=20)
    course_name = CharField(max_length=200)
    ec = DecimalField(max_digits=4, decimal_places=1)
    grade = DecimalField(max_digits=3, decimal_places=1)
    result_date = DateField()


class Degree(BaseModel):
    person = ForeignKeyField(Person, backref="degrees", on_delete="CASCADE")
    programme = ForeignKeyField(Programme)
    exam_type = CharField(max_length=20, choices=choices(EXAM_TYPES))
    exam_date = DateField(index=True)
