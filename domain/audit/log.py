"""The access log as the student reads it: "Who looked at my data".

Who is given by role, not by name (docs/decisions.md): the staff member's account stays
in the trail for the privacy officer, who can name them when the student needs it to
exercise their rights.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from domain.accounts.roles import STAFF_ROLES, STUDENT
from domain.audit import vocabulary
from domain.core.db import Prepared
from domain.core.text import Text
from domain.models import AuditEvent
from domain.register.vocabulary import CATEGORIES

PER_PAGE = 20


@dataclass(frozen=True)
class Access:
    """One event about the person: when, who (role), what, which data, and why."""

    occurred_at: dt.datetime
    role_code: str
    action_code: str
    categories: tuple[Text, ...]
    reason: str | None

    @property
    def role(self) -> Text:
        return STAFF_ROLES.get(self.role_code, Text(self.role_code, self.role_code))

    @property
    def action(self) -> Text:
        return vocabulary.action(self.action_code).label


@dataclass(frozen=True)
class AccessPage:
    entries: list[Access]
    page: int
    has_older: bool

    @property
    def has_newer(self) -> bool:
        return self.page > 1


def _accesses(person_id: int):
    """The person's events by staff, newest first.

    The student's own actions (downloading their export) are in the trail too, but they
    are not someone looking at the student's data.
    """
    return (
        AuditEvent.select(
            AuditEvent.occurred_at,
            AuditEvent.actor_role,
            AuditEvent.action,
            AuditEvent.categories,
            AuditEvent.reason,
            AuditEvent.detail,
        )
        .where((AuditEvent.person == person_id) & (AuditEvent.actor_role != STUDENT))
        .order_by(AuditEvent.seq.desc())
        .dicts()
    )


def _entry(row: dict) -> Access:
    return Access(
        occurred_at=row["occurred_at"],
        role_code=row["actor_role"],
        action_code=row["action"],
        categories=tuple(
            CATEGORIES.get(c, Text(c, c)) for c in vocabulary.decode_categories(row["categories"])
        ),
        reason=row["reason"] or row["detail"],
    )


def accesses_of(person_id: int, page: int = 1, per_page: int = PER_PAGE) -> AccessPage:
    """One page of the person's accesses, newest first (one query): My data."""
    page = max(1, page)
    rows = list(
        _ACCESSES_PAGE.rows(person_id=person_id, limit=per_page + 1, offset=(page - 1) * per_page)
    )
    entries = [_entry(row) for row in rows[:per_page]]
    return AccessPage(entries, page, has_older=len(rows) > per_page)


# Asked on every view of My data: built once (see ``Prepared``).
_ACCESSES_PAGE = Prepared(
    lambda person_id, limit, offset: _accesses(person_id).limit(limit).offset(offset),
    person_id=int,
    limit=int,
    offset=int,
)


def every_access_of(person_id: int) -> list[Access]:
    """All the person's accesses, newest first (one query): the access export."""
    return [_entry(row) for row in _accesses(person_id)]
