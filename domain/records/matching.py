"""Statistics from matching results, which after their term are pseudonymised, not anonymous.

The NSE suppresses any group of fewer than five students (DOMAIN.md §2); so does every
count made here, so no row of a statistic points to one student or a handful.
"""

from __future__ import annotations

from peewee import fn

from domain.records.models import MatchingResult
from domain.register import BY_MODEL
from domain.rights.objection import objected_persons

MIN_GROUP = 5


def advice_counts(academic_year: int) -> list[tuple[int, str, int]]:
    """(programme id, advice, students) for ``academic_year``, groups under 5 left out.

    A student counts once per group, whether still named or already pseudonymised.
    """
    student = fn.COALESCE(MatchingResult.person.cast("text"), MatchingResult.subject_pseudonym)
    students = fn.COUNT(student.distinct())
    # An upheld objection to the purpose of matching results stops their use (GDPR art. 21).
    purpose = BY_MODEL[MatchingResult].fields[0].purpose
    unobjected = MatchingResult.person.is_null() | MatchingResult.person.not_in(
        objected_persons([purpose])
    )
    return list(
        MatchingResult.select(MatchingResult.programme, MatchingResult.advice, students)
        .where((MatchingResult.academic_year == academic_year) & unobjected)
        .group_by(MatchingResult.programme, MatchingResult.advice)
        .having(students >= MIN_GROUP)
        .order_by(MatchingResult.programme, MatchingResult.advice)
        .tuples()
    )
