"""URLs: redirect targets that cannot leave the portal, and ids bounded to the database."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask, url_for
from werkzeug.routing import IntegerConverter


def is_local_path(target: str | None) -> bool:
    """True for a path on this site: no scheme, no host, no protocol-relative ``//``."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return False
    if "\\" in target or any(ord(c) < 32 for c in target):
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc


def safe_next(target: str | None, default: str = "main.home") -> str:
    return target if is_local_path(target) else url_for(default)


# The largest id a URL may name: PostgreSQL's ``integer``, the type of every id column
# (SQLite's is wider). A larger number cannot be a row, so it is "not found" (404)
# instead of an overflow in the database driver.
ID_MAX = 2**31 - 1


class DatabaseIdConverter(IntegerConverter):
    """``<int:...>`` bounded to the database's integer range, and ASCII digits only."""

    regex = r"[0-9]+"

    def __init__(self, map, *args, **kwargs):
        super().__init__(map, *args, **kwargs)
        self.max = ID_MAX if self.max is None else min(self.max, ID_MAX)


def init_app(app: Flask) -> None:
    """Make every ``<int:...>`` in a route a bounded id; call before registering routes."""
    app.url_map.converters["int"] = DatabaseIdConverter


def page_number(text: str) -> int:
    """A page number from the query string, for ``request.args.get(..., type=page_number)``.

    ASCII digits from 1 to :data:`ID_MAX`; anything else raises ``ValueError``, so the
    argument's default applies (an overflowing OFFSET would be a database error).
    """
    if not (text.isascii() and text.isdigit()) or not 1 <= int(text) <= ID_MAX:
        raise ValueError(text)
    return int(text)
