"""The summary at the top of My data names the next deletion date (issue 12 §3)."""

import datetime as dt

import pytest

from domain.core.clock import local_today
from domain.models import DirectDebitMandate, LegalHold
from domain.register import subject_data
from domain.retention.state import Kind
from tests.support import count_queries, html_of


def _summary(portal, lang="nl") -> str:
    portal.client.set_cookie("portal_lang", lang)
    html = html_of(portal.client.get("/student/my-data"))
    start = html.index('id="my-data-summary"')
    return " ".join(html[start : html.index("</p>", start)].split())


def _from_the_rows(person_id: int, today: dt.date) -> dt.date | None:
    """The same date the slow way: every row's retention state, as the categories show it."""
    dates = []
    for category in subject_data.categories():
        for part in subject_data.load_category(person_id, category, today).parts:
            for row in part.rows:
                if row.state.kind is Kind.TONIGHT:
                    dates.append(today)
                elif row.state.kind is Kind.UNTIL:
                    dates.append(row.state.due)
    return min(dates, default=None)


@pytest.fixture
def student(sign_in, data):
    person = sign_in(first_name="Anna", surname="Dijk").person
    data.enrolment(person)  # still enrolled: no term counted from the end of enrolment runs
    return person


def test_a_known_due_date_is_named_in_both_languages(portal, data, student):
    signed = local_today() - dt.timedelta(days=400)
    data.record(DirectDebitMandate, student, signed_on=signed)
    expected = subject_data.next_deletion(student.id, local_today())
    assert expected is not None and expected > local_today()
    assert expected == _from_the_rows(student.id, local_today())
    # The mandate's term is the earliest here: it counts from the day it was signed.
    assert expected == DirectDebitMandate_due(signed)
    nl = _summary(portal)
    assert f"De volgende verwijdering of anonimisering is op {_nl_date(expected)}." in nl
    en = _summary(portal, "en")
    assert f"The next deletion or anonymisation is on {_en_date(expected)}." in en


def DirectDebitMandate_due(signed: dt.date) -> dt.date:
    from domain.register import RULES

    return RULES["direct_debit_mandate"].due_date(signed)


def _nl_date(day: dt.date) -> str:
    from babel.dates import format_date

    return format_date(day, "medium", locale="nl")


def _en_date(day: dt.date) -> str:
    from babel.dates import format_date

    return format_date(day, "medium", locale="en_GB")


def test_no_date_when_no_term_runs_yet(portal, student):
    assert subject_data.next_deletion(student.id, local_today()) is None
    assert _from_the_rows(student.id, local_today()) is None
    assert "None of it has a deletion date yet." in _summary(portal, "en")


def test_a_term_that_has_ended_is_tonight_unless_held(portal, data, student):
    data.record(DirectDebitMandate, student, signed_on=dt.date(2010, 1, 1))
    assert subject_data.next_deletion(student.id, local_today()) == local_today()
    assert "Some of it is deleted or anonymised tonight." in _summary(portal, "en")
    LegalHold.create(person=student, reason="Bezwaarprocedure")
    # Held: nothing goes tonight, and the held mandate has no date of its own.
    assert subject_data.next_deletion(student.id, local_today()) is None


def test_the_date_agrees_with_every_row_and_takes_a_fixed_number_of_queries(data, student):
    data.counselling(student, written_on=dt.date(2023, 3, 1))
    data.course_result(student)
    data.record(DirectDebitMandate, student, signed_on=dt.date(2022, 5, 31))
    today = local_today()
    with count_queries() as one:
        found = subject_data.next_deletion(student.id, today)
    assert found == _from_the_rows(student.id, today)
    for _ in range(20):
        data.record(DirectDebitMandate, student, signed_on=dt.date(2023, 1, 31))
        data.counselling(student)
    with count_queries() as many:
        assert subject_data.next_deletion(student.id, today) == found
    assert len(many) == len(one) <= 3


def test_the_statement_is_built_once_a_day_and_each_student_gets_their_own_date(
    data, student, monkeypatch
):
    """The SQL is kept per database and day (building it cost more than the page); the
    person's id is a parameter, so two students asked in turn each get their own date."""
    other = data.student(first_name="Bram", surname="Bakker")[0]
    data.enrolment(other)
    today = local_today()
    data.record(DirectDebitMandate, student, signed_on=today - dt.timedelta(days=400))
    data.record(DirectDebitMandate, other, signed_on=today - dt.timedelta(days=100))
    built = []
    real = subject_data._next_deletion_statement
    monkeypatch.setattr(
        subject_data,
        "_next_deletion_statement",
        lambda person_id, day: built.append(day) or real(person_id, day),
    )
    subject_data._NEXT_DELETION_SQL.clear()
    first = [subject_data.next_deletion(p.id, today) for p in (student, other, student)]
    assert first[0] == _from_the_rows(student.id, today) == first[2]
    assert first[1] == _from_the_rows(other.id, today) and first[1] > first[0]
    assert built == [today]
    subject_data.next_deletion(student.id, today + dt.timedelta(days=1))
    assert built == [today, today + dt.timedelta(days=1)]
