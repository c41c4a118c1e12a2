"""Attachments to requests and messages: PDF, PNG or JPEG, recognised by their content.

The file name and the extension a browser sends prove nothing; the first bytes do.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from domain.requests.errors import RequestError
from domain.requests.models import RequestAttachment

MAX_FILES = 3
MAX_BYTES = 5 * 1024 * 1024
SIGNATURES = (
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
)
_UNSAFE_NAME = re.compile(r"[^\w.\- ()]+", re.UNICODE)


@dataclass(frozen=True)
class Checked:
    file_name: str
    content_type: str
    data: bytes


def content_type_of(data: bytes) -> str | None:
    """The type the content really has, or None if it is none of the accepted ones."""
    for signature, content_type in SIGNATURES:
        if data.startswith(signature):
            return content_type
    return None


def safe_name(name: str) -> str:
    """A file name without path, control characters or anything a header could misread."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    cleaned = _UNSAFE_NAME.sub("_", base).strip(" ._")[:150]
    return cleaned or "bijlage"


def check_all(uploads) -> list[Checked]:
    """Check every upload; :raise RequestError: ``too_many_files``, ``file_too_large``,
    ``file_type`` (with ``name``)."""
    uploads = [(name, data) for name, data in uploads if data]
    if len(uploads) > MAX_FILES:
        raise RequestError("too_many_files", field="attachments", limit=MAX_FILES)
    checked = []
    for name, data in uploads:
        if len(data) > MAX_BYTES:
            raise RequestError(
                "file_too_large", field="attachments", name=safe_name(name), limit=MAX_BYTES
            )
        content_type = content_type_of(data)
        if content_type is None:
            raise RequestError("file_type", field="attachments", name=safe_name(name))
        checked.append(Checked(safe_name(name), content_type, data))
    return checked


def store(request, message, checked: list[Checked]) -> None:
    """Store checked files with the request (and the message they came with)."""
    for item in checked:
        RequestAttachment.create(
            request=request,
            person=request.person_id,
            message=message,
            file_name=item.file_name,
            content_type=item.content_type,
            size=len(item.data),
            data=item.data,
        )
