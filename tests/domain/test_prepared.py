"""A statement built once and run with new parameters (domain.core.db.Prepared)."""

import datetime as dt

import pytest

from domain.core.db import Prepared
from domain.models import Person
from tests import factories


def test_each_call_gets_its_own_parameters_and_reads_models(db):
    anna, _ = factories.student(first_name="Anna", surname="Dijk")
    bram, _ = factories.student(first_name="Bram", surname="Bakker")
    by_id = Prepared(
        lambda person_id, name: Person.select(Person.id, Person.first_name).where(
            (Person.id == person_id) & (Person.first_name != name)
        ),
        person_id=int,
        name=str,
    )
    assert by_id.first(person_id=anna.id, name="x").first_name == "Anna"
    found = by_id.first(person_id=bram.id, name="x")
    assert isinstance(found, Person) and (found.id, found.first_name) == (bram.id, "Bram")
    assert by_id.first(person_id=bram.id, name="Bram") is None
    assert [p.first_name for p in by_id.rows(person_id=anna.id, name="")] == ["Anna"]


def test_a_parameter_that_does_not_reach_the_sql_unchanged_is_refused(db):
    ignored = Prepared(lambda since: Person.select().where(Person.id > 0), since=dt.datetime)
    with pytest.raises(ValueError, match="since"):
        ignored.first(since=dt.datetime(2025, 1, 1))
