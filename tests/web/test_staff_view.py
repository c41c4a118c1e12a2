"""The staff view of one student: each role sees what the register allows, and it is audited."""

from __future__ import annotations

import itertools
import re

import pytest
from peewee import CharField, TextField

from domain import models as m
from domain.accounts.roles import COUNSELLOR, DESK
from domain.audit import chain
from domain.register import BY_MODEL, staff_may_see
from domain.register.declarations import PERSON_PARTS_FOR_STAFF
from domain.register.subject_data import staff_categories, staff_parts
from tests.support import count_queries, html_of

# The record types the test factories can write for one person (tests/factories.py).
RECORD_TYPES = (
    m.IdentityDocumentCopy,
    m.ForeignAdmissionDecision,
    m.DeficiencyDocument,
    m.ColloquiumDoctumDecision,
    m.SelectionDocument,
    m.MatchingResult,
    m.ExchangeDocument,
    m.CourseParticipantForm,
    m.DirectDebitMandate,
    m.CounsellingEntry,
    m.SurveyHandover,
)


def markable(model) -> list[str]:
    """The declared free-text fields of ``model``: each can hold a value found nowhere else."""
    return [
        f.name
        for f in BY_MODEL[model].fields
        if isinstance(getattr(model, f.name), CharField | TextField)
        and f.values is None
        and not getattr(model, f.name).choices
        and f.name != "student_number"  # the lookup key: in the heading for everyone
    ]


@pytest.fixture
def student(data):
    """A student with a distinct marker in every free-text field of every record type.

    Returns the person and {(model, field): marker}.
    """
    numbers = itertools.count(1)
    markers = {}

    def mark(model):
        values = {name: f"Mk{next(numbers):03d}" for name in markable(model)}
        markers.update({(model, name): value for name, value in values.items()})
        return values

    person, _ = data.student(**mark(m.Person))
    data.enrolment(person)
    for model in RECORD_TYPES:
        data.record(model, person, **mark(model))
    return person, markers


def look_up(portal, person, reason="Studievoortgangsgesprek"):
    return portal.post(
        "/staff/student", {"student_number": person.student_number, "reason": reason}
    )


@pytest.mark.parametrize("role", [DESK, COUNSELLOR])
def test_each_role_sees_exactly_the_fields_the_register_allows(portal, sign_in, student, role):
    person, markers = student
    sign_in(role)
    page = html_of(look_up(portal, person))
    shown = {key for key, marker in markers.items() if marker in page}
    allowed = {key for key in markers if staff_may_see(role, *key)}
    assert shown == allowed
    assert allowed and allowed != set(markers)  # each role sees some, and not all


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("role", [DESK, COUNSELLOR])
def test_each_part_is_named_as_on_my_data_not_as_a_list_of_columns(
    portal, sign_in, student, role, lang
):
    person, _ = student
    sign_in(role)
    portal.client.set_cookie("portal_lang", lang)
    page = html_of(look_up(portal, person))
    headings = [re.sub(r"\s+", " ", h).strip() for h in re.findall(r"<h4>(.*?)</h4>", page, re.S)]
    expected = []
    for category in staff_categories(role):
        for rt, fields in staff_parts(category, role):
            if rt.model is m.Person:
                name = PERSON_PARTS_FOR_STAFF[(category, fields[0].retention.key)]
            else:
                name = rt.label
            text = name.get(lang)
            expected.append(text[:1].upper() + text[1:])
            column_list = ", ".join(f.label.get(lang) for f in fields)
            assert len(fields) == 1 or column_list[:1].upper() + column_list[1:] not in headings
    assert headings == expected
    assert "Personal details" in headings or "Persoonsgegevens" in headings


def test_only_a_counsellor_sees_special_category_data(portal, sign_in, student, data):
    person, markers = student
    content = markers[(m.CounsellingEntry, "content_text")]
    title = markers[(m.CounsellingEntry, "title")]
    sign_in(COUNSELLOR)
    page = html_of(look_up(portal, person))
    assert content in page and title in page
    portal.post("/auth/logout")
    data.staff(DESK)
    assert portal.login(DESK).status_code == 303
    page = html_of(look_up(portal, person))
    assert content not in page and title in page  # the desk knows a dossier exists, not why


def test_every_view_leaves_one_audit_record_and_the_chain_stays_intact(portal, sign_in, student):
    person, _ = student
    counsellor = sign_in(COUNSELLOR)
    html_of(look_up(portal, person, "Afspraak over studievertraging"))
    html_of(look_up(portal, person, "Vervolgafspraak"))
    events = list(m.AuditEvent.select().order_by(m.AuditEvent.seq))
    assert [(e.person_id, e.actor_id, e.action) for e in events] == [
        (person.id, counsellor.id, "view:student")
    ] * 2
    assert [e.reason for e in events] == ["Afspraak over studievertraging", "Vervolgafspraak"]
    assert events[0].actor_role == COUNSELLOR
    # The categories the page showed data of (the student has no surveys, for one).
    shown = [c for c in staff_categories(COUNSELLOR) if c in events[0].categories.split(",")]
    assert events[0].categories.split(",") == shown
    assert {"identity", "enrolment", "guidance"} <= set(shown)
    assert chain.verify().ok


def test_the_form_alone_shows_and_records_nothing(portal, sign_in, student):
    sign_in(DESK)
    page = html_of(portal.client.get("/staff/student"))
    assert 'id="lookup-form"' in page and 'id="student-data"' not in page
    assert not m.AuditEvent.select().exists()


@pytest.mark.parametrize(
    "values, wrong",
    [
        ({"student_number": "s9999999", "reason": "Taak"}, "No student has this number."),
        ({"student_number": "", "reason": "Taak"}, "Enter a student number."),
        ({"reason": ""}, "Say why you are opening this student"),
        ({"reason": "ok"}, "Give a reason of 3 to 200 characters."),
    ],
)
def test_without_a_known_student_and_a_reason_nothing_is_shown(
    portal, sign_in, student, values, wrong
):
    person, markers = student
    sign_in(DESK)
    portal.client.set_cookie("portal_lang", "en")
    page = html_of(
        portal.post("/staff/student", {"student_number": person.student_number, **values}), 422
    )
    assert wrong in page
    assert 'id="student-data"' not in page and markers[(m.Person, "surname")] not in page
    assert not m.AuditEvent.select().exists()


def test_the_page_runs_the_same_queries_however_much_the_student_has(portal, sign_in, data):
    sign_in(COUNSELLOR)

    def measure(n):
        person, _ = data.student()
        data.enrolment(person)
        for _ in range(n):
            data.course_result(person)
            data.counselling(person)
            data.record(m.DirectDebitMandate, person)
        with count_queries() as statements:
            html_of(look_up(portal, person))
        return len(statements)

    assert measure(1) == measure(12)
