"""The legal deadline of a rights request (GDPR art. 12(3)), worked out as the law says.

- The period starts on the day of receipt, a day in Europe/Amsterdam.
- It ends one calendar month later, on the day with the same number; when that month
  has no such day, on its last day (31 January + 1 month = 28 or 29 February).
- An extension adds two further months, once: the period then ends three months after
  receipt. It is allowed up to and including the original due date, with a reason the
  student is told.
- While the desk waits for the student (to identify them or understand the request),
  the clock stops: the end moves by the whole days waited.
- Regulation (EEC, Euratom) No 1182/71 art. 3(4): a period whose last day is a Saturday,
  Sunday or public holiday ends on the next working day. Dutch public holidays come
  from the ``holidays`` package (Easter-dependent days, King's Day moved to 26 April
  when 27 April is a Sunday, Liberation Day in the years it is a day off).

Every screen, notification and count reads the due date from here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

import holidays

from domain.core.clock import local_time
from domain.register.rules import add_months

MONTHS = 1
EXTENSION_MONTHS = 2


@lru_cache(maxsize=64)
def _holidays_of(year: int) -> frozenset[dt.date]:
    return frozenset(holidays.country_holidays("NL", years=year))


def public_holiday(day: dt.date) -> bool:
    """True on a Dutch public holiday."""
    return day in _holidays_of(day.year)


def working_day(day: dt.date) -> bool:
    """True from Monday to Friday, unless it is a public holiday."""
    return day.weekday() < 5 and not public_holiday(day)


def next_working_day(day: dt.date) -> dt.date:
    """``day`` itself when it is a working day, else the first working day after it."""
    while not working_day(day):
        day += dt.timedelta(days=1)
    return day


def receipt_day(received_at: dt.datetime) -> dt.date:
    """The Amsterdam day on which a request stored at ``received_at`` (naive UTC) arrived."""
    return local_time(received_at).date()


def due_date(received: dt.date, *, extended: bool = False, days_waited: int = 0) -> dt.date:
    """The last day on which the request may be answered."""
    if days_waited < 0:
        raise ValueError("days_waited cannot be negative")
    months = MONTHS + (EXTENSION_MONTHS if extended else 0)
    end = add_months(received, months) + dt.timedelta(days=days_waited)
    return next_working_day(end)


def days_between(first: dt.date, last: dt.date) -> int:
    """Whole days waited from ``first`` (the day the desk asked) to ``last`` (the answer)."""
    return max((last - first).days, 0)


@dataclass(frozen=True)
class Deadline:
    """A request's deadline on a given day, with everything a screen needs to show it."""

    received: dt.date
    extended: bool
    days_waited: int
    today: dt.date

    @property
    def original_due(self) -> dt.date:
        """The due date without an extension (waiting still counts)."""
        return due_date(self.received, days_waited=self.days_waited)

    @property
    def due(self) -> dt.date:
        return due_date(self.received, extended=self.extended, days_waited=self.days_waited)

    @property
    def days_left(self) -> int:
        """Days until the due date; negative once it has passed."""
        return (self.due - self.today).days

    @property
    def overdue(self) -> bool:
        return self.today > self.due

    @property
    def may_extend(self) -> bool:
        """Once, and not after the original due date (the student must hear in time)."""
        return not self.extended and self.today <= self.original_due
