"""Retention rules as data: the event a term counts from, the period, the action."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field
from enum import Enum

from domain.core.text import Text


class Event(str, Enum):
    """What a retention term counts from."""

    RECORD_DATE = "record_date"  # a date held on the record itself
    ACADEMIC_YEAR_START = "academic_year_start"  # 1 September of the record's year
    ACADEMIC_YEAR_END = "academic_year_end"  # 31 August after the record's year
    END_OF_ENROLMENT = "end_of_enrolment"  # end date of the person's last enrolment
    NEVER = "never"  # kept: no term runs


class Unit(str, Enum):
    DAYS = "days"
    MONTHS = "months"
    YEARS = "years"


UNIT_TEXTS = {
    Unit.DAYS: (Text("dag", "day"), Text("dagen", "days")),
    Unit.MONTHS: (Text("maand", "month"), Text("maanden", "months")),
    Unit.YEARS: (Text("jaar", "year"), Text("jaar", "years")),
}


@dataclass(frozen=True)
class Period:
    amount: int
    unit: Unit

    def after(self, start: dt.date) -> dt.date:
        """Return ``start`` plus this period; month arithmetic clamps to the month's end."""
        if self.unit is Unit.DAYS:
            return start + dt.timedelta(days=self.amount)
        months = self.amount * (12 if self.unit is Unit.YEARS else 1)
        return add_months(start, months)

    def text(self, locale: str) -> str:
        singular, plural = UNIT_TEXTS[self.unit]
        unit = (singular if self.amount == 1 else plural).get(locale)
        return f"{self.amount} {unit}"


def add_months(start: dt.date, months: int) -> dt.date:
    """Add calendar months; 31 January + 1 month is 28 or 29 February, not 3 March."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    return dt.date(year, month, day)


class Action(str, Enum):
    DELETE = "delete"
    ANONYMISE = "anonymise"
    KEEP = "keep"


ACTION_TEXTS = {
    Action.DELETE: Text("verwijderen", "delete"),
    Action.ANONYMISE: Text("anonimiseren", "anonymise"),
    Action.KEEP: Text("bewaren", "keep"),
}
# An ANONYMISE rule that keeps a keyed pseudonym leaves data that can be linked back with
# the key: GDPR Art. 4(5) calls that pseudonymised, not anonymous.
PSEUDONYMISE_TEXT = Text("pseudonimiseren", "pseudonymise")


class Strategy(str, Enum):
    """How one field is anonymised."""

    NULL = "null"
    PLACEHOLDER = "placeholder"
    YEAR = "year"  # a date generalised to 1 January of its year
    PSEUDONYM = "pseudonym"  # keyed HMAC of the source value, so rows still join


@dataclass(frozen=True)
class Anonymise:
    strategy: Strategy
    placeholder: str | None = None
    # For PSEUDONYM: the field whose value is pseudonymised into this one.
    source: str | None = None


@dataclass(frozen=True)
class Backstop:
    """A latest term for records whose event may never happen: ``period`` after ``date_field``."""

    date_field: str
    period: Period
    description: Text

    def due_date(self, value: dt.date | None) -> dt.date | None:
        return None if value is None else self.period.after(value)


@dataclass(frozen=True)
class RetentionRule:
    """A term. ``description`` names the event in words, or for KEEP says why it is kept."""

    key: str
    counts_from: Event
    period: Period | None
    action: Action
    description: Text
    date_field: str | None = None  # the record field the event date is read from
    anonymise: dict[str, Anonymise] = field(default_factory=dict)
    review_first: bool = False
    source: str = ""  # where the term comes from (seed reference)
    backstop: Backstop | None = None  # due then at the latest, even if the event never comes

    def __hash__(self) -> int:
        return hash(self.key)

    def due_date(self, event_date: dt.date | None) -> dt.date | None:
        """Return the day the term ends, or None while its event has not happened."""
        if self.action is Action.KEEP or event_date is None or self.period is None:
            return None
        return self.period.after(event_date)

    @property
    def pseudonymises(self) -> bool:
        """True if what remains carries a keyed pseudonym (pseudonymised, not anonymous)."""
        return any(spec.strategy is Strategy.PSEUDONYM for spec in self.anonymise.values())

    def due_date_of(self, event_date: dt.date | None, row: dict) -> dt.date | None:
        """The day the term ends for ``row``: the event's term, or the backstop if earlier."""
        due = self.due_date(event_date)
        if self.backstop is None or self.action is Action.KEEP:
            return due
        latest = self.backstop.due_date(row.get(self.backstop.date_field))
        return min((d for d in (due, latest) if d is not None), default=None)

    def in_words(self, locale: str) -> str:
        if self.action is Action.KEEP:
            return self.description.get(locale)
        event = self.description.get(locale)
        action = PSEUDONYMISE_TEXT if self.pseudonymises else ACTION_TEXTS[self.action]
        action = action.get(locale).capitalize()
        en = locale == "en"
        if not self.period or not self.period.amount:
            words = f"{action} right after {event}" if en else f"{action} direct na {event}"
        else:
            period = self.period.text(locale)
            words = f"{action} {period} after {event}" if en else f"{action} {period} na {event}"
        if self.backstop:
            period, since = self.backstop.period.text(locale), self.backstop.description.get(locale)
            words += (
                f"; at the latest {period} after {since}"
                if en
                else f"; uiterlijk {period} na {since}"
            )
        return words


@dataclass(frozen=True)
class Kept:
    """Why a field stays when the student asks erasure: the GDPR art. 17(3) ground and the law.

    ``ground`` is a key of ``vocabulary.ERASURE_GROUNDS`` (and a decision ground of the
    privacy desk); ``law`` names the law and, in a few words, what it requires.
    """

    ground: str
    law: Text

    def text(self) -> Text:
        """The ground and the law in one sentence, in both languages."""
        from domain.register.vocabulary import ERASURE_GROUNDS

        ground = ERASURE_GROUNDS[self.ground]
        return Text(f"{ground.nl}: {self.law.nl}", f"{ground.en}: {self.law.en}")
