"""Holds: persons whose data the retention run must not touch, each with its reason.

Restriction (AVG art. 18) and legal holds exist now. Rights requests will add an
"open_request" source through ``register_source`` without changing the engine.
"""
from __future__ import annotations

from collections.abc import Callable

from domain.core.db import database, utcnow
from domain.models import Account, LegalHold, Person

REASONS = ("restricted", "legal_hold", "open_request")


def _source(column, condition: Callable) -> Callable:
    """A hold source: ``source(scope=None)`` queries the held ids, optionally scoped."""
    def person_ids(scope=None):
        where = condition()
        if scope is not None:
            # Scoping the source's own column lets the database use its index.
            where &= scope(column)
        return column.model.select(column).where(where)
    return person_ids


_SOURCES: dict[str, Callable] = {
    "restricted": _source(Person.id, lambda: Person.is_restricted),
    "legal_hold": _source(LegalHold.person, lambda: LegalHold.lifted_at.is_null()),
}


def register_source(reason: str, column, condition: Callable) -> None:
    """Add a kind of hold: persons in ``column`` of the rows where ``condition()`` holds."""
    if reason not in REASONS:
        raise ValueError(f"unknown hold reason {reason!r}")
    _SOURCES[reason] = _source(column, condition)


def sources() -> dict[str, Callable]:
    return dict(_SOURCES)


def held_person_ids(scope=None):
    """One query of every held person id, whatever the reason (within ``scope``)."""
    queries = [source(scope) for source in _SOURCES.values()]
    union = queries[0]
    for query in queries[1:]:
        union = union | query
    return union


class HoldError(ValueError):
    """A hold cannot be placed or lifted as asked."""


def place_legal_hold(person: Person, reason: str, actor: Account) -> LegalHold:
    reason = reason.strip()
    if not reason:
        raise HoldError("a legal hold needs a reason")
    with database.atomic():
        return LegalHold.create(person=person, reason=reason, placed_by=actor, placed_at=utcnow())


def lift_legal_hold(hold: LegalHold, reason: str, actor: Account) -> LegalHold:
    reason = reason.strip()
    if not reason:
        raise HoldError("lifting a legal hold needs a reason")
    if hold.lifted_at is not None:
        raise HoldError("this hold was already lifted")
    with database.atomic():
        hold.lifted_at, hold.lifted_by, hold.lift_reason = utcnow(), actor, reason
        hold.save()
    return hold


def active_legal_holds():
    return (LegalHold.select(LegalHold, Person.id, Person.student_number)
            .join(Person).switch(LegalHold)
            .where(LegalHold.lifted_at.is_null())
            .order_by(LegalHold.placed_at.desc()))
