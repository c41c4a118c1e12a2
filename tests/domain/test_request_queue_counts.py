"""The desk queue's counts, one index range each, equal their plain definition.

Open: every open status. Overdue: due before today, unless waiting for the student (the
clock stands still). Due soon: due today up to SOON_DAYS days on, unless waiting. Waiting:
waiting for the student. Closed and withdrawn requests count nowhere.
"""

from __future__ import annotations

import datetime as dt
import itertools

from domain.requests import operations as ops
from domain.requests import queries
from domain.requests.models import RightsRequest
from domain.requests.vocabulary import OPEN_STATUSES, STATUSES, WAITING
from tests import factories

TODAY = dt.date(2024, 2, 29)  # a leap day: the week after it crosses into March


def _plain(today: dt.date) -> dict[str, int]:
    rows = list(RightsRequest.select(RightsRequest.status, RightsRequest.due_on).tuples())
    open_rows = [(s, due) for s, due in rows if s in OPEN_STATUSES]
    soon_end = today + dt.timedelta(days=queries.SOON_DAYS)
    return {
        "open": len(open_rows),
        "overdue": sum(1 for s, due in open_rows if s != WAITING and due < today),
        "due_soon": sum(1 for s, due in open_rows if s != WAITING and today <= due <= soon_end),
        "waiting": sum(1 for s, _ in open_rows if s == WAITING),
    }


def test_each_count_equals_its_definition_at_every_edge(db):
    person = factories.person(student_number="s4100001")
    # Every status against due dates around each boundary: yesterday, today, the last day
    # of "soon", the day after it, and far before and after.
    offsets = (-400, -1, 0, 1, queries.SOON_DAYS, queries.SOON_DAYS + 1, 60)
    for status, offset in itertools.product(STATUSES, offsets):
        request = ops.file_request(person.id, "access", {}, language="nl").request
        RightsRequest.update(status=status, due_on=TODAY + dt.timedelta(days=offset)).where(
            RightsRequest.id == request.id
        ).execute()
    counted = queries.counts(TODAY)
    assert counted == _plain(TODAY)
    running = len(OPEN_STATUSES) - 1
    assert counted == {
        "open": len(OPEN_STATUSES) * len(offsets),
        "overdue": running * 2,
        "due_soon": running * 3,
        "waiting": len(offsets),
    }
    # The queue's own page and total agree with the open count.
    page = queries.queue(TODAY, per_page=5)
    assert page.total == counted["open"] and page.counts == counted
    dues = [r.due_on for r in queries.queue(TODAY, per_page=1000).rows]
    assert dues == sorted(dues)
