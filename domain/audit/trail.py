"""The staff audit trail: every staff view or change of a person's data leaves a record.

One record per person: who (the account and its role), what (the action and the
register categories of the data), when, and why (the request reference or the task
the staff member stated). Records are chained (``domain.audit.chain``) and never
changed afterwards.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from domain.audit import chain, vocabulary
from domain.models import Account


def record(
    actor: Account,
    action: str,
    person_ids: Iterable[int | None],
    detail: str | None = None,
    *,
    categories: Iterable[str] | None = None,
    reason: str | None = None,
    at: dt.datetime | None = None,
) -> int:
    """Write one audit event per person, in one statement; return how many.

    ``categories`` are register category keys; without them the action's defaults
    (``vocabulary.ACTIONS``) are recorded. ``actor`` may be an unloaded ``Account(id=…)``:
    its role is then read in one query. ``at`` (naive UTC) dates the events other than
    now: for importing older events, and for tests.
    """
    role = actor.role or Account.select(Account.role).where(Account.id == actor.id).scalar()
    shared = {
        "actor": actor.id,
        "actor_role": role,
        "action": action,
        "categories": vocabulary.encode_categories(
            vocabulary.action(action).categories if categories is None else categories
        ),
        "reason": (reason or "").strip()[:200] or None,
        "detail": detail,
    }
    return chain.append(shared, person_ids, at)
