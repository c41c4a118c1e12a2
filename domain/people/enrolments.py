"""Enrolments end on 31 August unless renewed (enrolment regulations art. 2.7, 2.8.1)."""

from __future__ import annotations

import datetime as dt

from domain.core.academic_year import academic_year_end, academic_year_of
from domain.core.db import writing
from domain.people.models import Enrolment


def year_end(day: dt.date) -> dt.date:
    """31 August of the academic year ``day`` falls in: where an unrenewed enrolment ends."""
    return academic_year_end(academic_year_of(day))


def renew(enrolment_id: int, year: int) -> Enrolment:
    """Renew an enrolment through academic year ``year`` (re-enrolment for that year).

    An enrolment that already runs further, or that ended for another reason than the
    end of the academic year, is left as it is.
    """
    with writing():
        enrolment = Enrolment.get_by_id(enrolment_id)
        until = academic_year_end(year)
        if enrolment.end_date < until and enrolment.end_reason in (None, "end_of_year"):
            enrolment.end_date, enrolment.end_reason = until, None
            enrolment.save()
    return enrolment
