"""Why a request change is refused, and the text check every request field shares."""

from __future__ import annotations

MAX_TEXT = 5000


class RequestError(ValueError):
    """A change that cannot be made; ``code`` says why, ``details`` give what to show."""

    def __init__(self, code: str, **details):
        super().__init__(code)
        self.code = code
        self.details = details


def clean_text(
    value: str | None, *, required: bool = True, limit: int = MAX_TEXT, field: str = "message"
) -> str:
    """Strip a text; :raise RequestError: ``text_required``, ``text_too_long`` or
    ``text_invalid``, naming ``field``."""
    text = (value or "").strip()
    if "\x00" in text:
        raise RequestError("text_invalid", field=field)
    if required and not text:
        raise RequestError("text_required", field=field)
    if len(text) > limit:
        raise RequestError("text_too_long", field=field, limit=limit)
    return text
