"""Demo consent events: deterministic, a realistic mix of choices, never doubled."""

import datetime as dt
from collections import Counter

from domain.consent import ledger as consent
from domain.consent.vocabulary import GIVEN, WITHDRAWN
from domain.demo.consent import seed_consent
from domain.models import ConsentEvent
from tests import factories

TODAY = dt.date(2025, 10, 15)


def _ledger():
    return [
        (
            e.record_id,
            e.person_id,
            e.party_id,
            e.decision,
            e.occurred_at,
            e.channel,
            e.actor_id,
            e.language,
        )
        for e in ConsentEvent.select().order_by(ConsentEvent.record_id)
    ]


def test_seed_consent_is_deterministic_and_varied(db):
    for _ in range(40):
        factories.student()
    written = seed_consent(7, TODAY)["consent_event"]
    assert written == ConsentEvent.select().count() > 0
    first = _ledger()
    assert seed_consent(7, TODAY) == {"consent_event": 0}  # never doubled
    ConsentEvent.delete().execute()
    seed_consent(7, TODAY)
    assert _ledger() == first
    stories = Counter()
    for n in Counter((row[1], row[2]) for row in first).values():
        stories[n] += 1
    assert set(stories) == {1, 2, 3}  # given; given then withdrawn; given again
    assert all(row[4] < dt.datetime.combine(TODAY, dt.time()) for row in first)
    assert {row[3] for row in first} == {GIVEN, WITHDRAWN}
    summary = consent.summary_on(TODAY)
    assert all(s.consented and s.withdrawn and s.no_choice for s in summary)


def test_another_seed_gives_another_ledger(db):
    for _ in range(20):
        factories.student()
    seed_consent(1, TODAY)
    first = _ledger()
    ConsentEvent.delete().execute()
    seed_consent(2, TODAY)
    assert _ledger() != first
