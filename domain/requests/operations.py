"""Every change to a rights request: one function, one transaction, one timeline entry.

The web app (student and desk) and the worker call these; none of them writes a request
row itself. Each function locks the request row first, so two desk members acting on
the same request at once are serialised and the second one sees the first one's result
(two decisions can never be taken).
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
from dataclasses import dataclass

from domain.accounts.models import Account
from domain.accounts.roles import DESK
from domain.core.clock import local_today
from domain.core.db import is_postgres, utcnow, writing
from domain.people.models import Person
from domain.requests import attachments as files
from domain.requests import details as request_details
from domain.requests import notifications
from domain.requests.deadline import Deadline, days_between, due_date, receipt_day
from domain.requests.errors import RequestError, clean_text
from domain.requests.models import RequestEvent, RequestMessage, RightsRequest
from domain.requests.vocabulary import (
    CHANNELS,
    CLOSED,
    DECIDED,
    GRANTED,
    GROUNDS,
    IN_PROGRESS,
    OPEN_STATUSES,
    OUTCOMES,
    PORTAL,
    PROPOSED,
    RECEIVED,
    REFUSED,
    REQUEST_TYPES,
    RESTRICTION,
    WAITING,
    WITHDRAWN,
)
from domain.rights import carry_out

REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread


def new_reference(year: int) -> str:
    """A reference a person can read out: ``AVG-2026-K7Q3MX`` (not the database id)."""
    code = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(6))
    return f"AVG-{year}-{code}"


def deadline_of(request: RightsRequest, today: dt.date | None = None) -> Deadline:
    """The request's deadline on ``today`` (Amsterdam), waiting so far included."""
    today = today or local_today()
    waited = request.days_waited
    if request.status == WAITING and request.waiting_since:
        waited += days_between(request.waiting_since, today)
    return Deadline(request.received_on, request.extended, waited, today)


def _due(request: RightsRequest) -> dt.date:
    return due_date(request.received_on, extended=request.extended, days_waited=request.days_waited)


def _locked(request_id: int) -> RightsRequest:
    """The request, locked for this transaction; :raise RequestError: ``not_found``."""
    query = RightsRequest.select().where(RightsRequest.id == request_id)
    if is_postgres():
        query = query.for_update()
    found = query.first()
    if found is None:
        raise RequestError("not_found")
    return found


def _event(
    request: RightsRequest, kind: str, actor: Account | int | None, note: str | None = None
) -> RequestEvent:
    return RequestEvent.create(
        request=request,
        person=request.person_id,
        kind=kind,
        actor=actor,
        note=note,
        occurred_at=utcnow(),
    )


def _require_open(request: RightsRequest) -> None:
    if request.status not in OPEN_STATUSES:
        raise RequestError("not_open")


# --- Filing -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Filed:
    request: RightsRequest
    created: bool  # False when the same form was sent again and nothing new was made


def file_request(
    person_id: int,
    request_type: str,
    details: dict,
    *,
    language: str,
    channel: str = PORTAL,
    actor: Account | int | None = None,
    received_on: dt.date | None = None,
    submission_key: str | None = None,
    uploads: list[tuple[str, bytes]] = (),
    now: dt.datetime | None = None,
) -> Filed:
    """File a request for the person: checked, stored with its attachments, and dated.

    A request through the portal is received on the Amsterdam day it arrives; one the
    desk files on a student's behalf (letter, e-mail, counter) takes the day the letter
    or e-mail arrived, which cannot lie in the future. The same ``submission_key`` (a
    hidden token of the form) never makes two requests.

    :raise RequestError: for an unknown type or channel, bad details, bad attachments
        or a bad date of receipt.
    """
    if request_type not in REQUEST_TYPES:
        raise RequestError("unknown_type")
    if channel not in CHANNELS:
        raise RequestError("unknown_channel")
    if language not in ("nl", "en"):
        language = "nl"
    cleaned = request_details.clean(request_type, details)
    checked = files.check_all(uploads)
    now = now or utcnow()
    today = receipt_day(now)
    if channel == PORTAL:
        received_on = today
    elif received_on is None or received_on > today:
        raise RequestError("received_on", field="received_on")
    with writing():
        if submission_key:
            earlier = RightsRequest.get_or_none(RightsRequest.submission_key == submission_key)
            if earlier is not None:
                if earlier.person_id != person_id:
                    raise RequestError("not_found")
                return Filed(earlier, False)
        request = RightsRequest.create(
            reference=new_reference(received_on.year),
            person=person_id,
            request_type=request_type,
            status=RECEIVED,
            channel=channel,
            language=language,
            details=json.dumps(cleaned, ensure_ascii=False),
            submission_key=submission_key,
            received_at=now,
            received_on=received_on,
            due_on=due_date(received_on),
        )
        files.store(request, None, checked)
        _event(request, "received", actor, CHANNELS[channel].en if channel != PORTAL else None)
        notifications.received(request)
    return Filed(request, True)


# --- The desk's steps -------------------------------------------------------------------------


def assign(request_id: int, assignee: Account | int, actor: Account | int) -> RightsRequest:
    """Give the request to a desk member (the actor or a colleague).

    :raise RequestError: ``assignee`` unless it is an active privacy-desk account.
    """
    assignee_id = assignee.id if isinstance(assignee, Account) else assignee
    with writing():
        is_desk = Account.select().where(
            (Account.id == assignee_id) & (Account.role == DESK) & Account.is_active
        )
        if not is_desk.exists():
            raise RequestError("assignee", field="assignee")
        request = _locked(request_id)
        _require_open(request)
        request.assignee = assignee_id
        if request.status == RECEIVED:
            request.status = IN_PROGRESS
        request.save()
        _event(request, "assigned", actor)
    return request


def ask_student(
    request_id: int, message: str, actor: Account | int, today: dt.date | None = None
) -> RightsRequest:
    """Ask the student for what the desk needs; the clock stops until they answer."""
    body = clean_text(message)
    today = today or local_today()
    with writing():
        request = _locked(request_id)
        if request.status not in (RECEIVED, IN_PROGRESS):
            raise RequestError("cannot_wait")
        request.status, request.waiting_since = WAITING, today
        request.save()
        RequestMessage.create(request=request, person=request.person_id, author=actor, body=body)
        _event(request, "waiting", actor)
        notifications.waiting(request)
    return request


def student_reply(
    request_id: int,
    person_id: int,
    message: str,
    uploads: list[tuple[str, bytes]] = (),
    today: dt.date | None = None,
) -> RightsRequest:
    """The student answers; a request waiting for them runs again, later by the days waited."""
    body = clean_text(message)
    checked = files.check_all(uploads)
    today = today or local_today()
    with writing():
        request = _locked(request_id)
        if request.person_id != person_id:
            raise RequestError("not_found")
        _require_open(request)
        reply = RequestMessage.create(
            request=request, person=request.person_id, author=None, from_student=True, body=body
        )
        files.store(request, reply, checked)
        if request.status == WAITING:
            request.days_waited += days_between(request.waiting_since, today)
            request.status, request.waiting_since = IN_PROGRESS, None
            request.due_on = _due(request)
            request.save()
            _event(request, "answered", None)
        else:
            _event(request, "message", None)
    return request


def desk_message(
    request_id: int, message: str, actor: Account | int, *, internal: bool = False
) -> RequestMessage:
    """A message to the student, or (``internal``) a note the student never sees."""
    body = clean_text(message)
    with writing():
        request = _locked(request_id)
        note = RequestMessage.create(
            request=request, person=request.person_id, author=actor, body=body, internal=internal
        )
        if not internal:
            _event(request, "message", actor)
            notifications.new_message(request)
    return note


def extend(
    request_id: int, reason: str, actor: Account | int, today: dt.date | None = None
) -> RightsRequest:
    """Extend by two further months, once, not after the original due date (art. 12(3))."""
    why = clean_text(reason, field="reason")
    with writing():
        request = _locked(request_id)
        _require_open(request)
        if request.extended:
            raise RequestError("already_extended")
        if not deadline_of(request, today).may_extend:
            raise RequestError("extend_too_late")
        request.extended, request.extension_reason = True, why
        request.due_on = _due(request)
        request.save()
        _event(request, "extended", actor, why)
        notifications.extended(request)
    return request


def needs_second_desk_member(request: RightsRequest, outcome: str) -> bool:
    """Erasure, and rectification of basic study data, need a second pair of eyes."""
    if outcome == REFUSED:
        return False
    return request_details.needs_four_eyes(request.request_type, request.detail_values)


def _check_decision(outcome: str, ground: str | None, message: str) -> tuple[str | None, str]:
    if outcome not in OUTCOMES:
        raise RequestError("unknown_outcome", field="outcome")
    if outcome != GRANTED and ground not in GROUNDS:
        raise RequestError("ground_required", field="ground")
    return (ground if outcome != GRANTED else None), clean_text(message)


def decide(
    request_id: int, outcome: str, ground: str | None, message: str, actor: Account | int
) -> RightsRequest:
    """Decide the request; erasure and rectification of basic study data are proposed.

    A decision that needs a second desk member becomes a proposal (status "proposed")
    that another desk member approves with ``approve``.
    """
    ground, body = _check_decision(outcome, ground, message)
    with writing():
        request = _locked(request_id)
        if request.status not in (RECEIVED, IN_PROGRESS):
            raise RequestError("cannot_decide")
        if needs_second_desk_member(request, outcome):
            request.status = PROPOSED
            request.proposed_outcome, request.proposed_ground = outcome, ground
            request.proposed_message, request.proposed_by = body, actor
            request.save()
            _event(request, "proposed", actor)
            return request
        _take_decision(request, outcome, ground, body, actor)
    return request


def approve(request_id: int, actor: Account | int) -> RightsRequest:
    """Approve a colleague's proposal: the decision takes effect; never one's own."""
    actor_id = actor.id if isinstance(actor, Account) else actor
    with writing():
        request = _locked(request_id)
        if request.status != PROPOSED:
            raise RequestError("nothing_to_approve")
        if request.proposed_by_id == actor_id:
            raise RequestError("own_proposal")
        _take_decision(
            request,
            request.proposed_outcome,
            request.proposed_ground,
            request.proposed_message,
            actor,
        )
    return request


def send_back(request_id: int, reason: str, actor: Account | int) -> RightsRequest:
    """Do not approve a proposal: the request goes back into progress, with a note why."""
    why = clean_text(reason, field="reason")
    with writing():
        request = _locked(request_id)
        if request.status != PROPOSED:
            raise RequestError("nothing_to_approve")
        request.status = IN_PROGRESS
        request.proposed_outcome = request.proposed_ground = request.proposed_message = None
        request.proposed_by = None
        request.save()
        RequestMessage.create(
            request=request, person=request.person_id, author=actor, body=why, internal=True
        )
    return request


def _take_decision(
    request: RightsRequest, outcome: str, ground: str | None, body: str, actor: Account | int
) -> None:
    request.status, request.outcome, request.ground = DECIDED, outcome, ground
    request.decision_message, request.decided_by, request.decided_at = body, actor, utcnow()
    request.save()
    carry_out.decision_taken(request, actor)
    if request.request_type == RESTRICTION and outcome != REFUSED:
        # A granted restriction marks the data at once: deliveries skip the person and
        # retention holds their data (art. 18(2)).
        Person.update(is_restricted=True).where(Person.id == request.person_id).execute()
    _event(request, "decided", actor, OUTCOMES[outcome].en)
    notifications.decided(request)


def close(request_id: int, actor: Account | int) -> RightsRequest:
    """Close a decided request once it has been carried out."""
    with writing():
        request = _locked(request_id)
        if request.status != DECIDED:
            raise RequestError("cannot_close")
        request.status, request.closed_at = CLOSED, utcnow()
        request.save()
        carry_out.request_closed(request, actor)
        _event(request, "closed", actor)
        notifications.closed(request)
    return request


def withdraw(request_id: int, person_id: int) -> RightsRequest:
    """The student withdraws an open request that has not been decided yet."""
    with writing():
        request = _locked(request_id)
        if request.person_id != person_id:
            raise RequestError("not_found")
        if request.status not in (RECEIVED, IN_PROGRESS, WAITING, PROPOSED):
            raise RequestError("not_open")
        request.status, request.closed_at = WITHDRAWN, utcnow()
        request.save()
        _event(request, "withdrawn", None)
    return request


def is_open(request: RightsRequest) -> bool:
    return request.status in OPEN_STATUSES
