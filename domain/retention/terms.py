"""When does a record's retention term end? The single place that answers it in Python.

``event_date`` reads the event a rule counts from; the rule's period does the rest.
"""

from __future__ import annotations

import datetime as dt

from peewee import Case, fn

from domain.core.academic_year import academic_year_end, academic_year_start
from domain.core.clock import local_time
from domain.models import Enrolment, Person
from domain.register.rules import Event, RetentionRule


def enrolment_end(person_id: int, today: dt.date) -> dt.date | None:
    """End of the person's last enrolment (or of their application, if never enrolled).

    None while any enrolment is still open, or while a never-enrolled applicant's
    application has not ended.
    """
    row = (
        Enrolment.select(
            fn.COUNT(Enrolment.id).alias("n"),
            fn.SUM(
                Case(None, [(Enrolment.end_date.is_null() | (Enrolment.end_date >= today), 1)], 0)
            ).alias("open"),
            fn.MAX(Enrolment.end_date).alias("last_end"),
        )
        .where(Enrolment.person == person_id)
        .dicts()
        .get()
    )
    if not row["n"]:  # an applicant who never enrolled: the end of the application
        return Person.select(Person.application_ended_on).where(Person.id == person_id).scalar()
    if row["open"]:
        return None
    last = row["last_end"]
    return dt.date.fromisoformat(last) if isinstance(last, str) else last


def event_date(rule: RetentionRule, row: dict, end_of_enrolment: dt.date | None) -> dt.date | None:
    """The date ``rule``'s term counts from for ``row``, or None if it has not happened."""
    if rule.counts_from is Event.NEVER:
        return None
    if rule.counts_from is Event.END_OF_ENROLMENT:
        return end_of_enrolment
    value = row.get(rule.date_field)
    if value is None:
        return None
    if rule.counts_from is Event.ACADEMIC_YEAR_START:
        return academic_year_start(int(value))
    if rule.counts_from is Event.ACADEMIC_YEAR_END:
        return academic_year_end(int(value))
    # A stored timestamp is UTC; its term counts from its Amsterdam date.
    return local_time(value).date() if isinstance(value, dt.datetime) else value


def due_date(rule: RetentionRule, row: dict, end_of_enrolment: dt.date | None) -> dt.date | None:
    """The day the term ends (the night run acts on it that night), or None."""
    return rule.due_date_of(event_date(rule, row, end_of_enrolment), row)
