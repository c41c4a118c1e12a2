"""CSV that is safe to open in a spreadsheet (no formula injection).

A cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return can be run
as a formula by Excel, LibreOffice or Google Sheets (OWASP "CSV injection"). Such a
cell gets a leading single quote, which spreadsheets show as text and do not evaluate.

A cell is not always opened as one cell. Dutch spreadsheet programs split a CSV line on
``;`` (the Dutch list separator), and programs that ignore the quotes split on line
breaks and commas too; tabs separate cells when text is pasted. So every *segment* of a
value that could start a cell (the start of the value, and whatever follows ``;``, ``,``,
a tab, ``\\r`` or ``\\n``) is neutralised the same way: ``"Doe;=2+2"`` becomes
``"Doe;'=2+2"``. Spaces before the dangerous character do not save it (some programs
trim them), so the quote goes before the spaces. Neutralising is idempotent: a value
that was made safe stays the same when made safe again.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable

DANGEROUS_FIRST = ("=", "+", "-", "@", "\t", "\r")
# Characters after which a spreadsheet program may start a new cell.
SEGMENT_SEPARATORS = ";,\t\r\n"
BOM = "\ufeff"

# A segment start (start of text, or just after a separator), optional spaces, then a
# character a spreadsheet would evaluate; the quote is inserted at the segment start.
_DANGEROUS_SEGMENT = re.compile(r"(?:^|(?<=[;,\t\r\n]))(?= *[=+\-@\t\r])")


# Any character a segment could start dangerously with: without one, nothing to do.
_ANY_DANGEROUS = re.compile(r"[=+\-@\t\r]")


def safe_cell(value) -> str:
    """``value`` as text, every segment a spreadsheet would evaluate neutralised."""
    text = "" if value is None else str(value)
    if _ANY_DANGEROUS.search(text) is None:  # the common case, twice as fast as sub
        return text
    return _DANGEROUS_SEGMENT.sub("'", text)


def csv_line(cells: Iterable) -> str:
    """One CSV record (comma-separated, quoted where needed, CRLF-terminated)."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow([safe_cell(c) for c in cells])
    return buffer.getvalue()


def csv_lines(rows: Iterable[Iterable]) -> list[str]:
    """``csv_line`` of each row, for many rows at once: one writer for all of them, and
    each distinct text made safe once (a delivery repeats most of its values)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    safe: dict = {}
    lengths = []
    for cells in rows:
        made = []
        for cell in cells:
            if type(cell) is not str:  # 1, 1.0 and True are equal keys: strings only
                made.append(safe_cell(cell))
            elif (text := safe.get(cell)) is not None:
                made.append(text)
            else:
                made.append(safe.setdefault(cell, safe_cell(cell)))
        lengths.append(writer.writerow(made))  # what it wrote: the line's length
    text, at, lines = buffer.getvalue(), 0, []
    for length in lengths:
        lines.append(text[at : at + length])
        at += length
    return lines


def csv_text(header: Iterable, rows: Iterable[Iterable]) -> str:
    """A whole CSV document: header row first, every cell made safe."""
    return csv_line(header) + "".join(csv_lines(rows))


def as_download(text: str) -> bytes:
    """UTF-8 bytes with a byte order mark, so spreadsheets pick the right encoding."""
    return (BOM + text).encode("utf-8")


def made_safe(text: str) -> str:
    """A CSV text with every cell made safe again (for lines stored under older rules).

    Idempotent: lines made safe when they were stored come out the same.
    """
    return "".join(csv_lines(csv.reader(io.StringIO(text, newline=""))))
