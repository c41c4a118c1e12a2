"""Applicants who never enrolled: their terms count from the end of their application."""

import datetime as dt

from domain import models as m
from domain.register import RULES
from domain.retention import engine
from domain.retention.terms import due_date, enrolment_end


def run(today):
    return engine.run(today, pseudonym_key="test-pseudonym-key")


def contact(person):
    return (
        m.Person.select(m.Person.private_email, m.Person.phone)
        .where(m.Person.id == person.id)
        .tuples()
        .get()
    )


def test_contact_details_go_two_years_after_the_application_ended(db, data):
    withdrawn = data.person(application_ended_on=dt.date(2022, 3, 15))
    pending = data.person()  # still applying: no end yet
    run(dt.date(2024, 3, 14))
    assert contact(withdrawn) == ("anna@example.org", "+31 6 12345678")
    report = run(dt.date(2024, 3, 15))
    assert contact(withdrawn) == (None, None)
    assert contact(pending) == ("anna@example.org", "+31 6 12345678")
    assert report.total("anonymised") == 1


def test_an_enrolment_overrides_the_application_end(db, data):
    enrolled = data.person(application_ended_on=dt.date(2015, 3, 15))
    data.enrolment(enrolled, start=dt.date(2021, 9, 1), end=None)
    run(dt.date(2024, 3, 15))
    assert contact(enrolled) == ("anna@example.org", "+31 6 12345678")


def test_my_data_shows_the_term_from_the_application(db, data):
    applicant = data.person(application_ended_on=dt.date(2024, 2, 29))
    end = enrolment_end(applicant.id, dt.date(2024, 6, 1))
    assert end == dt.date(2024, 2, 29)
    assert due_date(RULES["contact_details"], {}, end) == dt.date(2026, 2, 28)
    assert enrolment_end(data.person().id, dt.date(2024, 6, 1)) is None
    assert "of van je aanmelding" in RULES["contact_details"].in_words("nl")
