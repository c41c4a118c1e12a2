"""Where a decided request meets the data: the one entry point of ``domain.requests.operations``.

``decision_taken`` runs in the transaction of the decision (or of the four-eyes approval
that makes it take effect); ``request_closed`` in the transaction of closing. Each right's
own module does the work; a restriction is marked by the decision itself.
"""

from __future__ import annotations

from domain.audit import trail as audit
from domain.models import Account, RightsRequest
from domain.requests.vocabulary import (
    ERASURE,
    GRANTED,
    OBJECTION,
    PARTLY_GRANTED,
    RECTIFICATION,
)
from domain.rights import erasure, objection, rectification

ERASE_ACTION = "erase:person"


def decision_taken(request: RightsRequest, actor: Account | int) -> None:
    """Carry out a granted (or partly granted) decision on the data, in the caller's transaction.

    :raise RequestError: when the decision cannot be carried out (a proposed value its field
        does not accept): the decision is then not taken either.
    """
    if request.outcome not in (GRANTED, PARTLY_GRANTED):
        return
    actor_id = actor.id if isinstance(actor, Account) else actor
    if request.request_type == ERASURE:
        erasure.carry_out_request(request, actor_id)
        audit.record(Account(id=actor_id), ERASE_ACTION, [request.person_id], request.reference)
    elif request.request_type == RECTIFICATION:
        rectification.apply(request, actor_id)
    elif request.request_type == OBJECTION:
        objection.record(request)


def request_closed(request: RightsRequest, actor: Account | int) -> None:
    """On closing: an erasure removes what waited for it (the account), in the caller's
    transaction."""
    if request.request_type == ERASURE and erasure.finish(request):
        actor_id = actor.id if isinstance(actor, Account) else actor
        audit.record(Account(id=actor_id), ERASE_ACTION, [request.person_id], request.reference)
