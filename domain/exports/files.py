"""Making, listing and downloading a student's export files.

A file is made when the student asks (My data, or the page of a granted access or
portability request), stored with a secret token and an expiry, and downloaded only by
the student it is about, signed in, before it expires. Every download leaves an audit
record. Expired files are removed by the retention worker (the register's
``data_export`` rule); until then an expired link refuses to download.
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
from dataclasses import dataclass

from domain.audit import trail as audit
from domain.core.csv_safe import csv_text
from domain.core.db import Prepared, utcnow, writing
from domain.exports import document as documents
from domain.exports.models import DataExport
from domain.exports.vocabulary import ACCESS, FORMATS, KINDS, PORTABILITY, SCHEMA_VERSION
from domain.models import Account
from domain.requests.models import RightsRequest
from domain.requests.vocabulary import GRANTED, PARTLY_GRANTED

DEFAULT_LINK_DAYS = 14
DOWNLOAD_ACTION = "download:data_export"  # domain.audit.trail; the student's own, not staff


class ExportError(Exception):
    """The export cannot be made: ``code`` says why."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def produce(
    person_id: int,
    kind: str,
    *,
    link_days: int = DEFAULT_LINK_DAYS,
    request_id: int | None = None,
    now: dt.datetime | None = None,
) -> DataExport:
    """Build the person's export of ``kind`` and store it, in one transaction.

    :raise ExportError: for an unknown kind or a link that would not last a day.
    """
    if kind not in KINDS:
        raise ExportError("kind")
    if link_days < 1:
        raise ExportError("link_days")
    now = now or utcnow()
    with writing():
        # Compact: the C encoder (an indent falls back to the slow Python one); the page is
        # the readable form.
        document = documents.build(person_id, kind, now)
        text = json.dumps(document, ensure_ascii=False, separators=(",", ":"))
        return DataExport.create(
            person=person_id,
            kind=kind,
            token=secrets.token_urlsafe(32),
            request=request_id,
            schema_version=SCHEMA_VERSION,
            document=text,
            size=len(text.encode("utf-8")),
            created_at=now,
            expires_at=now + dt.timedelta(days=link_days),
        )


def answerable(request: RightsRequest) -> bool:
    """True if the request is a granted (or partly granted) access or portability request."""
    return request.request_type in (ACCESS, PORTABILITY) and request.outcome in (
        GRANTED,
        PARTLY_GRANTED,
    )


def produce_for_request(
    person_id: int,
    request: RightsRequest,
    *,
    link_days: int = DEFAULT_LINK_DAYS,
    now: dt.datetime | None = None,
) -> DataExport:
    """The export a granted access or portability request gives the student.

    :raise ExportError: unless the request is the person's own and ``answerable``.
    """
    if request.person_id != person_id or not answerable(request):
        raise ExportError("request")
    return produce(
        person_id, request.request_type, link_days=link_days, request_id=request.id, now=now
    )


def _listed():
    # Never the document itself: a list shows what there is, not the copies.
    return DataExport.select(
        DataExport.id,
        DataExport.kind,
        DataExport.token,
        DataExport.request,
        DataExport.size,
        DataExport.created_at,
        DataExport.expires_at,
    )


def of_person(person_id: int, request_id: int | None = None) -> list[DataExport]:
    """The person's export files, newest first; only those of ``request_id`` if given."""
    if request_id is None:
        return list(_OF_PERSON.rows(person_id=person_id))
    query = _listed().where((DataExport.person == person_id) & (DataExport.request == request_id))
    return list(query.order_by(DataExport.created_at.desc(), DataExport.id.desc()))


# The student's downloads page asks it on every view: built once (see ``Prepared``).
_OF_PERSON = Prepared(
    lambda person_id: (
        _listed()
        .where(DataExport.person == person_id)
        .order_by(DataExport.created_at.desc(), DataExport.id.desc())
    ),
    person_id=int,
)


def is_expired(export: DataExport, now: dt.datetime | None = None) -> bool:
    return (now or utcnow()) >= export.expires_at


@dataclass(frozen=True)
class Download:
    export: DataExport
    fmt: str
    document: dict | None  # parsed, for the HTML page
    content: str | None  # the file's text (JSON, CSV)
    file_name: str


class Expired(Exception):
    """The link was the student's own, but it has expired."""


def download(
    account: Account,
    person_id: int,
    token: str,
    fmt: str,
    *,
    locale: str = "nl",
    now: dt.datetime | None = None,
) -> Download | None:
    """The person's own export in ``fmt``, with an audit record of the download.

    Returns None for a token that is not one of the person's files, or a format its kind
    does not offer (the caller answers 404, so nobody learns another student's tokens).

    :raise Expired: when the link has expired (the file may not yet be removed).
    """
    now = now or utcnow()
    with writing():
        found = DataExport.get_or_none(
            (DataExport.token == token) & (DataExport.person == person_id)
        )
        if found is None or fmt not in FORMATS[found.kind]:
            return None
        if is_expired(found, now):
            raise Expired(token)
        audit.record(account, DOWNLOAD_ACTION, [person_id], f"export {found.id} ({fmt})")
    parsed = json.loads(found.document) if fmt in ("html", "csv") else None
    content = {
        "json": found.document,
        "csv": portable_csv(parsed, locale) if fmt == "csv" else None,
        "html": None,
    }[fmt]
    name = f"privacyportaal-{found.kind}-{found.created_at:%Y-%m-%d}"
    return Download(found, fmt, parsed, content, f"{name}.{fmt}")


CSV_HEADER = {
    "nl": ("categorie", "soort gegeven", "record", "veld", "omschrijving", "waarde"),
    "en": ("category", "record type", "record", "field", "description", "value"),
}


def portable_csv(document: dict, locale: str) -> str:
    """The data of a portability export as one CSV table: a line per value.

    Every cell is made safe for spreadsheets (``domain.core.csv_safe``). Coded values and
    labels are in ``locale``; dates stay ISO 8601 so another program can read them.
    """
    rows = []
    for category in document["data"]:
        for part in category["parts"]:
            for number, row in enumerate(part["rows"], start=1):
                for f in part["fields"]:
                    value = row["values"].get(f["name"])
                    if isinstance(value, dict):
                        value = value.get(locale)
                    elif isinstance(value, bool):
                        value = "true" if value else "false"
                    rows.append(
                        (
                            category["category"],
                            part["record_type"],
                            number,
                            f["key"],
                            f["label"][locale],
                            value,
                        )
                    )
    return csv_text(CSV_HEADER["en" if locale == "en" else "nl"], rows)
