"""Which rows are due, as SQL conditions — the set-based twin of ``terms.due_date``.

A term ends on ``period.after(event)``. Instead of computing that per row, each rule
turns ``today`` into the latest event date (or academic year) that is already due, so
the database compares one indexed column with one constant.
"""

from __future__ import annotations

import calendar
import datetime as dt

from peewee import Case, DateTimeField, fn

from domain.core.academic_year import academic_year_end, academic_year_start
from domain.models import Enrolment, Person
from domain.register.rules import (
    Action,
    Event,
    Period,
    RetentionRule,
    Strategy,
    Unit,
    add_months,
)


def latest_due_event(period: Period, today: dt.date) -> dt.date:
    """The latest event date whose term has ended by ``today``.

    ``period.after`` clamps to month ends, so on the last day of a month every event
    later in the month it maps back to is due as well (31 Jan + 1 month = 29 Feb).
    """
    if period.unit is Unit.DAYS:
        return today - dt.timedelta(days=period.amount)
    months = period.amount * (12 if period.unit is Unit.YEARS else 1)
    back = add_months(today, -months)
    if today.day == calendar.monthrange(today.year, today.month)[1]:
        back = back.replace(day=calendar.monthrange(back.year, back.month)[1])
    return back


def latest_due_year(rule: RetentionRule, today: dt.date) -> int:
    """The latest academic year (its starting calendar year) whose term has ended."""
    start_of = (
        academic_year_start if rule.counts_from is Event.ACADEMIC_YEAR_START else academic_year_end
    )
    year = today.year
    while rule.period.after(start_of(year)) > today:
        year -= 1
    return year


def enrolment_ended_by(cutoff: dt.date, today: dt.date, scope=None):
    """Persons with no open enrolment whose last enrolment ended on or before ``cutoff``.

    ``scope(column)``, when given, limits the persons looked at (a batch, the held ones),
    so the grouping reads only their enrolments.
    """
    still_open = Case(None, [(Enrolment.end_date.is_null() | (Enrolment.end_date >= today), 1)], 0)
    query = Enrolment.select(Enrolment.person)
    if scope is not None:
        query = query.where(scope(Enrolment.person))
    return query.group_by(Enrolment.person).having(
        (fn.SUM(still_open) == 0) & (fn.MAX(Enrolment.end_date) <= cutoff)
    )


def application_ended_by(cutoff: dt.date, scope=None):
    """Applicants never enrolled whose application ended on or before ``cutoff``."""
    query = Person.select(Person.id).where(
        (Person.application_ended_on <= cutoff)
        & ~fn.EXISTS(Enrolment.select(Enrolment.id).where(Enrolment.person == Person.id))
    )
    return query.where(scope(Person.id)) if scope is not None else query


def due_condition(rule: RetentionRule, model, today: dt.date, scope=None):
    """The WHERE condition selecting ``model`` rows whose term under ``rule`` has ended.

    ``scope(column)`` narrows the persons a subquery considers; it does not replace a
    filter on the rows themselves. Returns None for rules that never fall due (KEEP).
    """
    if rule.action is Action.KEEP or rule.period is None:
        return None
    if rule.counts_from is Event.END_OF_ENROLMENT:
        cutoff = latest_due_event(rule.period, today)
        person_column = model.id if model is Person else model.person
        condition = person_column.in_(enrolment_ended_by(cutoff, today, scope)) | person_column.in_(
            application_ended_by(cutoff, scope)
        )
    elif rule.counts_from is Event.RECORD_DATE:
        column = getattr(model, rule.date_field)
        cutoff = latest_due_event(rule.period, today)
        if isinstance(column, DateTimeField):
            # A stored (UTC) timestamp counts from its Amsterdam date: due once that date
            # is at most the cutoff, i.e. before the cutoff day ends in Amsterdam.
            from domain.core.clock import end_of_day

            condition = column < end_of_day(cutoff)
        else:
            condition = column <= cutoff
    else:
        condition = getattr(model, rule.date_field) <= latest_due_year(rule, today)
    if rule.backstop is not None:  # due at the latest then, even if the event never comes
        backstop = rule.backstop
        condition |= getattr(model, backstop.date_field) <= latest_due_event(backstop.period, today)
    if rule.action is Action.ANONYMISE:
        condition &= not_yet_anonymised(rule, model)
    return condition


def not_yet_anonymised(rule: RetentionRule, model):
    """Rows that still hold a value anonymisation empties (so a second run skips them)."""
    emptied = [
        getattr(model, name)
        for name, spec in rule.anonymise.items()
        if spec.strategy is Strategy.NULL
    ]
    condition = emptied[0].is_null(False)
    for column in emptied[1:]:
        condition |= column.is_null(False)
    return condition
