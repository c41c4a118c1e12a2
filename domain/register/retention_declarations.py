"""Declarations for the portal's own records about persons: legal holds and the audit trail.

The audit trail (docs/decisions.md): kept two years after the view or change, long enough
for a student to ask who looked and for a complaint or a late-found breach to be
investigated. It is an accountability record (GDPR art. 5(2), 32), not erased on request:
erasing a person empties their events' person link and removes their salt
(``AuditSubject``), so the events point at nobody while the hash chain still verifies.
Retention removes events oldest first through ``domain.audit.chain.remove_oldest``, which
leaves a checkpoint (``AuditCheckpoint``) so the chain stays verifiable. The student reads
the events in their own section of My data ("Who looked at my data"), hence ``shown=False``.
"""

from __future__ import annotations

from domain import models as m
from domain.accounts.roles import ADMIN
from domain.core.text import Text
from domain.register.declarations import record_type
from domain.register.rules import Action, Event, Kept, Period, RetentionRule, Unit

RULES = {
    rule.key: rule
    for rule in [
        RetentionRule(
            "legal_hold",
            Event.NEVER,
            None,
            Action.KEEP,
            Text(
                "Bewaard zolang je gegevens bestaan, als verantwoording van de blokkade",
                "Kept as long as your data exists, to account for the hold",
            ),
            source="decision: docs/decisions.md",
        ),
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


LEGAL_HOLD_KEPT = Kept(
    "art_17_3_e",
    Text(
        "een juridische blokkade houdt gegevens vast die nodig zijn voor een rechtsvordering; "
        "de blokkade noemt de reden",
        "a legal hold keeps data needed for legal claims; the hold names the reason",
    ),
)
AUDIT_KEPT = Kept(
    "art_17_3_b",
    Text(
        "AVG art. 5 lid 2 en art. 32: de universiteit moet kunnen aantonen wie je gegevens "
        "bekeek of wijzigde; verwijderd na 2 jaar",
        "GDPR Art. 5(2) and 32: the university must be able to show who viewed or changed your "
        "data; deleted after 2 years",
    ),
)

RECORD_TYPES = (
    record_type(
        m.LegalHold,
        Text("juridische blokkade", "legal hold"),
        category="account",
        purpose=22,
        basis="legal_obligation",
        retention="legal_hold",
        origin="university",
        kept=LEGAL_HOLD_KEPT,
        roles=(ADMIN,),
        rules=RULES,
        technical=("id", "person", "placed_by", "lifted_by"),
        reason=Text("reden", "reason"),
        placed_at=Text("geplaatst op", "placed on"),
        lifted_at=Text("opgeheven op", "lifted on"),
        lift_reason=Text("reden opheffing", "reason for lifting"),
    ),
    record_type(
        m.AuditEvent,
        Text("inzage door medewerker", "staff access record"),
        category="account",
        purpose=26,
        basis="legal_obligation",
        retention="audit_trail",
        origin="university",
        kept=AUDIT_KEPT,
        shown=False,
        section="staff_access",
        roles=(ADMIN,),
        rules=RULES,
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
    m.RetentionRun: "counts per run; no personal data",
    m.RetentionRunRule: "counts per rule; no personal data",
    m.RetentionRunHold: "counts per rule and hold reason; no personal data",
    m.DestructionList: "a list's rule and approval; no personal data",
    m.DestructionItem: "record ids and due dates only",
    m.AuditSubject: "a random salt per person, hashed into their audit events; says nothing",
    m.AuditCheckpoint: "positions and hashes of audit events removed by retention; no person",
}
