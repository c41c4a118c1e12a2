"""CSV that is safe to open in a spreadsheet (no formula injection).

A cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return can be run
as a formula by Excel, LibreOffice or Google Sheets (OWASP "CSV injection"). Such a
cell gets a leading single quote, which spreadsheets show as text and do not evaluate.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

DANGEROUS_FIRST = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"


def safe_cell(value) -> str:
    """``value`` as text, neutralised if a spreadsheet would read it as a formula."""
    text = "" if value is None else str(value)
    if text.startswith(DANGEROUS_FIRST):
        return "'" + text
    return text


def csv_line(cells: Iterable) -> str:
    """One CSV record (comma-separated, quoted where needed, CRLF-terminated)."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow([safe_cell(c) for c in cells])
    return buffer.getvalue()


def csv_text(header: Iterable, rows: Iterable[Iterable]) -> str:
    """A whole CSV document: header row first, every cell made safe."""
    return csv_line(header) + "".join(csv_line(row) for row in rows)


def as_download(text: str) -> bytes:
    """UTF-8 bytes with a byte order mark, so spreadsheets pick the right encoding."""
    return (BOM + text).encode("utf-8")
