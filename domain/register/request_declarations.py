"""Declarations for rights requests: the request file is personal data too.

A request is kept for two years after it was closed or withdrawn (docs/decisions.md);
its timeline, messages, notes and attachments go with it. They are shown to the student
on "My requests", not as rows on My data (internal notes never).
"""

from __future__ import annotations

from domain import models as m
from domain.accounts.roles import ADMIN, DESK
from domain.core.text import Text
from domain.register.declarations import record_type
from domain.register.rules import Action, Event, Kept, Period, RetentionRule, Unit
from domain.requests.vocabulary import CHANNELS, OUTCOMES, STATUSES

RULES = {
    rule.key: rule
    for rule in [
        RetentionRule(
            "rights_request",
            Event.RECORD_DATE,
            Period(2, Unit.YEARS),
            Action.DELETE,
            Text(
                "het afronden of intrekken van je verzoek",
                "the closing or withdrawal of your request",
            ),
            date_field="closed_at",
            source="decision: docs/decisions.md",
        ),
        RetentionRule(
            "request_file",
            Event.NEVER,
            None,
            Action.KEEP,
            Text(
                "Bewaard zolang het verzoek bestaat; verdwijnt samen met het verzoek",
                "Kept as long as the request exists; removed together with the request",
            ),
            source="decision: docs/decisions.md",
        ),
    ]
}

REQUEST_KEPT = Kept(
    "art_17_3_b",
    Text(
        "AVG art. 5 lid 2 en art. 12: de universiteit moet kunnen aantonen hoe ze je verzoek "
        "behandelde; verwijderd 2 jaar na het afronden",
        "GDPR Art. 5(2) and 12: the university must be able to show how it handled your "
        "request; deleted 2 years after closing",
    ),
)
# A proposal waiting for a second desk member is deliberation, like an internal note.
PROPOSAL_WITHHELD = Text(
    "Een voorstel dat nog door een tweede medewerker moet worden goedgekeurd is interne "
    "afweging (rug §3.2); het besluit zelf krijg je wel",
    "A proposal that a second staff member has yet to approve is internal deliberation "
    "(rug §3.2); you do get the decision itself",
)
INTERNAL_NOTE_WITHHELD = Text(
    "Interne notities vallen niet onder inzage tot ze verder worden gedeeld (rug §3.2); "
    "berichten tussen jou en het privacyloket krijg je wel",
    "Internal notes are exempt from access until shared further (rug §3.2); you do get the "
    "messages between you and the privacy desk",
)

# What the desk writes on a request; the rest is what the student asked.
_DESK_FIELDS = (
    "reference", "status", "received_at", "due_on", "extended", "extension_reason",
    "waiting_since", "days_waited", "proposed_outcome", "proposed_ground", "proposed_message",
    "outcome", "ground", "decision_message", "decided_at", "closed_at",
)  # fmt: skip

_COMMON = dict(
    category="requests",
    purpose=22,
    basis="legal_obligation",
    roles=(DESK, ADMIN),
    rules=RULES,
    shown=False,
    kept=REQUEST_KEPT,
    section="requests",
)

RECORD_TYPES = (
    record_type(
        m.RightsRequest,
        Text("verzoek over je gegevens", "request about your data"),
        retention="rights_request",
        origin="student",
        origins=dict.fromkeys(_DESK_FIELDS, "university"),
        withheld={
            "proposed_outcome": PROPOSAL_WITHHELD,
            "proposed_ground": PROPOSAL_WITHHELD,
            "proposed_message": PROPOSAL_WITHHELD,
        },
        technical=("id", "person", "submission_key", "assignee", "proposed_by", "decided_by"),
        vocab={
            "status": STATUSES,
            "channel": CHANNELS,
            "outcome": OUTCOMES,
            "proposed_outcome": OUTCOMES,
        },
        reference=Text("kenmerk", "reference"),
        request_type=Text("soort verzoek", "type"),
        status=Text("stand", "status"),
        channel=Text("ontvangen", "received through"),
        language=Text("taal", "language"),
        details=Text("wat je vroeg", "what you asked"),
        received_at=Text("ontvangen om", "received at"),
        received_on=Text("datum van ontvangst", "date of receipt"),
        due_on=Text("uiterste datum", "due date"),
        extended=Text("verlengd", "extended"),
        extension_reason=Text("reden verlenging", "reason for the extension"),
        waiting_since=Text("wacht op jou sinds", "waiting for you since"),
        days_waited=Text("dagen gewacht", "days waited"),
        proposed_outcome=Text("voorgesteld besluit", "proposed decision"),
        proposed_ground=Text("voorgestelde grond", "proposed ground"),
        proposed_message=Text("voorgesteld antwoord", "proposed answer"),
        outcome=Text("besluit", "decision"),
        ground=Text("grond", "legal ground"),
        decision_message=Text("toelichting op het besluit", "explanation of the decision"),
        decided_at=Text("besloten op", "decided on"),
        closed_at=Text("afgerond op", "closed on"),
        **_COMMON,
    ),
    record_type(
        m.RequestEvent,
        Text("stap van een verzoek", "step of a request"),
        retention="request_file",
        origin="university",
        technical=("id", "request", "person", "actor"),
        kind=Text("stap", "step"),
        occurred_at=Text("tijdstip", "time"),
        note=Text("toelichting", "note"),
        **_COMMON,
    ),
    record_type(
        m.RequestMessage,
        Text("bericht over een verzoek", "message about a request"),
        retention="request_file",
        # A message from the desk is the university's; a field has one origin, not a row:
        # ``from_student`` tells them apart.
        origin="student",
        origins={"from_student": "university", "internal": "university"},
        withheld={"internal": INTERNAL_NOTE_WITHHELD},
        technical=("id", "request", "person", "author"),
        from_student=Text("van jou", "from you"),
        internal=Text("interne notitie", "internal note"),
        body=Text("tekst", "text"),
        created_at=Text("verstuurd op", "sent at"),
        **_COMMON,
    ),
    record_type(
        m.RequestAttachment,
        Text("bijlage bij een verzoek", "attachment to a request"),
        retention="request_file",
        origin="student",
        technical=("id", "request", "person", "message"),
        file_name=Text("bestandsnaam", "file name"),
        content_type=Text("soort bestand", "file type"),
        size=Text("grootte", "size"),
        data=Text("bestand", "file"),
        created_at=Text("ontvangen op", "received on"),
        **_COMMON,
    ),
)

NON_PERSONAL_MODELS: dict = {}
