"""Small builders for test data: explicit values, no randomness."""
from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

from domain.accounts import hash_password
from domain.models import (Account, CounsellingEntry, CourseResult, Degree, Enrolment,
                           Person, Programme)

_numbers = itertools.count(1000001)
_DEMO_HASH = None


def demo_hash() -> str:
    global _DEMO_HASH
    if _DEMO_HASH is None:
        _DEMO_HASH = hash_password("demo")
    return _DEMO_HASH


def programme(code="56964", name_nl="Technische Informatica", name_en="Technical Computer Science",
              faculty="EEMCS", level="bachelor") -> Programme:
    found = Programme.get_or_none(Programme.code == code)
    return found or Programme.create(code=code, name_nl=name_nl, name_en=name_en,
                                     faculty=faculty, level=level)


def person(**values) -> Person:
    number = values.pop("student_number", f"s{next(_numbers):07d}")
    defaults = dict(
        student_number=number, initials="A.B.", first_name="Anna", prefix="van",
        surname="Dijk", date_of_birth=dt.date(2003, 2, 28),
        university_email=f"{number}@student.utwente.nl", private_email="anna@example.org",
        phone="+31 6 12345678", postal_address="Hengelosestraat 1, 7500 AA Enschede",
        nationality="Nederlandse", school_brin="01AB", school_name="Stedelijk Lyceum Enschede")
    defaults.update(values)
    return Person.create(**defaults)


def student(password_hash: str | None = None, **values) -> tuple[Person, Account]:
    """A person with a student account (password ``demo``)."""
    p = person(**values)
    account = Account.create(username=p.student_number, password_hash=password_hash or demo_hash(),
                             role="student", person=p, display_name=p.display_name)
    return p, account


def staff(role: str, username: str | None = None) -> Account:
    return Account.create(username=username or role, password_hash=demo_hash(), role=role,
                          display_name=f"{role.title()} Medewerker")


def enrolment(p: Person, start=dt.date(2021, 9, 1), end=None, reason=None, **values) -> Enrolment:
    defaults = dict(person=p, programme=values.pop("prog", None) or programme(),
                    enrolment_type="bachelor", form="voltijd", start_date=start,
                    end_date=end, end_reason=reason)
    defaults.update(values)
    return Enrolment.create(**defaults)


def course_result(p: Person, code="202000001", name="Programmeren 1", ec="5", grade="7.5",
                  date=dt.date(2022, 1, 20)) -> CourseResult:
    return CourseResult.create(person=p, course_code=code, course_name=name, ec=Decimal(ec),
                               grade=Decimal(grade), result_date=date)


def degree(p: Person, exam_type="bachelor", exam_date=dt.date(2024, 7, 15)) -> Degree:
    return Degree.create(person=p, programme=programme(), exam_type=exam_type, exam_date=exam_date)


def counselling(p: Person, **values) -> CounsellingEntry:
    defaults = dict(person=p, title="Gesprek studievoortgang", content_text="Besproken: planning.",
                    counsellor="J. Jansen", written_on=dt.date(2023, 3, 1))
    defaults.update(values)
    return CounsellingEntry.create(**defaults)
