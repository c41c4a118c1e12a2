"""Holds: persons whose data the retention run must not touch, each with its reason.

``REASONS`` is the one list of hold reasons: the engine counts what each keeps back,
the run history stores those counts per reason, and the admin pages show one column per
reason with its label. A new reason is one ``register_reason`` call; nothing else
changes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from peewee import JOIN, IntegerField, Model, Value

from domain.audit import trail as audit
from domain.core.db import database, utcnow
from domain.core.text import Text
from domain.models import Account, LegalHold, Person, RightsRequest
from domain.requests.vocabulary import OPEN_STATUSES


@dataclass(frozen=True)
class HoldReason:
    """A kind of hold: its key (stored in the run history), label, and held persons."""

    key: str
    label: Text
    person_ids: Callable  # person_ids(scope=None) -> a query of held person ids
    labelled: Callable  # labelled(scope=None) -> a query of (person_id, reason key) rows


REASONS: dict[str, HoldReason] = {}


def register_reason(key: str, label: Text, column, condition: Callable) -> HoldReason:
    """Add a reason: persons in ``column`` of the rows where ``condition()`` holds."""

    def person_ids(scope=None):
        where = condition()
        if scope is not None:
            # Scoping the source's own column lets the database use its index.
            where &= scope(column)
        return column.model.select(column).where(where)

    def labelled(scope=None):
        where = condition()
        if scope is not None:
            where &= scope(column)
        return column.model.select(
            column.alias("person_id"), Value(key, converter=False).alias("reason")
        ).where(where)

    REASONS[key] = reason = HoldReason(key, label, person_ids, labelled)
    return reason


register_reason(
    "restricted",
    Text("beperking van de verwerking", "restriction of processing"),
    Person.id,
    lambda: Person.is_restricted,
)
register_reason(
    "legal_hold",
    Text("juridische blokkade", "legal hold"),
    LegalHold.person,
    lambda: LegalHold.lifted_at.is_null(),
)
# Nothing under a pending rights request may disappear before it is carried out.
register_reason(
    "open_request",
    Text("openstaand verzoek", "open rights request"),
    RightsRequest.person,
    lambda: RightsRequest.status.in_(OPEN_STATUSES),
)


def label(key: str) -> Text:
    """The label of a stored reason; its key for a reason no longer registered."""
    reason = REASONS.get(key)
    return reason.label if reason else Text(key, key)


def held_person_ids(scope=None):
    """One query of every held person id, whatever the reason (within ``scope``)."""
    queries = [reason.person_ids(scope) for reason in REASONS.values()]
    union = queries[0]
    for query in queries[1:]:
        union = union | query
    return union


def held_persons_by_reason(scope=None):
    """One query of distinct (person_id, reason) rows: a person held for two reasons is
    in it twice, once per reason, so counts grouped by reason match counts per reason."""
    queries = [reason.labelled(scope) for reason in REASONS.values()]
    union = queries[0]
    for query in queries[1:]:
        union = union | query
    return union


class BatchHeld(Model):
    """The held persons of the retention run's current batch, in a temporary table of this
    connection only. The batch's statements exclude them by a subquery on its key, where a
    list of ids would be bound as one parameter per person in every statement."""

    person_id = IntegerField(primary_key=True)

    class Meta:
        database = database
        table_name = "retention_batch_held"


def load_batch_held(scope) -> bool:
    """Fill ``BatchHeld`` with the persons held within ``scope``; True if there are any."""
    BatchHeld.create_table(safe=True, temporary=True)
    BatchHeld.delete().execute()
    found = (
        BatchHeld.insert_from(held_person_ids(scope), [BatchHeld.person_id]).as_rowcount().execute()
    )
    return bool(found)


def batch_held_ids():
    """A subquery of the ids ``load_batch_held`` put in the temporary table."""
    return BatchHeld.select(BatchHeld.person_id)


def reasons_holding(person_id: int) -> list[Text]:
    """The labels of every reason the person is held for now, in one query."""
    rows = held_persons_by_reason(lambda column: column == person_id).dicts()
    keys = {row["reason"] for row in rows}
    return [reason.label for key, reason in REASONS.items() if key in keys]


class HoldError(ValueError):
    """A hold cannot be placed or lifted as asked."""


def place_legal_hold(person: Person, reason: str, actor: Account) -> LegalHold:
    """Place a legal hold and record it in the audit trail, in one transaction."""
    reason = reason.strip()
    if not reason:
        raise HoldError("a legal hold needs a reason")
    with database.atomic():
        hold = LegalHold.create(person=person, reason=reason, placed_by=actor, placed_at=utcnow())
        audit.record(actor, "place:legal_hold", [person.id])
    return hold


def lift_legal_hold(hold: LegalHold, reason: str, actor: Account) -> LegalHold:
    """Lift a legal hold and record it in the audit trail, in one transaction."""
    reason = reason.strip()
    if not reason:
        raise HoldError("lifting a legal hold needs a reason")
    if hold.lifted_at is not None:
        raise HoldError("this hold was already lifted")
    with database.atomic():
        hold.lifted_at, hold.lifted_by, hold.lift_reason = utcnow(), actor, reason
        hold.save()
        audit.record(actor, "lift:legal_hold", [hold.person_id])
    return hold


def active_legal_holds():
    """Active holds, newest first, with the person's name and who placed each (one query)."""
    placer = Account.alias()
    return (
        LegalHold.select(
            LegalHold,
            Person.id,
            Person.student_number,
            Person.first_name,
            Person.prefix,
            Person.surname,
            placer.id,
            placer.display_name,
        )
        .join(Person)
        .switch(LegalHold)
        .join(placer, JOIN.LEFT_OUTER, on=(LegalHold.placed_by == placer.id))
        .where(LegalHold.lifted_at.is_null())
        .order_by(LegalHold.placed_at.desc())
    )
