"""Finding one person."""

from __future__ import annotations

from domain.core.db import Prepared
from domain.people.models import Person


def person(person_id: int) -> Person:
    """The person with id ``person_id``; raises ``Person.DoesNotExist`` when there is none."""
    return Person.get_by_id(person_id)


# The student's home page asks this on every view: built once (see ``Prepared``).
_GREETING = Prepared(
    lambda person_id: Person.select(Person.id, Person.first_name, Person.is_restricted).where(
        Person.id == person_id
    ),
    person_id=int,
)


def greeting(person_id: int) -> Person:
    """The person with only what the student's home page shows: the first name and whether
    processing is restricted. Raises ``Person.DoesNotExist`` when there is none."""
    found = _GREETING.first(person_id=person_id)
    if found is None:
        raise Person.DoesNotExist(f"no person {person_id}")
    return found


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
