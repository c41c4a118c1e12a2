"""The NSE's results as the organiser returns them: anonymous results per programme (no
person in them), and the answers of students who consented to be linked (issue 13 §2)."""

from __future__ import annotations

from peewee import CharField, DateField, DateTimeField, DecimalField, ForeignKeyField, IntegerField

from domain.accounts.models import Account
from domain.core.db import BaseModel, utcnow
from domain.people.models import Person, Programme


class SurveyResult(BaseModel):
    """One question's result for one programme in one year's NSE.

    ``score`` is None for a group smaller than ``domain.surveys.results.MIN_GROUP``: such a
    score is never stored, so it can never be shown or exported.
    """

    year = IntegerField()
    programme = ForeignKeyField(Programme)
    question = CharField(max_length=200)
    score = DecimalField(max_digits=3, decimal_places=2, null=True)
    respondents = IntegerField()
    uploaded_at = DateTimeField(default=utcnow)
    uploaded_by = ForeignKeyField(Account, null=True)

    class Meta:
        indexes = ((("year", "programme", "question"), True),)


class LinkedAnswerBase(BaseModel):
    """One answer of one student, linked through the e-mail address handed over.

    The term counts from ``imported_on`` (the register's rules); ``survey_name`` is the
    hand-over's ("NSE 2025"), so a year imported again replaces only its own answers.
    """

    person = ForeignKeyField(Person, on_delete="CASCADE")
    survey_name = CharField(max_length=100, index=True)
    respondent_key = CharField(max_length=64)
    question = CharField(max_length=50)
    score = IntegerField()
    imported_on = DateField()


class SurveyLinkedAnswer(LinkedAnswerBase):
    """The link file (koppelbestand): consent asked at the end of the questionnaire."""


class SurveySupportAnswer(LinkedAnswerBase):
    """The block "Studeren met een ondersteuningsbehoefte": special-category data with its
    own explicit consent (GDPR art. 9(2)(a)), delivered as a separate file and kept apart
    from the linked answers; only counsellors and the student see it."""


SURVEY_MODELS = [SurveyResult, SurveyLinkedAnswer, SurveySupportAnswer]
