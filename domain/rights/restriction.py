"""Lifting a restriction (GDPR art. 18(3)): the student is told before the mark goes.

A granted restriction request marks the person (``Person.is_restricted``, set when the
decision takes effect). The desk lifts it with a message to the student; the message,
the step on the request's timeline and the lifting are one transaction, so the mark
never goes without the student having been told.
"""

from __future__ import annotations

from domain.audit import trail as audit
from domain.core.db import is_postgres, utcnow, writing
from domain.models import Account, Person, RequestEvent, RightsRequest
from domain.requests import operations as ops
from domain.requests.errors import RequestError
from domain.requests.vocabulary import GRANTED, PARTLY_GRANTED, RESTRICTION

ACTION = "lift:restriction"
LIFTED = "restriction_lifted"


def may_lift(request: RightsRequest) -> bool:
    """True if this is a granted restriction whose mark is still on the person."""
    return (
        request.request_type == RESTRICTION
        and request.outcome in (GRANTED, PARTLY_GRANTED)
        and Person.select().where((Person.id == request.person_id) & Person.is_restricted).exists()
    )


def lift(request_id: int, message: str, actor: Account | int) -> RightsRequest:
    """Tell the student why the restriction ends, then lift it; one transaction.

    :raise RequestError: ``not_restricted`` unless the request is a granted restriction
        whose mark is still on; as ``clean_text`` for the message.
    """
    actor_id = actor.id if isinstance(actor, Account) else actor
    with writing():
        query = RightsRequest.select().where(RightsRequest.id == request_id)
        request = (query.for_update() if is_postgres() else query).first()
        if request is None or not may_lift(request):
            raise RequestError("not_restricted")
        # The message (and, through it, the student's notification) comes first.
        ops.desk_message(request.id, message, actor_id)
        RequestEvent.create(
            request=request,
            person=request.person_id,
            kind=LIFTED,
            actor=actor_id,
            occurred_at=utcnow(),
        )
        Person.update(is_restricted=False).where(Person.id == request.person_id).execute()
        audit.record(Account(id=actor_id), ACTION, [request.person_id], request.reference)
    return request
