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


def test_on_postgresql_it_is_prepared_once_per_connection_and_reads_the_same(db):
    """Each parameter type, a literal "%" and a None (which runs unprepared) give what the
    plain statement gives; the server keeps one prepared statement for it."""
    from domain.core.db import database, execute_built, is_postgres

    anna, _ = factories.student(first_name="Anna %", surname="Dijk")
    mark = "%s" if is_postgres(db) else "?"
    sql = (
        f"SELECT first_name, {mark} AS b, {mark} AS f, {mark} AS d, {mark} AS t "
        f"FROM person WHERE id = {mark} AND first_name LIKE 'Anna %%' AND {mark} IS NULL"
    )
    if not is_postgres(db):
        sql = sql.replace("%%", "%")
    values = [True, 1.5, dt.date(2024, 2, 29), dt.datetime(2024, 3, 31, 1, 30), anna.id]
    plain = database.execute_sql(sql, [*values, None]).fetchall()
    assert [row[0] for row in plain] == ["Anna %"]
    for _ in range(3):
        assert execute_built(sql, [*values, None]).fetchall() == plain
    if not is_postgres(db):
        return
    without_none = sql.replace(f"AND {mark} IS NULL", f"AND {mark} <> ''")
    for _ in range(7):  # past the five custom plans, onto the generic one
        rows = execute_built(without_none, [*values, "x"]).fetchall()
        assert [row[0] for row in rows] == ["Anna %"]
    prepared = database.execute_sql(
        "SELECT count(*) FROM pg_prepared_statements WHERE name LIKE 'portal_%%' "
        "AND statement LIKE %s",
        ["%Anna %%%"],
    ).fetchone()[0]
    assert prepared == 1
