"""Declarations for the portal's own records about persons: legal holds and the audit trail."""

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
        technical=("id", "person", "actor"),
        action=Text("handeling", "action"),
        occurred_at=Text("tijdstip", "time"),
        detail=Text("toelichting", "detail"),
    ),
)

NON_PERSONAL_MODELS = {
    m.RetentionRun: "counts per run; no personal data",
    m.RetentionRunRule: "counts per rule; no personal data",
    m.RetentionRunHold: "counts per rule and hold reason; no personal data",
    m.DestructionList: "a list's rule and approval; no personal data",
    m.DestructionItem: "record ids and due dates only",
}
