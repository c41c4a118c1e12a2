"""Small builders for test data: explicit values, no randomness."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

from domain.accounts.signin import hash_password
from domain.models import (
    Account,
    CounsellingEntry,
    CourseResult,
    Degree,
    Enrolment,
    Person,
    Programme,
)
from domain.people.enrolments import year_end

_numbers = itertools.count(1000001)
_DEMO_HASH = None


def demo_hash() -> str:
    global _DEMO_HASH
    if _DEMO_HASH is None:
        _DEMO_HASH = hash_password("demo")
    return _DEMO_HASH


def programme(
    code="56964",
    name_nl="Technische Informatica",
    name_en="Technical Computer Science",
    faculty="EEMCS",
    level="bachelor",
) -> Programme:
    found = Programme.get_or_none(Programme.code == code)
    return found or Programme.create(
        code=code, name_nl=name_nl, name_en=name_en, faculty=faculty, level=level
    )


def person(**values) -> Person:
    number = values.pop("student_number", f"s{next(_numbers):07d}")
    defaults = {
        "student_number": number,
        "initials": "A.B.",
        "first_name": "Anna",
        "prefix": "van",
        "surname": "Dijk",
        "date_of_birth": dt.date(2003, 2, 28),
        "university_email": f"{number}@student.utwente.nl",
        "private_email": "anna@example.org",
        "phone": "+31 6 12345678",
        "postal_address": "Hengelosestraat 1, 7500 AA Enschede",
        "nationality": "Nederlandse",
        "school_brin": "01AB",
        "school_name": "Stedelijk Lyceum Enschede",
    }
    defaults.update(values)
    return Person.create(**defaults)


def student(password_hash: str | None = None, **values) -> tuple[Person, Account]:
    """A person with a student account (password ``demo``)."""
    p = person(**values)
    account = Account.create(
        username=p.student_number,
        password_hash=password_hash or demo_hash(),
        role="student",
        person=p,
        display_name=p.display_name,
    )
    return p, account


def staff(role: str, username: str | None = None) -> Account:
    return Account.create(
        username=username or role,
        password_hash=demo_hash(),
        role=role,
        display_name=f"{role.title()} Medewerker",
    )


# An enrolment that is still running: renewed through the academic year that is running now.
STILL_ENROLLED = year_end(dt.date.today())


def enrolment(p: Person, start=dt.date(2021, 9, 1), end=None, reason=None, **values) -> Enrolment:
    """An enrolment; without ``end`` one that is still running (``STILL_ENROLLED``)."""
    end = end or STILL_ENROLLED
    defaults = {
        "person": p,
        "programme": values.pop("prog", None) or programme(),
        "enrolment_type": "bachelor",
        "form": "voltijd",
        "start_date": start,
        "end_date": end,
        "end_reason": reason,
    }
    defaults.update(values)
    return Enrolment.create(**defaults)


def course_result(
    p: Person,
    code="202000001",
    name="Programmeren 1",
    ec="5",
    grade="7.5",
    date=dt.date(2022, 1, 20),
) -> CourseResult:
    return CourseResult.create(
        person=p,
        course_code=code,
        course_name=name,
        ec=Decimal(ec),
        grade=Decimal(grade),
        result_date=date,
    )


def degree(p: Person, exam_type="bachelor", exam_date=dt.date(2024, 7, 15)) -> Degree:
    return Degree.create(person=p, programme=programme(), exam_type=exam_type, exam_date=exam_date)


def counselling(p: Person, **values) -> CounsellingEntry:
    defaults = {
        "person": p,
        "title": "Gesprek studievoortgang",
        "content_text": "Besproken: planning.",
        "counsellor": "J. Jansen",
        "written_on": dt.date(2023, 3, 1),
    }
    defaults.update(values)
    return CounsellingEntry.create(**defaults)


# --- one record of each retention record type, with the date its term counts from ---


def record(model, p: Person, **values):
    """A record of ``model`` for ``p``: required fields filled, ``values`` override."""
    from domain import models as m

    prog = programme()
    defaults = {
        m.IdentityDocumentCopy: {"document_type": "passport", "received_on": dt.date(2020, 7, 1)},
        m.ForeignAdmissionDecision: {
            "country": "Duitsland",
            "outcome": "admitted",
            "decided_on": dt.date(2020, 5, 1),
        },
        m.DeficiencyDocument: {"deficiency": "Wiskunde B"},
        m.ColloquiumDoctumDecision: {"outcome": "admitted", "decided_on": dt.date(2020, 5, 1)},
        m.SelectionDocument: {"programme": prog, "academic_year": 2020, "rank": 12},
        m.MatchingResult: {"programme": prog, "academic_year": 2020, "advice": "positief"},
        m.ExchangeDocument: {"partner_institution": "KTH Stockholm", "academic_year": 2020},
        m.CourseParticipantForm: {
            "course_name": "Zomercursus",
            "course_year_start": dt.date(2020, 9, 1),
        },
        m.DirectDebitMandate: {
            "iban": "NL91ABNA0417164300",
            "account_holder": "A. van Dijk",
            "signed_on": dt.date(2020, 1, 1),
        },
        m.CounsellingEntry: {"counsellor": "J. Jansen", "written_on": dt.date(2020, 3, 1)},
        m.SurveyHandover: {
            "survey_name": "NSE 2024",
            "email_address": "a@student.utwente.nl",
            "handed_over_on": dt.date(2024, 1, 15),
            "delete_on": dt.date(2024, 10, 14),
        },
    }[model]
    defaults.update(person=p, title=f"{model.__name__} record", content_text="inhoud")
    defaults.update(values)
    return model.create(**defaults)


def choose(person_id: int, party_id: int, decision: str, at: dt.datetime):
    """Record a student's consent choice through the portal at ``at`` (naive UTC)."""
    from domain.consent.ledger import record_choice

    return record_choice(
        person_id, party_id, decision, channel="web", language="nl", actor_id=None, now=at
    )
