"""Declarations for the staff audit trail: who looked at or changed a person's data.

Retention (docs/decisions.md): two years after the view or change. Long enough for a
student to ask, after a year's study, who looked at their data and for the privacy
officer to investigate a complaint or a breach (GDPR art. 33 asks a report within 72
hours, but a breach is often found months later); short enough that the trail does not
become a second file on every student. The trail is an accountability duty (GDPR art.
5(2), 32), so the legal basis is a legal obligation, and it is not erased on request:
erasing the person empties the events' person (the database does so), and their salt
goes with them, so the events no longer point at anyone while the chain still verifies.

The events are removed oldest first by ``domain.audit.chain.remove_oldest``, which
leaves a checkpoint so the hash chain stays verifiable (the retention engine calls it).

The student reads these records in their own section of My data ("Who looked at my
data", ``domain.audit.log``), hence ``shown=False`` (not a generic table of rows).
"""

from __future__ import annotations

from domain import models as m
from domain.accounts.roles import ADMIN
from domain.core.text import Text
from domain.register.declarations import record_type
from domain.register.rules import Action, Event, Period, RetentionRule, Unit

RULES = {
    rule.key: rule
    for rule in [
        RetentionRule(
            "audit_trail",
            Event.RECORD_DATE,
            Period(2, Unit.YEARS),
            Action.DELETE,
            Text("de inzage of wijziging door een medewerker", "the staff member's view or change"),
            date_field="occurred_at",
            source="decision: docs/decisions.md",
        ),
    ]
}

RECORD_TYPES = (
    record_type(
        m.AuditEvent,
        Text("inzage door medewerker", "staff access record"),
        category="account",
        purpose=26,
        basis="legal_obligation",
        retention="audit_trail",
        roles=(ADMIN,),
        rules=RULES,
        shown=False,
        technical=("id", "person", "actor", "seq", "subject_digest", "record_hash"),
        action=Text("handeling", "action"),
        occurred_at=Text("tijdstip", "time"),
        detail=Text("toelichting", "detail"),
        actor_role=Text("rol van de medewerker", "staff member's role"),
        categories=Text("bekeken gegevens", "data looked at"),
        reason=Text("reden", "reason"),
    ),
)

NON_PERSONAL_MODELS = {
    m.AuditSubject: "a random salt per person, hashed into their audit events; says nothing",
    m.AuditCheckpoint: "positions and hashes of audit events removed by retention; no person",
}
