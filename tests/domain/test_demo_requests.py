"""Demo rights requests: every type and status, deterministic, and as the operations leave them."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import defaultdict

import pytest

from domain.accounts.roles import DESK
from domain.core.clock import end_of_day, local_time
from domain.demo import people as demo
from domain.demo.requests import seed_requests
from domain.models import Account, Person
from domain.requests import details as request_details
from domain.requests import queries
from domain.requests.deadline import days_between, due_date, receipt_day
from domain.requests.models import RequestAttachment, RequestEvent, RequestMessage, RightsRequest
from domain.requests.vocabulary import (
    CLOSED,
    DECIDED,
    GRANTED,
    GROUNDS,
    OPEN_STATUSES,
    OUTCOMES,
    PORTAL,
    PROPOSED,
    REFUSED,
    REQUEST_TYPES,
    RESTRICTION,
    STATUSES,
    WAITING,
    WITHDRAWN,
)

TODAY = dt.date(2025, 10, 15)


@pytest.fixture
def seeded(db):
    """40 demo students, their staff, and requests for more than the usual share of them."""
    demo.seed(40, 3, TODAY)
    return seed_requests(3, TODAY, share=0.6)


def _dump() -> dict[str, list[tuple]]:
    """The request tables without the ids the database hands out, and the restricted flags."""

    def rows(model, skip_id: bool):
        found = model.select().order_by(model.id).tuples()
        return [
            tuple(bytes(v) if isinstance(v, memoryview) else v for v in row)[skip_id:]
            for row in found
        ]

    return {
        "request": rows(RightsRequest, False),
        "message": rows(RequestMessage, False),
        "event": rows(RequestEvent, True),
        "attachment": rows(RequestAttachment, True),
        "restricted": [p for (p,) in Person.select(Person.id).where(Person.is_restricted).tuples()],
    }


def _wipe() -> None:
    RightsRequest.delete().execute()  # the timeline, messages and files go with it
    Person.update(is_restricted=False).execute()


def test_every_type_and_status_is_there_with_overdue_waiting_and_notes(db):
    demo.seed(12, 5, TODAY)
    counts = seed_requests(5, TODAY)
    assert counts["rights_request"] == RightsRequest.select().count() >= 12
    assert counts["request_event"] == RequestEvent.select().count()
    found = list(RightsRequest.select())
    assert {r.request_type for r in found} == set(REQUEST_TYPES)
    assert {r.status for r in found} == set(STATUSES)
    assert any(r.extended and r.extension_reason for r in found)
    queue = queries.counts(TODAY)
    assert queue["overdue"] and queue["due_soon"] and queue["waiting"]
    messages = list(RequestMessage.select())
    assert any(m.internal for m in messages)
    assert any(m.from_student for m in messages)
    assert any(not m.internal and not m.from_student for m in messages)
    assert RequestAttachment.select().exists()


def test_the_same_seed_gives_the_same_requests_and_another_seed_others(seeded):
    first = _dump()
    assert seed_requests(3, TODAY) == dict.fromkeys(seeded, 0)  # never doubled
    assert _dump() == first
    _wipe()
    again = seed_requests(3, TODAY, share=0.6)
    assert again == seeded and _dump() == first
    _wipe()
    seed_requests(4, TODAY, share=0.6)
    assert _dump()["request"] != first["request"]


def test_the_small_demo_gets_twenty_to_forty_requests(db):
    demo.seed(200, 2026, TODAY)  # what ``dev.py run`` seeds (its seed is the default 2026)
    assert 20 <= seed_requests(2026, TODAY)["rights_request"] <= 40


def test_due_dates_and_waiting_follow_the_deadline_module(seeded):
    events = defaultdict(list)
    for e in RequestEvent.select().order_by(RequestEvent.occurred_at, RequestEvent.id):
        events[e.request_id].append(e)
    for r in RightsRequest.select():
        assert r.due_on == due_date(r.received_on, extended=r.extended, days_waited=r.days_waited)
        if r.channel == PORTAL:
            assert r.received_on == receipt_day(r.received_at) and r.submission_key
        else:
            assert r.received_on <= receipt_day(r.received_at) and r.submission_key is None
        days = [(e.kind, local_time(e.occurred_at).date()) for e in events[r.id]]
        waited, asked = 0, None
        for kind, day in days:
            if kind == "waiting":
                asked = day
            elif kind == "answered":
                waited, asked = waited + days_between(asked, day), None
        assert r.days_waited == waited
        if r.status == WAITING:
            assert r.waiting_since == asked
        elif r.status != WITHDRAWN:
            assert r.waiting_since is None
        extended = [e for e in events[r.id] if e.kind == "extended"]
        assert len(extended) == int(r.extended)
        if extended:
            day = local_time(extended[0].occurred_at).date()
            waited_then = sum(
                days_between(a, b)
                for (k1, a), (k2, b) in zip(days, days[1:], strict=False)
                if k1 == "waiting" and k2 == "answered" and b <= day
            )
            assert day <= due_date(r.received_on, days_waited=waited_then)
            assert extended[0].note == r.extension_reason


def test_overdue_and_soon_due_requests_are_open_and_not_waiting(seeded):
    overdue = queries.queue(TODAY, queries.QueueFilter(overdue=True)).rows
    soon = queries.queue(TODAY, queries.QueueFilter(due_soon=True)).rows
    assert overdue and soon
    assert all(r.status in OPEN_STATUSES and r.status != WAITING for r in overdue + soon)
    assert all(r.due_on < TODAY for r in overdue)
    assert all(TODAY <= r.due_on <= TODAY + dt.timedelta(days=7) for r in soon)


def test_the_desk_steps_keep_the_rules_of_the_operations(seeded):
    desks = {a.id for a in Account.select().where((Account.role == DESK) & Account.is_active)}
    restricted = {p.id for p in Person.select().where(Person.is_restricted)}
    timelines = defaultdict(list)
    for e in RequestEvent.select().order_by(RequestEvent.occurred_at, RequestEvent.id):
        timelines[e.request_id].append(e)
    seen_four_eyes = False
    for r in RightsRequest.select():
        kinds = [e.kind for e in timelines[r.id]]
        moments = [e.occurred_at for e in timelines[r.id]]
        assert kinds[0] == "received" and moments[0] == r.received_at
        assert moments == sorted(moments) and moments[-1] < end_of_day(TODAY - dt.timedelta(1))
        assert re.fullmatch(rf"AVG-{r.received_on.year}-[A-HJ-NP-Z2-9]{{6}}", r.reference)
        assert r.assignee_id is None or r.assignee_id in desks
        assert ("assigned" in kinds) == (r.assignee_id is not None)
        assert request_details.clean(r.request_type, json.loads(r.details)) == r.detail_values
        four_eyes = request_details.needs_four_eyes(r.request_type, r.detail_values)
        if r.status == PROPOSED:
            assert four_eyes and r.proposed_by_id in desks and kinds[-1] == "proposed"
            assert r.proposed_outcome in (GRANTED, "partly_granted") and r.outcome is None
        if r.status in (DECIDED, CLOSED):
            assert r.outcome in OUTCOMES and r.decided_by_id in desks and r.decided_at
            assert "decided" in kinds
            if r.outcome == GRANTED:
                assert r.ground is None
            else:
                assert r.ground in GROUNDS
            if four_eyes and r.outcome != REFUSED:
                seen_four_eyes = True
                assert r.proposed_by_id in desks and r.proposed_by_id != r.decided_by_id
                assert kinds.index("proposed") < kinds.index("decided")
            if r.request_type == RESTRICTION and r.outcome != REFUSED:
                assert r.person_id in restricted
        else:
            assert r.outcome is None and r.decided_at is None
        if r.status in (CLOSED, WITHDRAWN):
            assert r.closed_at == moments[-1] and kinds[-1] == r.status
        else:
            assert r.closed_at is None
    assert seen_four_eyes


def test_notes_never_appear_on_the_timeline_and_messages_belong_to_the_file(seeded):
    for m in RequestMessage.select(RequestMessage, RightsRequest).join(RightsRequest):
        assert m.person_id == m.request.person_id
        if m.from_student:
            assert m.author_id is None and not m.internal
        else:
            assert m.author_id is not None
    notes = RequestMessage.select().where(RequestMessage.internal)
    assert notes.exists()
    for note in notes:
        shown = queries.messages(note.request_id, for_student=True)
        assert note.id not in {m.id for m in shown}


def test_the_demo_sign_in_accounts_have_requests_and_the_desk_has_work(db):
    demo.seed(30, 2026, TODAY)
    seed_requests(2026, TODAY)
    student = Person.get(Person.student_number == "s2000001")  # the README's example
    mine = queries.of_student(student.id)
    assert len({r.status for r in mine}) >= 3
    assert any(r.status == WAITING for r in mine)  # a question the visitor can answer
    desk, desk2 = Account.get(username="desk"), Account.get(username="desk2")
    for member, colleague in ((desk, desk2), (desk2, desk)):
        assert queries.queue(TODAY, queries.QueueFilter(assignee_id=member.id)).total
        waiting_for_colleague = RightsRequest.select().where(
            (RightsRequest.status == PROPOSED) & (RightsRequest.proposed_by == member.id)
        )
        assert waiting_for_colleague.exists(), f"{colleague.username} has nothing to approve"


def test_four_eyes_needs_two_desk_members(db):
    demo.seed(3, 1, TODAY)
    Account.update(is_active=False).where(Account.username == "desk2").execute()
    with pytest.raises(ValueError):
        seed_requests(1, TODAY)
    assert not RightsRequest.select().exists()
