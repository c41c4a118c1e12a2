"""Objection (GDPR art. 21): an upheld objection stops processing for its purposes.

Each purpose the student objected to is recorded once per person (``Objection``); every
processing in the portal for an objectable purpose leaves those persons out in SQL with
``objected_persons``: the deliveries (by the purpose each party's delivery serves) and
the statistics of matching results.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from peewee import fn

from domain.core.db import Prepared, utcnow
from domain.core.text import Text
from domain.register import PURPOSES
from domain.register.vocabulary import DIRECT_MARKETING_PURPOSES
from domain.requests.details import DIRECT_MARKETING
from domain.requests.models import RightsRequest
from domain.rights.models import Objection

DIRECT_MARKETING_TEXT = Text("direct marketing", "direct marketing")


def keys_for(purpose: int) -> list[str]:
    """The objection keys that stop processing for ``purpose`` (direct marketing too)."""
    keys = [str(purpose)]
    if purpose in DIRECT_MARKETING_PURPOSES:
        keys.append(DIRECT_MARKETING)
    return keys


def objected_persons(purposes):
    """A query of the ids of persons who objected to any of ``purposes`` (numbers)."""
    keys = [k for p in purposes for k in keys_for(p)]
    return Objection.select(Objection.person).where(Objection.processing.in_(keys))


def record(request: RightsRequest) -> int:
    """Record the upheld objection's purposes (caller's transaction); return how many are new.

    A purpose objected to before keeps its first date.
    """
    now = utcnow()
    rows = [
        {"person": request.person_id, "processing": key, "request": request.id, "since": now}
        for key in dict.fromkeys(str(p) for p in request.detail_values.get("purposes", []))
    ]
    if not rows:
        return 0
    return Objection.insert_many(rows).on_conflict_ignore().as_rowcount().execute()


def purpose_label(key: str) -> Text:
    if key == DIRECT_MARKETING:
        return DIRECT_MARKETING_TEXT
    found = PURPOSES.get(int(key)) if key.isdigit() else None
    return found or Text(key, key)


@dataclass(frozen=True)
class Upheld:
    purpose: Text
    since: dt.datetime


def of_person(person_id: int) -> list[Upheld]:
    """The person's upheld objections, oldest first (one query)."""
    return [Upheld(purpose_label(o.processing), o.since) for o in _UPHELD.rows(person_id=person_id)]


# Asked on every view of My data: built once (see ``Prepared``).
_UPHELD = Prepared(
    lambda person_id: (
        Objection.select(Objection.processing, fn.MIN(Objection.since).alias("since"))
        .where(Objection.person == person_id)
        .group_by(Objection.processing)
        .order_by(fn.MIN(Objection.since), Objection.processing)
    ),
    person_id=int,
)
