"""Disposition review: an administrator approves a destruction list before deletion."""
from __future__ import annotations

from peewee import fn

from domain.core.db import database, utcnow
from domain.models import Account, DestructionItem, DestructionList


class ReviewError(ValueError):
    """The list cannot be approved as asked."""


def pending_lists():
    """Lists awaiting approval, with their item counts, in one query."""
    return (DestructionList
            .select(DestructionList, fn.COUNT(DestructionItem.id).alias("item_count"))
            .join(DestructionItem, on=(DestructionItem.destruction_list == DestructionList.id))
            .where(DestructionList.approved_at.is_null())
            .group_by(DestructionList.id)
            .order_by(DestructionList.created_at))


def approve(list_id: int, actor: Account, note: str) -> DestructionList:
    """Record the approval; the next run destroys the list's still-due records."""
    with database.atomic():
        listed = DestructionList.get_or_none(DestructionList.id == list_id)
        if listed is None:
            raise ReviewError("no such destruction list")
        if listed.approved_at is not None:
            raise ReviewError("this list was already approved")
        listed.approved_at, listed.approved_by = utcnow(), actor
        listed.approval_note = note.strip() or None
        listed.save()
    return listed
