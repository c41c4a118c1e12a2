"""The NSE's results per programme, as the organiser returns them: no person in them."""

from __future__ import annotations

from peewee import CharField, DateTimeField, DecimalField, ForeignKeyField, IntegerField

from domain.accounts.models import Account
from domain.core.db import BaseModel, utcnow
from domain.people.models import Programme


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


SURVEY_MODELS = [SurveyResult]
