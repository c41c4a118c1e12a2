"""Finding one person."""

from __future__ import annotations

from domain.people.models import Person


def person(person_id: int) -> Person:
    """The person with id ``person_id``; raises ``Person.DoesNotExist`` when there is none."""
    return Person.get_by_id(person_id)


def by_student_number(number: str) -> Person | None:
    """The person with this student number (``s`` and 7 ASCII digits, any case); else None."""
    cleaned = (number or "").strip().lower()
    if (
        len(cleaned) != 8
        or cleaned[0] != "s"
        or not cleaned[1:].isascii()
        or not cleaned[1:].isdigit()
    ):
        return None
    return Person.get_or_none(Person.student_number == cleaned)
