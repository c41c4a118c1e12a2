"""One person's export document, built from the register (schema: docs/export-schema.md).

The data section reads the register through ``domain.register.subject_data``, the same
functions My data uses, so it holds exactly what My data shows (internal notes stay out,
rug §3.2) plus, per field, what each right may do. The other sections are the records the
register places there (``FieldDeclaration.section``): consent choices, disclosures, the
staff-access log, requests (without internal notes or steps) and earlier downloads.

Every text is given in Dutch and English, so one stored document serves both languages.
A fixed number of queries, however long the person's history.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from peewee import (
    BlobField,
    BooleanField,
    DateField,
    DateTimeField,
    DecimalField,
    FloatField,
    ForeignKeyField,
    IntegerField,
)

from domain.audit import log as access_log
from domain.consent import ledger
from domain.consent.receipts import CONTROLLER
from domain.consent.vocabulary import CHANNELS as CONSENT_CHANNELS
from domain.consent.vocabulary import DECISIONS, PARTY_FIELDS
from domain.core.clock import local_today
from domain.core.text import Text
from domain.deliveries.records import disclosed_about
from domain.exports.models import DataExport
from domain.exports.vocabulary import ACCESS, KINDS, PORTABILITY, SCHEMA_VERSION
from domain.models import Account, Person
from domain.register import FIELDS, LEGAL_BASES, PURPOSES, FieldDeclaration, subject_data
from domain.register.vocabulary import EXPORT_SECTIONS
from domain.requests import details as request_details
from domain.requests.models import (
    RequestAttachment,
    RequestEvent,
    RequestMessage,
    RightsRequest,
)
from domain.requests.vocabulary import (
    CHANNELS,
    EVENTS,
    GROUNDS,
    INTERNAL_EVENTS,
    OUTCOMES,
    REQUEST_TYPES,
    STATUSES,
)

# The sections of an access export besides the data, in the order they are shown.
SECTIONS = ("consent", "disclosures", "staff_access", "requests", "exports")


def build(person_id: int, kind: str, now: dt.datetime) -> dict:
    """The export document of ``kind`` for the person, as of ``now`` (naive UTC).

    :raise ValueError: for an unknown kind.
    """
    if kind not in KINDS:
        raise ValueError(f"unknown export kind {kind!r}")
    today = local_today(now)
    person = Person.select(Person.student_number).where(Person.id == person_id).get()
    document = {
        "schema_version": SCHEMA_VERSION,
        "kind": kind,
        "kind_label": KINDS[kind].as_dict(),
        "generated_at": utc(now),
        "controller": CONTROLLER.as_dict(),
        "subject": {"student_number": person.student_number},
        "data": data_section(person_id, today, portable_only=kind == PORTABILITY),
    }
    if kind == ACCESS:
        document.update(
            consent=consent_section(person_id),
            disclosures=disclosures_section(person_id),
            staff_access=staff_access_section(person_id),
            requests=requests_section(person_id),
            exports=exports_section(person_id),
            withheld=withheld_section(),
        )
    document["section_labels"] = {
        key: EXPORT_SECTIONS[key].as_dict() for key in ("data", *SECTIONS) if key in document
    }
    return document


# --- Values ---------------------------------------------------------------------------------


def utc(moment: dt.datetime | None) -> str | None:
    """A stored (naive UTC) timestamp as ISO 8601 with ``Z``."""
    return None if moment is None else moment.replace(microsecond=0).isoformat() + "Z"


def value_type(decl: FieldDeclaration) -> str:
    """How the document writes the field's values (docs/export-schema.md, "types")."""
    if decl.values is not None:
        return "label"
    column = getattr(decl.model, decl.name)
    if isinstance(column, ForeignKeyField):
        return "label"  # a programme: its name in both languages
    for kind, classes in (
        ("file", BlobField),
        ("boolean", BooleanField),
        ("datetime", DateTimeField),
        ("date", DateField),
        ("number", (IntegerField, DecimalField, FloatField)),
    ):
        if isinstance(column, classes):
            return kind
    return "text"


def encode(value):
    """One value as JSON: texts in both languages as ``{"nl", "en"}``, dates in ISO 8601."""
    if isinstance(value, Text):
        return value.as_dict()
    if isinstance(value, dt.datetime):
        return utc(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    return value


def _labelled(key, text: Text) -> dict:
    return {"key": key, **text.as_dict()}


# --- The data, by category, from the register -----------------------------------------------


def field_entry(decl: FieldDeclaration) -> dict:
    """A field's declaration as the student reads it: what, why, from where, their rights."""
    return {
        "name": decl.name,
        "key": decl.key,
        "label": decl.label.as_dict(),
        "type": value_type(decl),
        "purpose": {"number": decl.purpose, **PURPOSES[decl.purpose].as_dict()},
        "legal_basis": _labelled(decl.legal_basis, LEGAL_BASES[decl.legal_basis]),
        "source": _labelled(decl.origin, decl.origin_label),
        "special_category": decl.special_category,
        "rights": {
            "portable": decl.portable,
            "erasable": decl.erasable,
            "kept_because": decl.kept.text().as_dict() if decl.kept else None,
            "correctable": decl.correctable,
            "correct_at": decl.correct_at.as_dict() if decl.correct_at else None,
            "objectable": decl.objectable,
        },
    }


def data_section(person_id: int, today: dt.date, *, portable_only: bool = False) -> list[dict]:
    """Every field of My data with its rows, per category; or only the portable fields."""
    categories = []
    for category in subject_data.categories():
        wanted = {
            f.key
            for _, fields in subject_data.category_parts(category)
            for f in fields
            if f.portable or not portable_only
        }
        if not wanted:
            continue
        view = subject_data.load_category(person_id, category, today)
        parts = [_part(p, wanted) for p in view.parts]
        categories.append(
            {
                "category": category,
                "label": view.label.as_dict(),
                "parts": [p for p in parts if p is not None],
            }
        )
    return categories


def _part(part: subject_data.RecordTypeView, wanted: set[str]) -> dict | None:
    fields = [f for f in part.fields if f.key in wanted]
    if not fields:
        return None
    rule = part.rule
    types = {f.name: value_type(f) for f in fields}
    rows = []
    for row in part.rows:
        values = {}
        for f in fields:
            # A stored file is named, not copied: it is downloaded from My data.
            values[f.name] = row.has_file if types[f.name] == "file" else encode(row.values[f.name])
        rows.append(
            {
                "values": values,
                "deleted_on": encode(row.due),
                "special_category": row.special_category,
            }
        )
    return {
        "record_type": part.model_name,
        "label": part.heading.as_dict(),  # as My data names it, not its columns
        "retention": {
            "rule": rule.key,
            "action": "pseudonymise" if rule.pseudonymises else rule.action.value,
            "nl": rule.in_words("nl"),
            "en": rule.in_words("en"),
        },
        "fields": [field_entry(f) for f in fields],
        "rows": rows,
    }


# --- Consent, disclosures, staff access -----------------------------------------------------


def consent_section(person_id: int) -> list[dict]:
    """Every consent choice, newest first, with the notice version it answered (two queries)."""
    own_accounts = {
        a for (a,) in Account.select(Account.id).where(Account.person == person_id).tuples()
    }
    entries = []
    for event in ledger.history(person_id):
        version = event.notice_version
        entries.append(
            {
                "record_id": event.record_id,
                "party": event.party.key,
                "occurred_at": utc(event.occurred_at),
                "decision": _labelled(event.decision, DECISIONS[event.decision]),
                "channel": _labelled(event.channel, CONSENT_CHANNELS[event.channel]),
                "recorded_by": "you" if event.actor_id in own_accounts else "staff",
                "notice": {
                    "version": version.version,
                    "language": event.language,
                    "title": version.name.as_dict(),
                    "purpose": version.purpose.as_dict(),
                    "fields": [_party_field(key) for key in version.fields],
                },
            }
        )
    return entries


def _party_field(key: str) -> dict:
    field = PARTY_FIELDS.get(key)
    return {"key": key, **(field.label if field else Text(key, key)).as_dict()}


def disclosures_section(person_id: int) -> list[dict]:
    """Who received which of the person's data, and when, newest first (one query)."""
    return [
        {
            "recipient": d.recipient,
            "party_name": d.party_name.as_dict(),
            "delivered_at": utc(d.run_at),
            "reference_date": d.reference_date.isoformat(),
            "fields": [_party_field(key) for key in d.fields],
        }
        for d in disclosed_about(person_id)
    ]


def staff_access_section(person_id: int) -> list[dict]:
    """The staff-access log as My data shows it: when, which role, what, which data, why.

    One query; staff by role only, never by name (docs/decisions.md).
    """
    return [
        {
            "occurred_at": utc(e.occurred_at),
            "role": _labelled(e.role_code, e.role),
            "action": _labelled(e.action_code, e.action),
            "categories": [c.as_dict() for c in e.categories],
            "about": e.reason,
        }
        for e in access_log.every_access_of(person_id)
    ]


# --- Requests --------------------------------------------------------------------------------


def requests_section(person_id: int) -> list[dict]:
    """The person's requests with timeline, messages and files; never internal notes or steps.

    Four queries for all requests together (not per request).
    """
    requests = list(
        RightsRequest.select()
        .where(RightsRequest.person == person_id)
        .order_by(RightsRequest.received_at.desc(), RightsRequest.id.desc())
    )
    steps: dict[int, list[dict]] = {r.id: [] for r in requests}
    for e in (
        RequestEvent.select(
            RequestEvent.request, RequestEvent.kind, RequestEvent.occurred_at, RequestEvent.note
        )
        .where((RequestEvent.person == person_id) & RequestEvent.kind.not_in(INTERNAL_EVENTS))
        .order_by(RequestEvent.occurred_at, RequestEvent.id)
    ):
        steps[e.request_id].append(
            {
                "occurred_at": utc(e.occurred_at),
                "step": _labelled(e.kind, EVENTS[e.kind]),
                # Only the reason of an extension is meant for the student (as on the page).
                "note": e.note if e.kind == "extended" else None,
            }
        )
    messages: dict[int, list[dict]] = {r.id: [] for r in requests}
    for msg in (
        RequestMessage.select(
            RequestMessage.request,
            RequestMessage.from_student,
            RequestMessage.body,
            RequestMessage.created_at,
        )
        .where((RequestMessage.person == person_id) & ~RequestMessage.internal)
        .order_by(RequestMessage.created_at, RequestMessage.id)
    ):
        messages[msg.request_id].append(
            {
                "sent_at": utc(msg.created_at),
                "from": "you" if msg.from_student else "privacy_desk",
                "body": msg.body,
            }
        )
    files: dict[int, list[dict]] = {r.id: [] for r in requests}
    for a in (
        RequestAttachment.select(
            RequestAttachment.request,
            RequestAttachment.file_name,
            RequestAttachment.content_type,
            RequestAttachment.size,
            RequestAttachment.created_at,
        )
        .where(RequestAttachment.person == person_id)
        .order_by(RequestAttachment.id)
    ):
        files[a.request_id].append(
            {
                "file_name": a.file_name,
                "content_type": a.content_type,
                "size": a.size,
                "received_at": utc(a.created_at),
            }
        )
    return [_request(r, steps[r.id], messages[r.id], files[r.id]) for r in requests]


def _request(r: RightsRequest, steps, messages, files) -> dict:
    def coded(key, vocabulary):
        return _labelled(key, vocabulary[key]) if key in vocabulary else None

    return {
        "reference": r.reference,
        "type": _labelled(r.request_type, REQUEST_TYPES[r.request_type].label),
        "status": coded(r.status, STATUSES),
        "channel": coded(r.channel, CHANNELS),
        "received_on": encode(r.received_on),
        "due_on": encode(r.due_on),
        "extended": r.extended,
        "extension_reason": r.extension_reason,
        "waiting_since": encode(r.waiting_since),
        "days_waited": r.days_waited,
        "asked": [
            {"label": label.as_dict(), "value": encode(value)}
            for label, value in request_details.describe(r.request_type, r.detail_values)
        ],
        "outcome": coded(r.outcome, OUTCOMES),
        "ground": coded(r.ground, GROUNDS),
        "decision_message": r.decision_message,
        "decided_at": utc(r.decided_at),
        "closed_at": utc(r.closed_at),
        "timeline": steps,
        "messages": messages,
        "attachments": files,
    }


# --- Earlier downloads, and what the export leaves out ----------------------------------------


def exports_section(person_id: int) -> list[dict]:
    """The person's earlier export files, newest first (not their content)."""
    query = (
        DataExport.select(
            DataExport.kind, DataExport.size, DataExport.created_at, DataExport.expires_at
        )
        .where(DataExport.person == person_id)
        .order_by(DataExport.created_at.desc(), DataExport.id.desc())
    )
    return [
        {
            "kind": _labelled(e.kind, KINDS[e.kind]),
            "size": e.size,
            "created_at": utc(e.created_at),
            "expires_at": utc(e.expires_at),
        }
        for e in query
    ]


def withheld_section() -> list[dict]:
    """Every field the register leaves out of the export, with the declared reason."""
    return [
        {"field": f.key, "label": f.label.as_dict(), "reason": f.withheld.as_dict()}
        for f in FIELDS
        if not f.exported
    ]
