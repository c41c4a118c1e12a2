"""The access log as the student reads it: "Who looked at my data".

Who is given by role, not by name (docs/decisions.md): the staff member's account stays
in the trail for the privacy officer, who can name them when the student needs it to
exercise their rights.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from domain.accounts.roles import STAFF_ROLES
from domain.audit import vocabulary
from domain.core.text import Text
from domain.models import AuditEvent
from domain.register.vocabulary import CATEGORIES

PER_PAGE = 20


@dataclass(frozen=True)
class Access:
    """One event about the person: when, who (role), what, which data, and why."""

    occurred_at: dt.datetime
    role: Text
    action: Text
    categories: tuple[Text, ...]
    reason: str | None


@dataclass(frozen=True)
class AccessPage:
    entries: list[Access]
    page: int
    has_older: bool

    @property
    def has_newer(self) -> bool:
        return self.page > 1


def accesses_of(person_id: int, page: int = 1, per_page: int = PER_PAGE) -> AccessPage:
    """The person's events, newest first, one page of them (one query)."""
    page = max(1, page)
    rows = list(
        AuditEvent.select(
            AuditEvent.occurred_at,
            AuditEvent.actor_role,
            AuditEvent.action,
            AuditEvent.categories,
            AuditEvent.reason,
            AuditEvent.detail,
        )
        .where(AuditEvent.person == person_id)
        .order_by(AuditEvent.seq.desc())
        .limit(per_page + 1)
        .offset((page - 1) * per_page)
        .dicts()
    )
    entries = [
        Access(
            occurred_at=row["occurred_at"],
            role=STAFF_ROLES.get(row["actor_role"], Text(row["actor_role"], row["actor_role"])),
            action=vocabulary.action(row["action"]).label,
            categories=tuple(
                CATEGORIES.get(c, Text(c, c))
                for c in vocabulary.decode_categories(row["categories"])
            ),
            reason=row["reason"] or row["detail"],
        )
        for row in rows[:per_page]
    ]
    return AccessPage(entries, page, has_older=len(rows) > per_page)
