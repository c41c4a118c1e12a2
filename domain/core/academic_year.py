"""The academic year and the pass mark: facts of the enrolment regulations, written once.

An academic year runs from 1 September to 31 August (enrolment regulations art. 1.1,
2.7); it is named by the calendar year it starts in. A result counts as passed from
5.5 up (the grade scale of the education and examination regulations).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

PASS_MARK = Decimal("5.5")


def academic_year_of(day: dt.date) -> int:
    """The academic year ``day`` falls in, named by the calendar year it starts in."""
    return day.year if day.month >= 9 else day.year - 1


def academic_year_start(year: int) -> dt.date:
    """1 September of ``year``."""
    return dt.date(year, 9, 1)


def academic_year_end(year: int) -> dt.date:
    """31 August after academic year ``year`` started."""
    return dt.date(year + 1, 8, 31)


def academic_year_range(year: int) -> tuple[dt.date, dt.date]:
    """First and last day of academic year ``year``."""
    return academic_year_start(year), academic_year_end(year)
