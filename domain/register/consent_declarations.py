"""Declarations for consent per external party and the deliveries that check it.

Retention decisions (the seeds are silent on them):

- The consent ledger is kept as long as the person's record exists. It is the proof the
  university must be able to give that a delivery was lawful (GDPR Art. 7(1); rug §5.2:
  "wie en wanneer voor wat toestemming heeft verleend"), also long after the delivery.
  Deleting an old event would also change the state derived from the ledger, so no
  single event can expire on its own; the ledger goes when the person goes (cascade).
- Which fields were disclosed to whom is kept as long too: it answers the student's
  right to know the recipients of their data (GDPR Art. 15(1)(c)) and proves that
  only what the notice listed was shared.
- The delivered values themselves (the person's lines in the CSV file) are emptied 90
  days after the delivery: long enough for the disclosure officer to hand the file over
  and to resend it if a recipient lost it, after which the portal holds no second copy
  of the data (GDPR Art. 5(1)(e)).

Purposes (rug §1.2): the ledger, the disclosure log and the delivered values all exist
for the deliveries they make lawful or account for, so each serves the purpose of the
party's delivery: KIVI enters graduates in the national register of engineers, which
verifies a degree (purpose 20, rug §3.3.3); schools receive how their former pupils
fared in the first year to improve their own education (13); Bedrijvendagen is career
preparation (17); the NSE measures the quality of education (13), also for the second
e-mail address it may receive with consent. "Complaints, objections and appeals" (22)
is not what they are for.

These records are shown to the student on their consent page rather than on "My data"
(which renders generic record tables), hence ``shown=False``.
"""

from __future__ import annotations

from domain import models as m
from domain.accounts.roles import ADMIN, DESK, DISCLOSURE
from domain.consent.parties import BEDRIJVENDAGEN, KIVI, NSE, NSE_SECOND_EMAIL, SCHOOLS
from domain.core.text import Text
from domain.register.declarations import RecordType, record_type
from domain.register.rules import (
    Action,
    Anonymise,
    Event,
    Kept,
    Period,
    RetentionRule,
    Strategy,
    Unit,
)

RULES = {
    rule.key: rule
    for rule in [
        RetentionRule(
            "consent_ledger",
            Event.NEVER,
            None,
            Action.KEEP,
            Text(
                "Bewaard zolang je gegevens bestaan: het bewijst waarvoor en wanneer je "
                "toestemming gaf of introk (AVG art. 7 lid 1); verdwijnt samen met je "
                "persoonsgegevens",
                "Kept as long as your data exists: it proves what you consented to or "
                "withdrew, and when (GDPR Art. 7(1)); removed together with your personal record",
            ),
            source="rug §5.2; decision: docs/decisions.md",
        ),
        RetentionRule(
            "disclosure_log",
            Event.NEVER,
            None,
            Action.KEEP,
            Text(
                "Bewaard zolang je gegevens bestaan: aan wie welke gegevens over je zijn "
                "verstrekt (AVG art. 15 lid 1 onder c); verdwijnt samen met je persoonsgegevens",
                "Kept as long as your data exists: to whom which of your data was disclosed "
                "(GDPR Art. 15(1)(c)); removed together with your personal record",
            ),
            source="decision: docs/decisions.md",
        ),
        RetentionRule(
            "delivery_rows",
            Event.RECORD_DATE,
            Period(90, Unit.DAYS),
            Action.ANONYMISE,
            Text("de levering aan de externe partij", "the delivery to the external party"),
            date_field="created_at",
            anonymise={"rows": Anonymise(Strategy.NULL)},
            source="decision: docs/decisions.md",
        ),
    ]
}

_ROLES = (DESK, DISCLOSURE, ADMIN)

LEDGER_KEPT = Kept(
    "art_17_3_b",
    Text(
        "AVG art. 7 lid 1: de universiteit moet kunnen aantonen waarvoor en wanneer je "
        "toestemming gaf of introk",
        "GDPR Art. 7(1): the university must be able to show what you consented to or "
        "withdrew, and when",
    ),
)
DISCLOSURE_LOG_KEPT = Kept(
    "art_17_3_b",
    Text(
        "AVG art. 5 lid 2 en art. 19: de universiteit moet kunnen aantonen aan wie ze wat "
        "verstrekte, en ontvangers van je verzoek op de hoogte brengen",
        "GDPR Art. 5(2) and 19: the university must be able to show to whom it disclosed "
        "what, and tell the recipients of your request",
    ),
)

# The rug §1.2 purpose each party's delivery serves (see the module docstring).
DELIVERY_PURPOSES = (
    (KIVI, 20),
    (SCHOOLS, 13),
    (BEDRIJVENDAGEN, 17),
    (NSE, 13),
    (NSE_SECOND_EMAIL, 13),
)
_PURPOSE = DELIVERY_PURPOSES[0][1]

CONSENT_EVENT = record_type(
    m.ConsentEvent,
    Text("toestemmingskeuze", "consent choice"),
    category="account",
    purpose=_PURPOSE,
    party_purposes=DELIVERY_PURPOSES,
    basis="legal_obligation",
    retention="consent_ledger",
    origin="student",
    origins={"notice_version": "university", "occurred_at": "university", "actor": "university"},
    kept=LEDGER_KEPT,
    section="consent",
    roles=_ROLES,
    rules=RULES,
    shown=False,
    technical=("id", "record_id", "person"),
    party=Text("externe partij", "external party"),
    notice_version=Text("versie van de toelichting", "notice version"),
    decision=Text("keuze", "choice"),
    occurred_at=Text("tijdstip", "time"),
    channel=Text("kanaal", "channel"),
    actor=Text("vastgelegd door", "recorded by"),
    language=Text("taal van de toelichting", "language of the notice"),
)

_DISCLOSURE_LOG = record_type(
    m.Disclosure,
    Text("verstrekking", "disclosure"),
    category="account",
    purpose=_PURPOSE,
    party_purposes=DELIVERY_PURPOSES,
    basis="legal_obligation",
    retention="disclosure_log",
    origin="university",
    kept=DISCLOSURE_LOG_KEPT,
    section="disclosures",
    roles=_ROLES,
    rules=RULES,
    shown=False,
    technical=("id", "delivery", "file", "person", "created_at"),
    field_keys=Text("verstrekte gegevens", "fields disclosed"),
)

_DISCLOSED_VALUES = record_type(
    m.Disclosure,
    Text("verstrekking", "disclosure"),
    category="account",
    purpose=_PURPOSE,
    party_purposes=DELIVERY_PURPOSES,
    basis="consent",
    retention="delivery_rows",
    origin="university",
    section="disclosures",
    roles=(DISCLOSURE,),
    rules=RULES,
    shown=False,
    rows=Text("verstrekte waarden", "values disclosed"),
)

DISCLOSURE_RECORD = RecordType(
    m.Disclosure,
    Text("verstrekking", "disclosure"),
    _DISCLOSURE_LOG.fields + _DISCLOSED_VALUES.fields,
    _DISCLOSURE_LOG.technical | _DISCLOSED_VALUES.technical,
)

RECORD_TYPES: tuple[RecordType, ...] = (CONSENT_EVENT, DISCLOSURE_RECORD)

NON_PERSONAL_MODELS = {
    m.ExternalParty: (
        "the catalogue of external parties; its contact (in Dutch and "
        "English) names an organisation or a role, never a person"
    ),
    m.NoticeVersion: "the texts and field lists of the notices; created_by is a staff key",
    m.Delivery: "one run: party, reference date, counts and the staff key; no student",
    m.DeliveryFile: "a file's recipient, name and header; its rows are Disclosure rows",
    m.SurveyResult: (
        "the NSE's results per programme and question: a score and a number of "
        "respondents, never a person; groups under 5 have no score"
    ),
}
