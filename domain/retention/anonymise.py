"""The SET clause of an anonymising UPDATE, built from the register's per-field strategies."""

from __future__ import annotations

import hashlib
import hmac

from peewee import CharField, DateTimeField, IntegerField, Model, fn

from domain.core.db import database, is_postgres
from domain.register.rules import RetentionRule, Strategy


class BatchPseudonym(Model):
    """The current batch's pseudonyms, in a temporary table of this connection only.

    An UPDATE then reads each row's pseudonym by key, which scales, where a CASE with one
    branch per person would be compared row by row.
    """

    person_id = IntegerField(primary_key=True)
    pseudonym = CharField(max_length=64)

    class Meta:
        database = database
        table_name = "retention_batch_pseudonym"


def load_pseudonyms(key: str, person_ids: list[int]) -> None:
    """Fill the temporary table with the pseudonyms of ``person_ids``."""
    BatchPseudonym.create_table(safe=True, temporary=True)
    BatchPseudonym.delete().execute()
    rows = [(pid, pseudonym(key, pid)) for pid in person_ids]
    insert = f'INSERT INTO "{BatchPseudonym._meta.table_name}" (person_id, pseudonym) VALUES '
    cursor = database.cursor()
    # A parameterised bulk insert: building thousands of rows through the query builder
    # costs more than the database's own work here.
    if is_postgres():
        from psycopg2.extras import execute_values

        execute_values(cursor, insert + "%s", rows, page_size=1000)
    else:
        cursor.executemany(insert + "(?, ?)", rows)


def pseudonym(key: str, person_id: int) -> str:
    """A keyed pseudonym: stable for one person and key, meaningless without the key."""
    return hmac.new(key.encode(), f"person:{person_id}".encode(), hashlib.sha256).hexdigest()[:32]


def year_of(column):
    """SQL for 1 January of the year of ``column`` (a date or a timestamp)."""
    if is_postgres():
        truncated = fn.date_trunc("year", column)
        return truncated if isinstance(column, DateTimeField) else truncated.cast("date")
    return (
        fn.datetime(column, "start of year")
        if isinstance(column, DateTimeField)
        else fn.date(column, "start of year")
    )


def assignments(rule: RetentionRule, model) -> dict:
    """``{column: new value or SQL expression}`` for anonymising rows of ``model``.

    All expressions read the row's old values (SQL evaluates every SET against the row
    as it was), so a pseudonym can be looked up by the link it replaces. Pseudonyms come
    from ``load_pseudonyms``, which must have run for the rows' persons.
    """
    values = {}
    for name, spec in rule.anonymise.items():
        column = getattr(model, name)
        if spec.strategy is Strategy.NULL:
            values[column] = None
        elif spec.strategy is Strategy.PLACEHOLDER:
            values[column] = spec.placeholder
        elif spec.strategy is Strategy.YEAR:
            values[column] = year_of(column)
        elif spec.strategy is Strategy.PSEUDONYM:
            source = getattr(model, spec.source)
            values[column] = BatchPseudonym.select(BatchPseudonym.pseudonym).where(
                BatchPseudonym.person_id == source
            )
    return values


def anonymise_rows(rule: RetentionRule, model, person_column, where, key: str) -> int:
    """Anonymise the rows of ``model`` matching ``where`` as ``rule`` says; return how many.

    The retention engine and erasure on request both anonymise through this one function.
    A rule that keeps a pseudonym needs ``key``: keyed HMACs are computed here (portably)
    for the persons of the matching rows only.
    """
    if rule.pseudonymises:
        # Plain cursor rows: building a peewee row for each person costs more than the query.
        query = model.select(person_column).where(where).distinct()
        person_ids = [pid for (pid,) in database.execute(query).fetchall()]
        if not person_ids:
            return 0
        load_pseudonyms(key, person_ids)
    return model.update(assignments(rule, model)).where(where).execute()
