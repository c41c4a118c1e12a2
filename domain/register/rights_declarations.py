"""Declarations for what carrying out a right leaves: erasure outcomes and objections.

- The outcome of an erasure is part of the request file: it goes with the request
  (two years after closing, docs/decisions.md) and says what was erased and kept.
- An upheld objection is kept as long as the person's record exists: it is what stops
  the processing (GDPR art. 21(3)); erasing it would start the processing again.
"""

from __future__ import annotations

from domain import models as m
from domain.accounts.roles import ADMIN, DESK
from domain.core.text import Text
from domain.register.declarations import record_type
from domain.register.request_declarations import REQUEST_KEPT
from domain.register.request_declarations import RULES as REQUEST_RULES
from domain.register.rules import Action, Event, Kept, RetentionRule

RULES = {
    rule.key: rule
    for rule in [
        RetentionRule(
            "objection",
            Event.NEVER,
            None,
            Action.KEEP,
            Text(
                "Bewaard zolang je gegevens bestaan: zonder dit gegeven zou de verwerking weer "
                "beginnen; verdwijnt samen met je persoonsgegevens",
                "Kept as long as your data exists: without it the processing would start "
                "again; removed together with your personal record",
            ),
            source="decision: docs/decisions.md",
        ),
    ]
}

OBJECTION_KEPT = Kept(
    "art_17_3_b",
    Text(
        "AVG art. 21 lid 3: de universiteit moet je bezwaar vastleggen om de verwerking "
        "voor dat doel gestopt te houden",
        "GDPR art. 21(3): the university must record your objection to keep the processing "
        "for that purpose stopped",
    ),
)

RECORD_TYPES = (
    record_type(
        m.ErasureOutcome,
        Text("uitvoering van een verwijderverzoek", "outcome of an erasure request"),
        category="requests",
        purpose=22,
        basis="legal_obligation",
        retention="request_file",
        rules=REQUEST_RULES,
        origin="university",
        kept=REQUEST_KEPT,
        section="requests",
        roles=(DESK, ADMIN),
        shown=False,
        technical=("id", "request", "person"),
        carried_out_at=Text("uitgevoerd op", "carried out on"),
        steps=Text("wat is gewist en wat bewaard", "what was erased and what kept"),
        consent_withdrawn=Text("ingetrokken toestemmingen", "consent withdrawn"),
        finished_at=Text("afgerond op", "finished on"),
    ),
    record_type(
        m.Objection,
        Text("bezwaar tegen een verwerking", "objection to a processing"),
        category="requests",
        purpose=22,
        basis="legal_obligation",
        retention="objection",
        rules=RULES,
        origin="student",
        origins={"since": "university"},
        kept=OBJECTION_KEPT,
        section="requests",
        roles=(DESK, ADMIN),
        shown=False,
        technical=("id", "person", "request"),
        processing=Text("verwerking waartegen je bezwaar maakte", "processing you objected to"),
        since=Text("gestopt sinds", "stopped since"),
    ),
)

NON_PERSONAL_MODELS: dict = {}
