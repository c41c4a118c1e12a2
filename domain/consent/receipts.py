"""Consent receipts: one JSON document per choice, with the fields of ISO/IEC TS 27560.

The receipt is written in the language the notice was shown in when the choice was
made, so it repeats what the person actually read.
"""

from __future__ import annotations

import datetime as dt

from peewee import JOIN

from domain.consent.vocabulary import CHANNELS, DECISIONS, GIVEN, PARTY_FIELDS
from domain.core.clock import local_time
from domain.core.text import Text
from domain.models import Account, ConsentEvent, ExternalParty, NoticeVersion, Person
from domain.register.vocabulary import LEGAL_BASES

SCHEMA = "ISO/IEC TS 27560:2023 consent record"
CONTROLLER = Text("Universiteit Twente", "University of Twente")
CONTROLLER_CONTACT = Text("het privacyloket", "the privacy desk")
WITHDRAWAL = Text(
    "Je kunt je toestemming op elk moment intrekken, even gemakkelijk als je die gaf: met "
    "één klik op je toestemmingspagina in het Privacyportaal, of via het privacyloket. "
    "Intrekken geldt vanaf de volgende levering; wat al is geleverd, blijft geleverd.",
    "You can withdraw your consent at any time, as easily as you gave it: with one click "
    "on your consent page in the Privacy Portal, or through the privacy desk. Withdrawal "
    "counts from the next delivery on; what was already delivered stays delivered.",
)


def _utc(moment: dt.datetime) -> str:
    return moment.replace(tzinfo=dt.UTC).isoformat().replace("+00:00", "Z")


def receipt(person_id: int, record_id: str, withdraw_url: str) -> dict | None:
    """The receipt of one of the person's own choices, or None if it is not theirs."""
    event = (
        ConsentEvent.select(ConsentEvent, NoticeVersion, ExternalParty, Person, Account)
        .join(NoticeVersion)
        .switch(ConsentEvent)
        .join(ExternalParty)
        .switch(ConsentEvent)
        .join(Person)
        .switch(ConsentEvent)
        .join(Account, JOIN.LEFT_OUTER)
        .where((ConsentEvent.record_id == record_id) & (ConsentEvent.person == person_id))
        .first()
    )
    if event is None:
        return None
    lang = event.language
    version, party = event.notice_version, event.party
    by_self = event.actor is not None and event.actor.person_id == person_id
    return {
        "schema": SCHEMA,
        "record_id": event.record_id,
        "pii_principal_id": event.person.student_number,
        "pii_controller": {"name": CONTROLLER.get(lang), "contact": CONTROLLER_CONTACT.get(lang)},
        "notice": {
            "id": f"{party.key}/v{version.version}",
            "version": version.version,
            "language": lang,
            "title": version.name.get(lang),
            "text": version.description.get(lang),
            "published_at": _utc(version.created_at),
        },
        "purpose": version.purpose.get(lang),
        "data_fields": [
            {"id": key, "label": PARTY_FIELDS[key].label.get(lang)} for key in version.fields
        ],
        "recipient": {
            "id": party.key,
            "name": version.name.get(lang),
            "contact": party.contact.get(lang),
        },
        "legal_basis": {
            "id": "consent",
            "label": LEGAL_BASES["consent"].get(lang),
            "reference": "GDPR Art. 6(1)(a), Art. 7",
        },
        "event": {
            "type": "consent_given" if event.decision == GIVEN else "consent_withdrawn",
            "label": DECISIONS[event.decision].get(lang),
            "time": _utc(event.occurred_at),
            "local_time": local_time(event.occurred_at).isoformat(),
            "channel": event.channel,
            "channel_label": CHANNELS[event.channel].get(lang),
            "recorded_by": "pii_principal" if by_self else "controller_staff",
        },
        "withdrawal": {"method": WITHDRAWAL.get(lang), "url": withdraw_url},
    }
