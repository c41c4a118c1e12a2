"""Finding one person."""
from __future__ import annotations

from domain.people.models import Person


def person(person_id: int) -> Person:
    """The person with id ``person_id``; raises ``Person.DoesNotExist`` when there is none."""
    return Person.get_by_id(person_id)
