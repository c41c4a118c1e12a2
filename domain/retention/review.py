"""Disposition review: an administrator approves a destruction list before deletion.

A list must not keep records past their term by silence: one left unapproved for
``APPROVAL_DAYS`` days is overdue, flagged on the admin pages and in the run record.
"""

from __future__ import annotations

import datetime as dt

from peewee import fn

from domain.audit import trail as audit
from domain.core.clock import end_of_day, local_today
from domain.core.db import database, utcnow
from domain.models import Account, DestructionItem, DestructionList

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
