"""Deterministic demo consent: a share of the students chose, some changed their mind.

``seed_consent(seed, today)`` runs after ``domain.demo.people.seed`` and writes consent events
straight into the ledger in multi-row inserts (it scales to 100,000 students). The same
``(seed, today)`` on the same persons always gives the same events, byte for byte:
every choice comes from a ``random.Random`` derived from the seed and the person's id.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid

from peewee import chunked

from domain.consent.parties import current_versions, ensure_parties
from domain.consent.vocabulary import CHANNEL_DESK, CHANNEL_IMPORT, CHANNEL_WEB, GIVEN, WITHDRAWN
from domain.core.db import database, is_postgres
from domain.models import Account, ConsentEvent, Person

__all__ = ["seed_consent"]

COLUMNS = [
    ConsentEvent.record_id,
    ConsentEvent.person,
    ConsentEvent.party,
    ConsentEvent.notice_version,
    ConsentEvent.decision,
    ConsentEvent.occurred_at,
    ConsentEvent.channel,
    ConsentEvent.actor,
    ConsentEvent.language,
]
SQLITE_MAX_PARAMS = 900
POSTGRES_MAX_PARAMS = 16000
SPAN_DAYS = 3 * 365  # choices fall in the three years before today

# What a student who took part did about one party, with its weight.
STORIES = (
    ((GIVEN,), 45),
    ((GIVEN, WITHDRAWN), 15),
    ((GIVEN, WITHDRAWN, GIVEN), 10),
    ((WITHDRAWN,), 10),  # an explicit no
    ((), 20),  # no choice about this party
)


def _story(rng: random.Random) -> tuple[str, ...]:
    stories, weights = zip(*STORIES, strict=True)
    return rng.choices(stories, weights)[0]


def _moments(rng: random.Random, count: int, today: dt.date) -> list[dt.datetime]:
    """``count`` increasing naive-UTC moments in the span before ``today``."""
    start = dt.datetime.combine(today - dt.timedelta(days=SPAN_DAYS), dt.time(0))
    seconds = sorted(rng.randrange(SPAN_DAYS * 24 * 3600) for _ in range(count))
    return [start + dt.timedelta(seconds=s) for s in seconds]


def seed_consent(
    seed: int, today: dt.date, share: float = 0.6, batch_size: int = 5000
) -> dict[str, int]:
    """Give about ``share`` of the students consent events; return the counts written.

    Does nothing (and returns zero) when the ledger already holds events, so it can run
    after every ``demo seed`` without doubling anything.
    """
    ensure_parties()
    if ConsentEvent.select().exists():
        return {"consent_event": 0}
    versions = current_versions()
    accounts = dict(
        Account.select(Account.person, Account.id).where(Account.person.is_null(False)).tuples()
    )
    per_insert = (POSTGRES_MAX_PARAMS if is_postgres() else SQLITE_MAX_PARAMS) // len(COLUMNS)
    person_ids = [pid for (pid,) in Person.select(Person.id).order_by(Person.id).tuples()]
    written = 0
    for batch in chunked(person_ids, batch_size):
        rows = []
        for person_id in batch:
            rng = random.Random(f"consent:{seed}:{person_id}")
            if rng.random() >= share:
                continue
            rows += _events(rng, person_id, accounts.get(person_id), versions, today)
        with database.atomic():
            for part in chunked(rows, per_insert):
                ConsentEvent.insert_many(part, fields=COLUMNS).execute()
        written += len(rows)
    return {"consent_event": written}


def _events(
    rng: random.Random, person_id: int, account_id: int | None, versions, today: dt.date
) -> list[tuple]:
    language = "en" if rng.random() < 0.3 else "nl"
    rows = []
    for version in versions:
        story = _story(rng)
        for decision, moment in zip(story, _moments(rng, len(story), today), strict=True):
            draw = rng.random()
            channel = CHANNEL_WEB if draw < 0.9 else CHANNEL_DESK if draw < 0.95 else CHANNEL_IMPORT
            actor = account_id if channel == CHANNEL_WEB else None
            record_id = str(uuid.UUID(int=rng.getrandbits(128), version=4))
            rows.append(
                (
                    record_id,
                    person_id,
                    version.party_id,
                    version.id,
                    decision,
                    moment,
                    channel,
                    actor,
                    language,
                )
            )
    return rows
