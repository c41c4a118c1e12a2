"""Disposition review: an administrator approves a destruction list before deletion.

A list must not keep records past their term by silence: one left unapproved for
``APPROVAL_DAYS`` days is overdue, flagged on the admin pages and in the run record.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from peewee import JOIN, Value, fn

from domain.audit import trail as audit
from domain.core.clock import end_of_day, local_today
from domain.core.db import database, utcnow
from domain.core.text import Text
from domain.models import Account, DestructionItem, DestructionList, Person
from domain.register import RECORD_TYPES

APPROVAL_DAYS = 30


class ReviewError(ValueError):
    """The list cannot be approved as asked."""


def overdue_since(today: dt.date) -> dt.datetime:
    """The naive UTC instant before which a list has waited ``APPROVAL_DAYS`` days by ``today``."""
    return end_of_day(today - dt.timedelta(days=APPROVAL_DAYS))


def pending_lists(today: dt.date | None = None):
    """Lists awaiting approval, with their item counts and whether overdue, in one query."""
    overdue = DestructionList.created_at < overdue_since(today or local_today())
    return (
        DestructionList.select(
            DestructionList,
            fn.COUNT(DestructionItem.id).alias("item_count"),
            overdue.alias("overdue"),
        )
        .join(DestructionItem, on=(DestructionItem.destruction_list == DestructionList.id))
        .where(DestructionList.approved_at.is_null())
        .group_by(DestructionList.id)
        .order_by(DestructionList.created_at)
    )


def overdue_count(today: dt.date) -> int:
    """How many lists wait for approval longer than the approval term."""
    return (
        DestructionList.select()
        .where(
            DestructionList.approved_at.is_null()
            & (DestructionList.created_at < overdue_since(today))
        )
        .count()
    )


def approve(list_id: int, actor: Account, note: str) -> DestructionList:
    """Record the approval and its audit entry; the next run destroys the still-due records."""
    with database.atomic():
        listed = DestructionList.get_or_none(DestructionList.id == list_id)
        if listed is None:
            raise ReviewError("no such destruction list")
        if listed.approved_at is not None:
            raise ReviewError("this list was already approved")
        listed.approved_at, listed.approved_by = utcnow(), actor
        listed.approval_note = note.strip() or None
        listed.save()
        # One entry for the list, not per person: the list's items name the records.
        audit.record(
            actor, "approve:destruction_list", [None], detail=f"list {listed.id} ({listed.rule})"
        )
    return listed


ITEMS_PER_PAGE = 25


@dataclass
class ListedRecord:
    """One record on a destruction list, as the reviewer sees it."""

    record_id: int
    person_id: int | None
    student_number: str | None  # None: no person, or the record is gone already
    recorded_on: dt.datetime | None
    title: str | None
    withheld: bool  # the title is special-category data: not shown
    gone: bool  # deleted since it was listed (erasure, or the person removed)


@dataclass
class ListPage:
    listed: DestructionList
    label: Text  # the record type in words
    records: list[ListedRecord]
    page: int
    pages: int
    total: int
    category: str | None  # the register category of the records (for the audit trail)

    @property
    def person_ids(self) -> list[int]:
        return list(dict.fromkeys(r.person_id for r in self.records if r.person_id))


def _record_type(name: str):
    return next((rt for rt in RECORD_TYPES if rt.model.__name__ == name), None)


def list_page(list_id: int, page: int = 1, per_page: int = ITEMS_PER_PAGE) -> ListPage | None:
    """One page of a destruction list's records: type, student number, date and title.

    Two queries: the list with its item count, and the page of items joined to their
    records and persons (a record deleted since it was listed shows as gone). A title
    the register marks as special-category data, or of a row flagged as such, is withheld.
    """
    listed = (
        DestructionList.select(
            DestructionList,
            fn.COUNT(DestructionItem.id).alias("item_count"),
            (DestructionList.created_at < overdue_since(local_today())).alias("overdue"),
        )
        .join(DestructionItem, JOIN.LEFT_OUTER)
        .where(DestructionList.id == list_id)
        .group_by(DestructionList.id)
        .first()
    )
    if listed is None:
        return None
    record_type = _record_type(listed.record_type)
    total = listed.item_count
    pages = max(1, -(-total // per_page))
    page = min(max(page, 1), pages)
    label = record_type.label if record_type else Text(listed.record_type, listed.record_type)
    if record_type is None:
        return ListPage(listed, label, [], page, pages, total, None)
    model = record_type.model
    special = {f.name for f in record_type.fields if f.special_category}
    title = getattr(model, "title", None)
    person = getattr(model, "person", None)
    columns = [
        DestructionItem.record_id,
        model.id.alias("found"),
        (person if person is not None else Value(None)).alias("person_id"),
        Person.student_number if person is not None else Value(None).alias("student_number"),
        getattr(model, "created_at", Value(None)).alias("recorded_on"),
        (title if title is not None and "title" not in special else Value(None)).alias("title"),
        getattr(model, "is_special_category", Value(False)).alias("flagged"),
    ]
    query = DestructionItem.select(*columns).join(
        model, JOIN.LEFT_OUTER, on=(model.id == DestructionItem.record_id)
    )
    if person is not None:
        query = query.join(Person, JOIN.LEFT_OUTER, on=(person == Person.id))
    query = (
        query.where(DestructionItem.destruction_list == list_id)
        .order_by(DestructionItem.id)
        .paginate(page, per_page)
        .dicts()
    )
    records = [
        ListedRecord(
            row["record_id"],
            row["person_id"],
            row["student_number"],
            row["recorded_on"],
            None if row["flagged"] else row["title"],
            bool(row["flagged"]) or (title is not None and "title" in special),
            row["found"] is None,
        )
        for row in query
    ]
    return ListPage(listed, label, records, page, pages, total, record_type.fields[0].category)
