"""Copies of identity documents (rug §2.1): kept only masked, and only until processed.

Every copy is stored through ``copy_row`` / ``store_copy``, which refuse a copy whose
citizen service number (BSN) or photo is not masked. ``mark_processed`` records the
processing of the enrolment, or the withdrawal or rejection of the application, after
which the retention run deletes the copy that night.
"""

from __future__ import annotations

import datetime as dt

from domain.core.db import utcnow
from domain.core.text import Text
from domain.people.vocabulary import COPY_PROCESSING
from domain.records.models import IdentityDocumentCopy

_PARTS = {
    "bsn": Text("het BSN", "the citizen service number"),
    "photo": Text("de pasfoto", "the photo"),
}


class UnmaskedCopyError(ValueError):
    """A copy of an identity document whose BSN or photo is not masked."""

    def __init__(self, unmasked: tuple[str, ...]):
        self.unmasked = unmasked
        nl = " en ".join(_PARTS[p].nl for p in unmasked)
        en = " and ".join(_PARTS[p].en for p in unmasked)
        self.message = Text(
            f"Een kopie van een identiteitsbewijs mag alleen worden bewaard als BSN en pasfoto "
            f"zijn afgeschermd; in deze kopie is {nl} niet afgeschermd.",
            f"A copy of an identity document may only be kept with the citizen service number "
            f"and photo masked; in this copy {en} is not masked.",
        )
        super().__init__(self.message.en)


def copy_row(
    *,
    person_id: int,
    document_type: str,
    bsn_masked: bool,
    photo_masked: bool,
    received_on: dt.date,
    title: str,
    content_text: str | None = None,
    file_name: str | None = None,
    file_data: bytes | None = None,
    created_at: dt.datetime | None = None,
) -> dict:
    """Return the row of a masked copy; :raise UnmaskedCopyError: if BSN or photo shows."""
    unmasked = tuple(
        part for part, masked in (("bsn", bsn_masked), ("photo", photo_masked)) if not masked
    )
    if unmasked:
        raise UnmaskedCopyError(unmasked)
    return {
        "person": person_id,
        "title": title,
        "content_text": content_text,
        "file_name": file_name,
        "file_data": file_data,
        "created_at": created_at or utcnow(),
        "document_type": document_type,
        "bsn_masked": True,
        "photo_masked": True,
        "received_on": received_on,
        "processed_on": None,
        "processing": None,
    }


def store_copy(**values) -> IdentityDocumentCopy:
    """Store a masked copy; :raise UnmaskedCopyError: if BSN or photo shows."""
    return IdentityDocumentCopy.create(**copy_row(**values))


def mark_processed(person_id: int, on: dt.date, processing: str) -> int:
    """Record that the person's unprocessed copies were processed on ``on``; return how many.

    ``processing`` is ``enrolment``, or ``withdrawn`` / ``rejected`` for an application
    that ends without enrolment: either way the copy has served its purpose (rug §2.1).
    """
    if processing not in COPY_PROCESSING:
        raise ValueError(f"unknown processing: {processing!r}")
    return (
        IdentityDocumentCopy.update(processed_on=on, processing=processing)
        .where(
            (IdentityDocumentCopy.person == person_id) & IdentityDocumentCopy.processed_on.is_null()
        )
        .execute()
    )
