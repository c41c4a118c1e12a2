"""Rights requests in the domain: filing, checks, waiting, extension, four eyes, the queue."""

import datetime as dt
import re
import threading

import pytest

from domain.people.models import Person
from domain.requests import operations as ops
from domain.requests import queries
from domain.requests.attachments import MAX_BYTES
from domain.requests.errors import RequestError
from domain.requests.models import RequestAttachment, RequestMessage, RightsRequest
from domain.requests.queries import QueueFilter
from domain.requests.vocabulary import (
    DECIDED,
    GRANTED,
    IN_PROGRESS,
    PROPOSED,
    REFUSED,
    WAITING,
    WITHDRAWN,
)
from tests import factories

PDF = b"%PDF-1.4\n%\xe2\xe3\n1 0 obj << >> endobj\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
# 10 March 2026, 10:00 in Amsterdam (UTC+1): a Tuesday; due Friday 10 April.
FILED_AT = dt.datetime(2026, 3, 10, 9, 0)


@pytest.fixture
def people(db):
    student = factories.person(student_number="s4000001")
    other = factories.person(student_number="s4000002")
    return {
        "student": student,
        "other": other,
        "desk": factories.staff("desk"),
        "desk2": factories.staff("desk", "desk2"),
    }


def file(person, request_type="access", details=None, **kwargs):
    kwargs.setdefault("now", FILED_AT)
    return ops.file_request(person.id, request_type, details or {}, language="nl", **kwargs).request


def test_a_portal_request_gets_a_reference_and_the_legal_due_date(people):
    request = file(people["student"])
    assert re.fullmatch(r"AVG-2026-[A-HJ-NP-Z2-9]{6}", request.reference)
    assert request.received_on == dt.date(2026, 3, 10)
    assert request.due_on == dt.date(2026, 4, 10)
    assert [e.kind for e in queries.timeline(request.id, for_student=True)] == ["received"]


def test_received_late_in_the_evening_counts_for_that_amsterdam_day(people):
    # 23:30 in Amsterdam on 31 March 2026 (summer time) is 21:30 UTC.
    request = file(people["student"], now=dt.datetime(2026, 3, 31, 21, 30))
    assert request.received_on == dt.date(2026, 3, 31)
    assert request.due_on == dt.date(2026, 4, 30)


def test_the_same_form_sent_twice_makes_one_request(people):
    first = ops.file_request(
        people["student"].id, "access", {}, language="nl", submission_key="k" * 32, now=FILED_AT
    )
    again = ops.file_request(
        people["student"].id, "access", {}, language="nl", submission_key="k" * 32, now=FILED_AT
    )
    assert first.created and not again.created and again.request.id == first.request.id
    assert RightsRequest.select().count() == 1
    with pytest.raises(RequestError):  # another person cannot reuse it to see the request
        ops.file_request(
            people["other"].id, "access", {}, language="nl", submission_key="k" * 32, now=FILED_AT
        )


def test_the_desk_files_with_the_date_the_letter_arrived(people):
    request = file(
        people["student"], channel="letter", actor=people["desk"], received_on=dt.date(2026, 3, 2)
    )
    assert request.received_on == dt.date(2026, 3, 2) and request.due_on == dt.date(2026, 4, 2)
    with pytest.raises(RequestError) as future:
        file(people["student"], channel="letter", received_on=dt.date(2026, 3, 11))
    assert future.value.code == "received_on"
    with pytest.raises(RequestError):
        file(people["student"], channel="email", received_on=None)


@pytest.mark.parametrize(
    "request_type, details, code",
    [
        ("nonsense", {}, "unknown_type"),
        (
            "rectification",
            {"field": "date_of_birth", "proposed": "2000-01-01", "reason": "x"},
            "field",
        ),
        ("rectification", {"field": "password_hash", "proposed": "x", "reason": "x"}, "field"),
        ("rectification", {"field": "phone", "proposed": "", "reason": "x"}, "text_required"),
        (
            "rectification",
            {"field": "phone", "proposed": "x" * 201, "reason": "x"},
            "text_too_long",
        ),
        ("rectification", {"field": "phone", "proposed": "06\x00", "reason": "x"}, "text_invalid"),
        ("erasure", {"scope": "categories", "categories": []}, "categories"),
        ("erasure", {"scope": "categories", "categories": ["nonsense"]}, "categories"),
        ("restriction", {"ground": "e"}, "restriction_ground"),
        ("objection", {"purposes": ["4"], "reasons": "no"}, "purposes"),
        ("objection", {"purposes": ["direct_marketing"], "reasons": "  "}, "text_required"),
    ],
)
def test_bad_details_are_refused_and_nothing_is_stored(people, request_type, details, code):
    with pytest.raises(RequestError) as refused:
        file(people["student"], request_type, details)
    assert refused.value.code == code
    assert RightsRequest.select().count() == 0


def test_good_details_of_each_type_are_kept(people):
    s = people["student"]
    assert file(
        s, "rectification", {"field": "phone", "proposed": " 0612 ", "reason": "new"}
    ).detail_values == {"field": "phone", "proposed": "0612", "reason": "new"}
    assert file(
        s, "erasure", {"scope": "categories", "categories": ["contact", "contact"]}
    ).detail_values == {"scope": "categories", "categories": ["contact"]}
    assert file(s, "restriction", {"ground": "a"}).detail_values["ground"] == "a"
    assert file(
        s, "objection", {"purposes": ["direct_marketing", "13"], "reasons": "r"}
    ).detail_values["purposes"] == ["direct_marketing", "13"]
    assert file(s, "portability").detail_values == {}


def test_attachments_are_checked_by_their_content(people):
    s = people["student"]
    request = file(s, uploads=[("proof.pdf", PDF), ("scan.png", PNG)])
    stored = RequestAttachment.select().where(RequestAttachment.request == request.id)
    assert sorted(a.content_type for a in stored) == ["application/pdf", "image/png"]
    for uploads, code in [
        ([("fake.pdf", b"just text")], "file_type"),
        ([("big.pdf", PDF + b"0" * MAX_BYTES)], "file_too_large"),
        ([("a.pdf", PDF)] * 4, "too_many_files"),
    ]:
        with pytest.raises(RequestError) as refused:
            file(s, uploads=uploads)
        assert refused.value.code == code
    assert RightsRequest.select().count() == 1


def test_file_names_lose_their_path_and_control_characters(people):
    request = file(people["student"], uploads=[("../../etc/pa\r\nss.pdf", PDF)])
    (stored,) = RequestAttachment.select().where(RequestAttachment.request == request.id)
    assert "/" not in stored.file_name and "\n" not in stored.file_name


def test_waiting_for_the_student_stops_the_clock(people):
    request = file(people["student"])
    ops.ask_student(
        request.id, "Stuur een kopie van je ID", people["desk"], today=dt.date(2026, 3, 12)
    )
    waiting = RightsRequest.get_by_id(request.id)
    assert waiting.status == WAITING
    assert ops.deadline_of(waiting, dt.date(2026, 3, 14)).due == dt.date(2026, 4, 13)
    ops.student_reply(
        request.id, people["student"].id, "Hierbij", [("id.png", PNG)], today=dt.date(2026, 3, 15)
    )
    answered = RightsRequest.get_by_id(request.id)
    assert answered.status == IN_PROGRESS and answered.days_waited == 3
    assert answered.due_on == dt.date(2026, 4, 13)  # Friday 10 April + 3 days = Monday


def test_an_extension_once_with_a_reason_and_not_after_the_due_date(people):
    request = file(people["student"])
    with pytest.raises(RequestError) as no_reason:
        ops.extend(request.id, "  ", people["desk"], today=dt.date(2026, 3, 20))
    assert no_reason.value.code == "text_required"
    late = file(people["other"])
    with pytest.raises(RequestError) as too_late:
        ops.extend(late.id, "complex", people["desk"], today=dt.date(2026, 4, 11))
    assert too_late.value.code == "extend_too_late"
    ops.extend(
        request.id, "Veel gegevens in oude systemen", people["desk"], today=dt.date(2026, 4, 10)
    )
    extended = RightsRequest.get_by_id(request.id)
    assert extended.extended and extended.due_on == dt.date(2026, 6, 10)
    with pytest.raises(RequestError) as twice:
        ops.extend(request.id, "again", people["desk"], today=dt.date(2026, 4, 10))
    assert twice.value.code == "already_extended"
    (step,) = [e for e in queries.timeline(request.id, for_student=True) if e.kind == "extended"]
    assert step.note == "Veel gegevens in oude systemen"


def test_an_erasure_needs_a_second_desk_member(people):
    request = file(people["student"], "erasure", {"scope": "all"})
    ops.decide(request.id, GRANTED, None, "We wissen je gegevens", people["desk"])
    assert RightsRequest.get_by_id(request.id).status == PROPOSED
    with pytest.raises(RequestError) as own:
        ops.approve(request.id, people["desk"])
    assert own.value.code == "own_proposal"
    assert RightsRequest.get_by_id(request.id).status == PROPOSED
    ops.approve(request.id, people["desk2"])
    decided = RightsRequest.get_by_id(request.id)
    assert decided.status == DECIDED and decided.outcome == GRANTED
    assert decided.decided_by_id == people["desk2"].id
    kinds = [e.kind for e in queries.timeline(request.id, for_student=True)]
    assert "proposed" not in kinds and kinds[-1] == "decided"


def test_a_refusal_needs_a_ground_and_no_second_member(people):
    request = file(people["student"], "erasure", {"scope": "all"})
    with pytest.raises(RequestError) as groundless:
        ops.decide(request.id, REFUSED, None, "Nee", people["desk"])
    assert groundless.value.code == "ground_required"
    ops.decide(request.id, REFUSED, "art_17_3_b", "De WHW verplicht ons", people["desk"])
    assert RightsRequest.get_by_id(request.id).status == DECIDED


def test_rectifying_basic_study_data_needs_four_eyes_contact_details_do_not(people):
    name = file(
        people["student"],
        "rectification",
        {"field": "surname", "proposed": "Dijkstra", "reason": "typo"},
    )
    phone = file(
        people["student"],
        "rectification",
        {"field": "phone", "proposed": "0612345678", "reason": "new"},
    )
    ops.decide(name.id, GRANTED, None, "ok", people["desk"])
    ops.decide(phone.id, GRANTED, None, "ok", people["desk"])
    assert RightsRequest.get_by_id(name.id).status == PROPOSED
    assert RightsRequest.get_by_id(phone.id).status == DECIDED


def test_a_granted_restriction_marks_the_person(people):
    request = file(people["student"], "restriction", {"ground": "a"})
    ops.decide(request.id, GRANTED, None, "Je gegevens zijn gemarkeerd", people["desk"])
    assert Person.get_by_id(people["student"].id).is_restricted


def test_the_student_withdraws_their_own_open_request_only(people):
    request = file(people["student"])
    with pytest.raises(RequestError):
        ops.withdraw(request.id, people["other"].id)
    ops.withdraw(request.id, people["student"].id)
    assert RightsRequest.get_by_id(request.id).status == WITHDRAWN
    with pytest.raises(RequestError):
        ops.withdraw(request.id, people["student"].id)


def test_internal_notes_never_reach_the_student(people):
    request = file(people["student"])
    ops.desk_message(request.id, "Welkom", people["desk"])
    ops.desk_message(request.id, "Persoonlijke gedachte", people["desk"], internal=True)
    ops.assign(request.id, people["desk"], people["desk"])
    seen = [m.body for m in queries.messages(request.id, for_student=True)]
    assert seen == ["Welkom"]
    assert len(queries.messages(request.id, for_student=False)) == 2
    assert "assigned" not in [e.kind for e in queries.timeline(request.id, for_student=True)]
    assert RequestMessage.select().where(RequestMessage.internal).count() == 1


def test_the_queue_orders_by_due_date_filters_and_counts(people):
    s = people["student"]
    late = file(s, now=dt.datetime(2026, 1, 5, 9))  # due 5 Feb: overdue on 1 March
    soon = file(s, now=dt.datetime(2026, 2, 3, 9))  # due 3 March: within 7 days
    later = file(s, now=dt.datetime(2026, 2, 25, 9))  # due 25 March
    waits = file(s, now=dt.datetime(2026, 1, 6, 9))  # waiting: not overdue
    ops.ask_student(waits.id, "?", people["desk"], today=dt.date(2026, 1, 20))
    ops.assign(later.id, people["desk"], people["desk"])
    today = dt.date(2026, 3, 1)
    page = queries.queue(today)
    assert [r.id for r in page.rows] == [late.id, waits.id, soon.id, later.id]
    assert page.counts == {"open": 4, "overdue": 1, "due_soon": 1, "waiting": 1}
    assert [r.id for r in queries.queue(today, QueueFilter(overdue=True)).rows] == [late.id]
    assert [r.id for r in queries.queue(today, QueueFilter(due_soon=True)).rows] == [soon.id]
    mine = queries.queue(today, QueueFilter(assignee_id=people["desk"].id))
    assert [r.id for r in mine.rows] == [later.id]
    paged = queries.queue(today, page=2, per_page=3)
    assert [r.id for r in paged.rows] == [later.id] and paged.pages == 2


def test_two_desk_members_deciding_at_once_make_one_decision(people):
    from domain.core.db import database

    request = file(people["student"], "access")
    barrier, outcomes = threading.Barrier(2), []

    def act(actor, outcome, ground):
        with database.connection_context():
            barrier.wait(timeout=10)
            try:
                ops.decide(request.id, outcome, ground, "antwoord", actor)
                outcomes.append(outcome)
            except RequestError as error:
                outcomes.append(error.code)

    threads = [
        threading.Thread(target=act, args=(people["desk"], GRANTED, None)),
        threading.Thread(target=act, args=(people["desk2"], REFUSED, "art_12_5")),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(outcomes, key=str) in (
        sorted([GRANTED, "cannot_decide"], key=str),
        sorted([REFUSED, "cannot_decide"], key=str),
    )
    decided = RightsRequest.get_by_id(request.id)
    assert decided.outcome in (GRANTED, REFUSED)
    assert (
        len([e for e in queries.timeline(request.id, for_student=False) if e.kind == "decided"])
        == 1
    )


def test_an_open_request_holds_the_students_data_from_retention(people):
    from domain.retention import holds

    def held():
        return {pid for (pid,) in holds.held_person_ids().tuples()}

    request = file(people["student"])
    assert people["student"].id in held() and people["other"].id not in held()
    assert "open_request" in holds.REASONS
    ops.withdraw(request.id, people["student"].id)
    assert people["student"].id not in held()


def test_a_request_is_assigned_only_to_an_active_desk_member(people):
    request = file(people["student"])
    student_account = factories.staff("disclosure", "officer")
    for someone in (student_account.id, 999_999):
        with pytest.raises(RequestError) as refused:
            ops.assign(request.id, someone, people["desk"])
        assert refused.value.code == "assignee"
    ops.assign(request.id, people["desk2"], people["desk"])
    assert RightsRequest.get_by_id(request.id).assignee_id == people["desk2"].id
