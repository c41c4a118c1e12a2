"""Reading requests: the desk's queue, a student's own requests, a request's timeline.

Each function runs a fixed number of queries, whatever the number of requests.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from peewee import JOIN, Select, fn

from domain.accounts.models import Account
from domain.core.db import Prepared
from domain.people.models import Person
from domain.requests.models import RequestAttachment, RequestEvent, RequestMessage, RightsRequest
from domain.requests.vocabulary import INTERNAL_EVENTS, OPEN_STATUSES, WAITING

PER_PAGE = 50
SOON_DAYS = 7


@dataclass(frozen=True)
class QueueFilter:
    request_type: str | None = None
    status: str | None = None
    assignee_id: int | None = None  # "mine"
    overdue: bool = False
    due_soon: bool = False  # due within SOON_DAYS days


@dataclass
class QueuePage:
    rows: list[RightsRequest]
    total: int
    page: int
    pages: int
    counts: dict[str, int]


def _overdue(today: dt.date):
    # While the desk waits for the student the clock stands still: not overdue.
    return (RightsRequest.status != WAITING) & (RightsRequest.due_on < today)


def queue(
    today: dt.date, chosen: QueueFilter = QueueFilter(), page: int = 1, per_page: int = PER_PAGE
) -> QueuePage:
    """Open requests ordered by due date, filtered and paged, with the queue's counts."""
    where = RightsRequest.status.in_(OPEN_STATUSES)
    if chosen.request_type:
        where &= RightsRequest.request_type == chosen.request_type
    if chosen.status:
        where &= RightsRequest.status == chosen.status
    if chosen.assignee_id:
        where &= RightsRequest.assignee == chosen.assignee_id
    if chosen.overdue:
        where &= _overdue(today)
    if chosen.due_soon:
        where &= (RightsRequest.status != WAITING) & RightsRequest.due_on.between(
            today, today + dt.timedelta(days=SOON_DAYS)
        )
    total = RightsRequest.select(fn.COUNT(RightsRequest.id)).where(where).scalar()
    pages = max(1, -(-total // per_page))
    page = min(max(page, 1), pages)
    # The page's ids first, then only those rows joined: joining every open request to its
    # person before paging made deep pages scan all persons on PostgreSQL.
    ids = (
        RightsRequest.select(RightsRequest.id)
        .where(where)
        .order_by(RightsRequest.due_on, RightsRequest.id)
        .paginate(page, per_page)
    )
    rows = list(
        RightsRequest.select(
            RightsRequest, Person.id, Person.student_number, Account.id, Account.display_name
        )
        .join(Person)
        .switch(RightsRequest)
        .join(Account, JOIN.LEFT_OUTER, on=(RightsRequest.assignee == Account.id))
        .where(RightsRequest.id.in_(ids))
        .order_by(RightsRequest.due_on, RightsRequest.id)
    )
    return QueuePage(rows, total, page, pages, counts(today))


def counts(today: dt.date) -> dict[str, int]:
    """Open, overdue and soon-due requests, in one query.

    Each count is its own range on the (status, due date) index: counting them in one pass
    with CASE read every open request.
    """
    running = [s for s in OPEN_STATUSES if s != WAITING]  # the waiting clock stands still

    def how_many(where):
        return RightsRequest.select(fn.COUNT(RightsRequest.id)).where(where)

    row = (
        Select(
            columns=[
                how_many(RightsRequest.status.in_(OPEN_STATUSES)),
                how_many(RightsRequest.status.in_(running) & (RightsRequest.due_on < today)),
                how_many(
                    RightsRequest.status.in_(running)
                    & RightsRequest.due_on.between(today, today + dt.timedelta(days=SOON_DAYS))
                ),
                how_many(RightsRequest.status == WAITING),
            ]
        )
        .bind(RightsRequest._meta.database)
        .tuples()
        .first()
    )
    return {
        "open": row[0] or 0,
        "overdue": row[1] or 0,
        "due_soon": row[2] or 0,
        "waiting": row[3] or 0,
    }


def of_student(person_id: int) -> list[RightsRequest]:
    """The student's own requests, newest first."""
    return list(_OF_STUDENT.rows(person_id=person_id))


# The student's requests page asks it on every view: built once (see ``Prepared``).
_OF_STUDENT = Prepared(
    lambda person_id: (
        RightsRequest.select()
        .where(RightsRequest.person == person_id)
        .order_by(RightsRequest.received_at.desc(), RightsRequest.id.desc())
    ),
    person_id=int,
)


def student_request(person_id: int, reference: str) -> RightsRequest | None:
    """One of the student's own requests by reference; another student's is None."""
    return RightsRequest.get_or_none(
        (RightsRequest.reference == reference) & (RightsRequest.person == person_id)
    )


def by_reference(reference: str) -> RightsRequest | None:
    return (
        RightsRequest.select(RightsRequest, Person)
        .join(Person)
        .where(RightsRequest.reference == reference)
        .first()
    )


def _with_staff(model, staff_column, request_id: int):
    """The request's rows of ``model`` with the staff account in ``staff_column``, if any."""
    return (
        model.select(model, Account)
        .join(Account, JOIN.LEFT_OUTER, on=(staff_column == Account.id))
        .where(model.request == request_id)
    )


def timeline(request_id: int, *, for_student: bool) -> list[RequestEvent]:
    """The request's steps, oldest first; internal steps only for the desk."""
    query = _with_staff(RequestEvent, RequestEvent.actor, request_id)
    if for_student:
        query = query.where(RequestEvent.kind.not_in(INTERNAL_EVENTS))
    return list(query.order_by(RequestEvent.occurred_at, RequestEvent.id))


def messages(request_id: int, *, for_student: bool) -> list[RequestMessage]:
    """Messages oldest first; internal notes never for the student."""
    query = _with_staff(RequestMessage, RequestMessage.author, request_id)
    if for_student:
        query = query.where(~RequestMessage.internal)
    return list(query.order_by(RequestMessage.created_at, RequestMessage.id))


def attachments(request_id: int) -> list[RequestAttachment]:
    """The request's files without their contents (the list, not the download)."""
    return list(
        RequestAttachment.select(
            RequestAttachment.id,
            RequestAttachment.file_name,
            RequestAttachment.content_type,
            RequestAttachment.size,
            RequestAttachment.message,
            RequestAttachment.created_at,
        )
        .where(RequestAttachment.request == request_id)
        .order_by(RequestAttachment.id)
    )


def attachment(request_id: int, attachment_id: int) -> RequestAttachment | None:
    return RequestAttachment.get_or_none(
        (RequestAttachment.id == attachment_id) & (RequestAttachment.request == request_id)
    )
