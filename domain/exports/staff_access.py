"""Who on the staff looked at or changed a person's data: the audit trail, as the person reads it.

This is the one place the export reads ``AuditEvent`` from, so a change to the trail's
model (a hash chain, a reason column) changes one function.

Who: the staff member's **role**, not their name (docs/decisions.md). Staff act under the
university's authority, not as recipients of their own, and the Court of Justice held
that the right of access does not in principle cover the identity of the employees who
consulted the data (CJEU C-579/21, Pankki S, 22 June 2023). A student who needs a name to
use their rights (suspected misuse) asks the privacy desk, which sees the names in the
trail. The student's own actions (downloading their export) are not staff access and are
left out.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from domain.accounts.roles import STAFF_ROLES, STUDENT
from domain.core.text import Text
from domain.models import Account, AuditEvent

# What the trail's action codes mean to the person; an unknown code is shown as it is.
ACTIONS = {
    "view:rights_request": Text("bekeek je verzoek", "viewed your request"),
    "run:delivery": Text(
        "maakte een levering aan een externe partij met je gegevens",
        "made a delivery to an external party holding your data",
    ),
    "download:delivery_file": Text(
        "downloadde een leveringsbestand met je gegevens",
        "downloaded a delivery file holding your data",
    ),
    "view:legal_holds": Text(
        "bekeek de lijst van juridische blokkades, met de jouwe",
        "viewed the list of legal holds, including yours",
    ),
    "place:legal_hold": Text("plaatste een juridische blokkade", "placed a legal hold"),
    "lift:legal_hold": Text("hief een juridische blokkade op", "lifted a legal hold"),
}


@dataclass(frozen=True)
class StaffAccess:
    occurred_at: dt.datetime  # naive UTC
    role: str
    action: str
    detail: str | None  # the request or task, as the trail records it

    @property
    def role_label(self) -> Text:
        return STAFF_ROLES.get(self.role, Text(self.role, self.role))

    @property
    def action_label(self) -> Text:
        return ACTIONS.get(self.action, Text(self.action, self.action))


def log(person_id: int) -> list[StaffAccess]:
    """Every staff view or change of the person's data, newest first (one query)."""
    query = (
        AuditEvent.select(
            AuditEvent.occurred_at, Account.role, AuditEvent.action, AuditEvent.detail
        )
        .join(Account, on=(AuditEvent.actor == Account.id))
        .where((AuditEvent.person == person_id) & (Account.role != STUDENT))
        .order_by(AuditEvent.occurred_at.desc(), AuditEvent.id.desc())
        .tuples()
    )
    return [StaffAccess(*row) for row in query]
