"""Rectification, restriction and objection carried out on the data (issue 10 §4)."""

import datetime as dt

import pytest

from domain.audit.models import AuditEvent
from domain.consent import parties
from domain.consent.vocabulary import GIVEN
from domain.deliveries import records as deliveries
from domain.deliveries.kivi import plan_kivi
from domain.deliveries.schools import plan_schools
from domain.models import Enrolment, MatchingResult, Objection, Person, RequestMessage
from domain.records.matching import advice_counts
from domain.requests import details, queries
from domain.requests import operations as ops
from domain.requests.errors import RequestError
from domain.rights import objection, restriction
from tests import factories

FILED_AT = dt.datetime(2026, 3, 10, 9, 0)


@pytest.fixture
def people(db):
    return {
        "student": factories.person(student_number="s8000001"),
        "desk": factories.staff("desk"),
        "desk2": factories.staff("desk", "desk2"),
    }


def file(person, request_type, values):
    if request_type == "rectification":
        values = {"reason": "Dit klopt niet", **values}
    return ops.file_request(person.id, request_type, values, language="nl", now=FILED_AT).request


# --- Rectification ---------------------------------------------------------------------------


def test_a_granted_rectification_puts_the_value_in_the_same_transaction(people):
    student, desk = people["student"], people["desk"]
    request = file(student, "rectification", {"field": "phone", "proposed": " +31 6 98765432 "})
    assert not ops.needs_second_desk_member(request, "granted")
    ops.decide(request.id, "granted", None, "Aangepast.", desk)
    assert Person.get_by_id(student.id).phone == "+31 6 98765432"
    (event,) = AuditEvent.select().where(AuditEvent.action == "rectify:person")
    assert event.person_id == student.id and event.actor_id == desk.id
    assert event.detail == f"Person.phone ({request.reference})"
    assert "12345678" not in event.detail  # never the old value


def test_basic_study_data_is_rectified_only_after_four_eyes(people):
    student = people["student"]
    request = file(student, "rectification", {"field": "surname", "proposed": "Dijkstra"})
    ops.decide(request.id, "granted", None, "Na controle van je paspoort.", people["desk"])
    assert Person.get_by_id(student.id).surname == "Dijk"
    ops.approve(request.id, people["desk2"])
    assert Person.get_by_id(student.id).surname == "Dijkstra"


def test_a_refused_rectification_changes_nothing(people):
    student = people["student"]
    request = file(student, "rectification", {"field": "phone", "proposed": "0611111111"})
    ops.decide(request.id, "refused", "art_12_5", "Nee.", people["desk"])
    assert Person.get_by_id(student.id).phone == "+31 6 12345678"


@pytest.mark.parametrize(
    ("name", "value", "kind"),
    [
        ("private_email", "geen-adres", "email"),
        ("phone", "bel me maar", "phone"),
        ("phone", "+31", "phone"),  # fewer than four digits
        ("initials", "A" * 21, "too_long"),
    ],
)
def test_a_value_that_does_not_fit_its_field_is_refused_when_filed(people, name, value, kind):
    with pytest.raises(RequestError) as refused:
        file(people["student"], "rectification", {"field": name, "proposed": value})
    assert refused.value.code == "proposed_invalid" and refused.value.details["kind"] == kind


def test_fields_corrected_at_their_source_are_named_but_never_offered(people):
    choices = {c.name: c for c in details.rectification_fields()}
    birth = choices["date_of_birth"]
    assert not birth.correctable and "Studielink" in birth.correct_at.en
    assert choices["phone"].correctable and choices["phone"].correct_at is None
    with pytest.raises(RequestError) as refused:
        file(people["student"], "rectification", {"field": "date_of_birth", "proposed": "2001"})
    assert refused.value.code == "field"


def test_an_invalid_value_at_decision_time_leaves_the_request_undecided(people, monkeypatch):
    student, desk = people["student"], people["desk"]
    request = file(student, "rectification", {"field": "private_email", "proposed": "a@b.nl"})
    # A value stored before the field's checks existed (or a changed register).
    request.details = '{"field": "private_email", "proposed": "kapot", "reason": "x"}'
    request.save()
    with pytest.raises(RequestError) as refused:
        ops.decide(request.id, "granted", None, "Aangepast.", desk)
    assert refused.value.code == "proposed_invalid"
    fresh = type(request).get_by_id(request.id)
    assert fresh.status == "received" and fresh.outcome is None
    assert Person.get_by_id(student.id).private_email == "anna@example.org"


# --- Restriction -----------------------------------------------------------------------------


def test_lifting_a_restriction_tells_the_student_first_in_one_transaction(people):
    student, desk = people["student"], people["desk"]
    request = file(student, "restriction", {"ground": "a"})
    request = ops.decide(request.id, "granted", None, "Je gegevens zijn gemarkeerd.", desk)
    assert Person.get_by_id(student.id).is_restricted
    assert restriction.may_lift(request)

    with pytest.raises(RequestError):
        restriction.lift(request.id, "  ", desk)
    assert Person.get_by_id(student.id).is_restricted

    restriction.lift(request.id, "Je adres is gecontroleerd en klopt.", desk)
    assert not Person.get_by_id(student.id).is_restricted
    (told,) = queries.messages(request.id, for_student=True)
    assert told.body == "Je adres is gecontroleerd en klopt." and not told.internal
    steps = [e.kind for e in queries.timeline(request.id, for_student=True)]
    assert steps[-2:] == ["message", "restriction_lifted"]
    assert AuditEvent.select().where(AuditEvent.action == "lift:restriction").count() == 1
    with pytest.raises(RequestError) as again:
        restriction.lift(request.id, "Nog eens.", desk)
    assert again.value.code == "not_restricted"
    assert RequestMessage.select().count() == 1


def test_only_a_granted_restriction_can_be_lifted(people):
    student, desk = people["student"], people["desk"]
    refused = file(student, "restriction", {"ground": "a"})
    ops.decide(refused.id, "refused", "art_12_5", "Nee.", desk)
    other = file(student, "access", {})
    Person.update(is_restricted=True).where(Person.id == student.id).execute()
    for request in (refused, other):
        with pytest.raises(RequestError) as error:
            restriction.lift(request.id, "Opgeheven.", desk)
        assert error.value.code == "not_restricted"
    assert Person.get_by_id(student.id).is_restricted


# --- Objection -------------------------------------------------------------------------------


def test_an_upheld_objection_records_each_purpose_once(people):
    student, desk = people["student"], people["desk"]
    request = file(student, "objection", {"purposes": ["13", "direct_marketing"], "reasons": "x"})
    ops.decide(request.id, "partly_granted", "art_21_1", "Deels.", desk)
    again = file(student, "objection", {"purposes": ["13"], "reasons": "Nog eens"})
    ops.decide(again.id, "granted", None, "Ja.", desk)
    assert sorted(o.processing for o in Objection.select()) == ["13", "direct_marketing"]
    upheld = objection.of_person(student.id)
    assert [u.purpose.en for u in upheld] == [
        "Measuring and improving the quality of education",
        "direct marketing",
    ]
    refused = file(student, "objection", {"purposes": ["5"], "reasons": "x"})
    ops.decide(refused.id, "refused", "art_21_1", "Nee.", desk)
    assert Objection.select().count() == 2


def _object(person, purposes, desk):
    request = file(person, "objection", {"purposes": purposes, "reasons": "Ik wil dit niet"})
    ops.decide(request.id, "granted", None, "Toegewezen.", desk)


def test_deliveries_for_an_objected_purpose_leave_the_person_out(people):
    desk = people["desk"]
    by_key = {p.key: p for p in parties.ensure_parties()}
    pupils = []
    for number in ("s8000011", "s8000012"):
        pupil = factories.person(student_number=number, school_brin="01AB")
        Enrolment.create(
            person=pupil,
            programme=factories.programme(),
            enrolment_type="bachelor",
            form="voltijd",
            start_date=dt.date(2023, 9, 1),
            end_date=dt.date(2024, 8, 31),
        )
        factories.degree(pupil, exam_date=dt.date(2024, 7, 15))
        for key in ("schools", "kivi"):
            factories.choose(pupil.id, by_key[key].id, GIVEN, dt.datetime(2024, 6, 1, 9))
        pupils.append(pupil)
    # Quality of education (13) is what the schools' delivery serves; KIVI serves 20.
    _object(pupils[0], ["13"], desk)

    schools = plan_schools(2023, dt.date(2024, 9, 15), today=dt.date(2025, 6, 1))
    assert schools.person_ids == [pupils[1].id]
    assert schools.restricted == 1 and schools.not_consented == 0
    kivi = plan_kivi(2024, dt.date(2025, 1, 15), today=dt.date(2025, 2, 1))
    assert sorted(kivi.person_ids) == sorted(p.id for p in pupils)


def test_a_file_downloaded_again_leaves_out_who_objected_since(people):
    desk = people["desk"]
    by_key = {p.key: p for p in parties.ensure_parties()}
    pupils = []
    for number in ("s8000021", "s8000022"):
        pupil = factories.person(student_number=number, school_brin="01AB")
        Enrolment.create(
            person=pupil,
            programme=factories.programme(),
            enrolment_type="bachelor",
            form="voltijd",
            start_date=dt.date(2023, 9, 1),
            end_date=dt.date(2024, 8, 31),
        )
        factories.choose(pupil.id, by_key["schools"].id, GIVEN, dt.datetime(2024, 6, 1, 9))
        pupils.append(pupil)
    delivery = deliveries.run(
        plan_schools(2023, dt.date(2024, 9, 15), today=dt.date(2025, 6, 1)), None, "cli"
    )
    (file_,) = delivery.files
    assert deliveries.file_download(file_.id).person_ids == [p.id for p in pupils]
    _object(pupils[0], ["13"], desk)
    again = deliveries.file_download(file_.id)
    assert again.person_ids == [pupils[1].id] and again.withdrawn == 1
    assert pupils[0].student_number not in again.text


def test_matching_statistics_leave_out_who_objected_to_their_purpose(people):
    desk, prog = people["desk"], factories.programme()
    persons = [factories.person() for _ in range(5)]
    for p in persons:
        factories.record(MatchingResult, p, programme=prog, academic_year=2023, advice="positief")
    assert advice_counts(2023) == [(prog.id, "positief", 5)]
    _object(persons[0], ["5"], desk)
    assert advice_counts(2023) == []  # four left: a group under five is not shown
