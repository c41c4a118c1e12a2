"""An enrolment ends on 31 August unless renewed: a student who silently stops is not
kept for ever (enrolment regulations art. 2.7, 2.8.1)."""

import datetime as dt

import pytest
from peewee import IntegrityError

from domain import models as m
from domain.people.enrolments import renew, year_end
from domain.retention import engine
from tests.support import insert_person_and_programme


@pytest.mark.parametrize(
    "day, end",
    [
        (dt.date(2024, 9, 1), dt.date(2025, 8, 31)),
        (dt.date(2025, 8, 31), dt.date(2025, 8, 31)),
        (dt.date(2025, 2, 1), dt.date(2025, 8, 31)),
        (dt.date(2024, 2, 29), dt.date(2024, 8, 31)),
    ],
)
def test_an_unrenewed_enrolment_ends_on_31_august_of_its_year(day, end):
    assert year_end(day) == end


def test_a_student_who_silently_stops_loses_contact_details_two_years_later(db, data):
    p = data.person()
    # Enrolled for 2021-2022 and never renewed: the enrolment ended on 31 August 2022.
    data.enrolment(p, start=dt.date(2021, 9, 1), end=year_end(dt.date(2021, 9, 1)))
    engine.run(dt.date(2024, 8, 30), pseudonym_key="k")
    assert m.Person.get_by_id(p.id).private_email is not None
    engine.run(dt.date(2024, 8, 31), pseudonym_key="k")
    assert m.Person.get_by_id(p.id).private_email is None


def test_renewal_extends_the_enrolment_and_keeps_the_terms_from_starting(db, data):
    p = data.person()
    e = data.enrolment(p, start=dt.date(2021, 9, 1), end=dt.date(2022, 8, 31))
    renew(e.id, 2022)
    renew(e.id, 2021)  # never shortens
    assert m.Enrolment.get_by_id(e.id).end_date == dt.date(2023, 8, 31)
    engine.run(dt.date(2024, 8, 31), pseudonym_key="k")
    assert m.Person.get_by_id(p.id).private_email is not None


def test_an_enrolment_ended_for_another_reason_is_not_renewed(db, data):
    p = data.person()
    e = data.enrolment(p, start=dt.date(2021, 9, 1), end=dt.date(2022, 3, 1), reason="own_request")
    renew(e.id, 2022)
    assert m.Enrolment.get_by_id(e.id).end_date == dt.date(2022, 3, 1)


def test_the_migration_gives_open_enrolments_an_end_and_then_requires_one(old_db):
    db, runner = old_db
    runner.up(target="0009_rights_requests")
    p = db.param
    insert_person_and_programme(db)
    insert = (
        "INSERT INTO enrolment (person_id, programme_id, enrolment_type, form, "
        f"start_date, end_date, end_reason) VALUES (1, 1, {p}, {p}, {p}, {p}, {p})"
    )
    db.execute_sql(insert, ("bachelor", "voltijd", "2023-09-01", None, None))
    db.execute_sql(insert, ("bachelor", "voltijd", "2019-09-01", "2020-08-31", "end_of_year"))
    runner.up()
    ends = sorted(str(r[0])[:10] for r in db.execute_sql("SELECT end_date FROM enrolment"))
    assert ends == ["2020-08-31", year_end(dt.date.today()).isoformat()]
    with pytest.raises(IntegrityError), db.atomic():
        db.execute_sql(insert, ("bachelor", "voltijd", "2024-09-01", None, None))
