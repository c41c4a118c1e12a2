"""Declarations for the mail outbox: it holds e-mail addresses, so it is personal data.

Each row is one e-mail the portal sent (or tried to send) about a rights request: to
whom, in what language, the subject and the text (a reference, the step and a link;
never the content of a message or an internal note). Informing the student about their
request is part of handling it (GDPR art. 12(3)–(4)), so the outbox shares the request
file's purpose and basis.

Retention (docs/decisions.md): a mail is removed six months after it was written. It
has been sent (or given up on, after about three days of retries) long before that; the
request's own timeline, kept two years after closing, still records every step. Six
months covers the longest period an answer may take (three months when extended) plus
time to look into a complaint that a notice never arrived. The desk's digest has no
person; it is removed on the same term.

The rows are not shown on My data: the student sees every step of their request on
"My requests", and their address under contact details.
"""

from __future__ import annotations

from domain import models as m
from domain.accounts.roles import ADMIN, DESK
from domain.core.text import Text
from domain.mail.vocabulary import KINDS
from domain.register.declarations import record_type
from domain.register.rules import Action, Event, Kept, Period, RetentionRule, Unit

RULES = {
    rule.key: rule
    for rule in [
        RetentionRule(
            "outbox_mail",
            Event.RECORD_DATE,
            Period(6, Unit.MONTHS),
            Action.DELETE,
            Text("de dag waarop de e-mail werd opgesteld", "the day the e-mail was written"),
            date_field="created_at",
            source="decision: docs/decisions.md",
        ),
    ]
}

# Every field the same reason; the access export lists it under "what this copy leaves out".
MAIL_WITHHELD = Text(
    "Kopieën van de e-mails over je verzoeken: elke stap staat al bij je verzoeken, je "
    "e-mailadres bij je contactgegevens",
    "Copies of the e-mails about your requests: every step is already under your requests, "
    "your e-mail address under your contact details",
)
_MAIL_FIELDS = ("kind", "recipient", "language", "subject", "body", "sent_at", "last_error")
MAIL_KEPT = Kept(
    "art_17_3_b",
    Text(
        "AVG art. 5 lid 2 en art. 12: de universiteit moet kunnen aantonen dat ze je over je "
        "verzoek heeft ingelicht; verwijderd 6 maanden nadat de e-mail werd opgesteld",
        "GDPR Art. 5(2) and 12: the university must be able to show it informed you about "
        "your request; deleted 6 months after the e-mail was written",
    ),
)

RECORD_TYPES = (
    record_type(
        m.OutboxMail,
        Text("e-mail over een verzoek", "e-mail about a request"),
        category="requests",
        purpose=22,
        basis="legal_obligation",
        retention="outbox_mail",
        roles=(DESK, ADMIN),
        rules=RULES,
        origin="university",
        kept=MAIL_KEPT,
        section="requests",
        withheld=dict.fromkeys((*_MAIL_FIELDS, "created_at"), MAIL_WITHHELD),
        shown=False,
        # Keys and the worker's bookkeeping: no personal data of their own.
        technical=("id", "person", "status", "attempts", "next_attempt_at"),
        vocab={"kind": KINDS},
        kind=Text("soort e-mail", "kind of e-mail"),
        recipient=Text("e-mailadres", "e-mail address"),
        language=Text("taal", "language"),
        subject=Text("onderwerp", "subject"),
        body=Text("tekst", "text"),
        sent_at=Text("verstuurd op", "sent at"),
        # The mail server's answer can quote the address.
        last_error=Text("laatste foutmelding", "last error"),
        created_at=Text("opgesteld op", "written at"),
    ),
)

NON_PERSONAL_MODELS: dict = {}
