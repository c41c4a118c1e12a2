"""The SET clause of an anonymising UPDATE, built from the register's per-field strategies."""
from __future__ import annotations

import hashlib
import hmac

from peewee import Case, DateTimeField, fn

from domain.db import is_postgres
from domain.register.rules import RetentionRule, Strategy


def pseudonym(key: str, person_id: int) -> str:
    """A keyed pseudonym: stable for one person and key, meaningless without the key."""
    return hmac.new(key.encode(), f"person:{person_id}".encode(), hashlib.sha256).hexdigest()[:32]


def _year_of(column):
    if is_postgres():
        truncated = fn.date_trunc("year", column)
        return truncated if isinstance(column, DateTimeField) else truncated.cast("date")
    return fn.datetime(column, "start of year") if isinstance(column, DateTimeField) \
        else fn.date(column, "start of year")


def assignments(rule: RetentionRule, model, person_ids: list[int], key: str) -> dict:
    """``{column: new value or SQL expression}`` for anonymising rows of these persons.

    All expressions read the row's old values (SQL evaluates every SET against the row
    as it was), so a pseudonym can be derived from the link it replaces.
    """
    values = {}
    for name, spec in rule.anonymise.items():
        column = getattr(model, name)
        if spec.strategy is Strategy.NULL:
            values[column] = None
        elif spec.strategy is Strategy.PLACEHOLDER:
            values[column] = spec.placeholder
        elif spec.strategy is Strategy.YEAR:
            values[column] = _year_of(column)
        elif spec.strategy is Strategy.PSEUDONYM:
            source = getattr(model, spec.source)
            values[column] = Case(source, [(pid, pseudonym(key, pid)) for pid in person_ids], None)
    return values
