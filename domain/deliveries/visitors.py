"""Uploaded visitor lists: the student numbers scanned at an event's entrance."""

from __future__ import annotations

import re
from dataclasses import dataclass

from domain.deliveries.plans import DeliveryError

VISITORS_MAX_BYTES = 1024 * 1024
# Student numbers as printed on the card: "s" + 7 digits; the scanner may drop the "s".
STUDENT_NUMBER = re.compile(r"^[sS]?([0-9]{7})$")  # [0-9]: \d is any Unicode digit
HEADER_WORDS = {
    "studentnummer",
    "studentnr",
    "student number",
    "student_number",
    "studentnumber",
    "student",
}
MAX_LISTED_LINES = 20


@dataclass(frozen=True)
class Visitors:
    """A parsed visitor list: unique normalised numbers, and counts only about the rest."""

    numbers: tuple[str, ...]
    lines: int  # lines holding a student number
    duplicates: int

    def as_text(self) -> str:
        return " ".join(self.numbers)


def parse_visitors(
    data: bytes, max_bytes: int = VISITORS_MAX_BYTES, field: str = "visitors"
) -> Visitors:
    """Read a CSV or plain-text list of scanned student numbers, one per line.

    Tolerates a byte order mark, CRLF line ends, blank lines, spaces around a number, a
    lower- or upper-case ``s``, quotes and a trailing separator, and one header line.

    :raise DeliveryError: ``too_large``, ``not_text``, ``empty`` or ``invalid_lines``
        (with ``lines``: the line numbers, at most MAX_LISTED_LINES, and ``count``).
    """
    if len(data) > max_bytes:
        raise DeliveryError("too_large", field, limit=max_bytes)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DeliveryError("not_text", field) from None
    numbers: list[str] = []
    invalid: list[int] = []
    for number, line in enumerate(text.splitlines(), start=1):
        cell = line.strip().rstrip(",;").strip().strip('"').strip()
        if not cell:
            continue
        match = STUDENT_NUMBER.match(cell)
        if match:
            numbers.append("s" + match.group(1))
        elif not numbers and not invalid and cell.lower() in HEADER_WORDS:
            continue
        else:
            invalid.append(number)
    if invalid:
        raise DeliveryError(
            "invalid_lines", field, lines=invalid[:MAX_LISTED_LINES], count=len(invalid)
        )
    if not numbers:
        raise DeliveryError("empty", field)
    unique = tuple(dict.fromkeys(numbers))
    return Visitors(unique, len(numbers), len(numbers) - len(unique))


def visitors_from_text(
    numbers: str, lines: int, duplicates: int, field: str = "visitors"
) -> Visitors:
    """Visitors carried from the preview to the run: the numbers are checked again.

    :raise DeliveryError: as ``parse_visitors``, or ``invalid_lines`` when the counts
        carried along do not fit the numbers.
    """
    # Normalised numbers take a byte more than bare digits: allow for it.
    parsed = parse_visitors(
        "\n".join(numbers.split()).encode("utf-8"), max_bytes=2 * VISITORS_MAX_BYTES, field=field
    )
    if duplicates < 0 or parsed.duplicates or lines != len(parsed.numbers) + duplicates:
        raise DeliveryError("invalid_lines", field, lines=[], count=0)
    return Visitors(parsed.numbers, lines, duplicates)
