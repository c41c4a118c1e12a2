"""Declarations for the portal's own records about persons: legal holds.

The audit trail is declared in ``audit_declarations``.
"""

from __future__ import annotations

from domain import models as m
from domain.accounts.roles import ADMIN
from domain.core.text import Text
from domain.register.declarations import record_type
from domain.register.rules import Action, Event, RetentionRule

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
    ]
}


RECORD_TYPES = (
    record_type(
        m.LegalHold,
        Text("juridische blokkade", "legal hold"),
        category="account",
        purpose=22,
        basis="legal_obligation",
        retention="legal_hold",
        roles=(ADMIN,),
        rules=RULES,
        technical=("id", "person", "placed_by", "lifted_by"),
        reason=Text("reden", "reason"),
        placed_at=Text("geplaatst op", "placed on"),
        lifted_at=Text("opgeheven op", "lifted on"),
        lift_reason=Text("reden opheffing", "reason for lifting"),
    ),
)

NON_PERSONAL_MODELS = {
    m.RetentionRun: "counts per run; no personal data",
    m.RetentionRunRule: "counts per rule; no personal data",
    m.RetentionRunHold: "counts per rule and hold reason; no personal data",
    m.DestructionList: "a list's rule and approval; no personal data",
    m.DestructionItem: "record ids and due dates only",
}
