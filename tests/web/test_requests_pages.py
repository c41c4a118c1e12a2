"""The rights-request pages: a student files and follows requests, the desk works them."""

import datetime as dt
import io
import re

import pytest

from domain.audit.models import AuditEvent
from domain.requests.models import RightsRequest
from domain.requests.vocabulary import REQUEST_TYPES
from tests.support import Portal, html_of

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\n"

FORMS = {
    "access": {},
    "portability": {},
    "rectification": {"field": "phone", "proposed": "0612345678", "reason": "Nieuw nummer"},
    "erasure": {"scope": "categories", "categories": ["contact"]},
    "restriction": {"ground": "a", "explanation": "Mijn adres klopt niet"},
    "objection": {"purposes": ["direct_marketing"], "reasons": "Geen reclame"},
}


@pytest.fixture
def people(app, data):
    student, student_account = data.student(student_number="s5000001")
    other, _ = data.student(student_number="s5000002")
    data.staff("desk")
    data.staff("desk", "desk2")
    data.staff("disclosure")

    def as_user(username):
        portal = Portal(app.test_client())
        assert portal.login(username).status_code == 303
        return portal

    return {"student": student, "other": other, "as": as_user}


def form_of(page: str) -> dict:
    """The hidden submission key of a request form."""
    key = re.search(r'name="submission_key" type="hidden" value="([^"]+)"', page)
    return {"submission_key": key.group(1)} if key else {}


def file_request(portal, request_type, values=None, **extra):
    page = html_of(portal.client.get(f"/student/requests/new/{request_type}"))
    payload = {**form_of(page), **(FORMS[request_type] if values is None else values), **extra}
    return portal.post(
        f"/student/requests/new/{request_type}", payload, content_type="multipart/form-data"
    )


@pytest.mark.parametrize("request_type", sorted(REQUEST_TYPES))
def test_a_student_files_each_type_and_sees_reference_and_due_date(people, request_type):
    student = people["as"]("s5000001")
    response = file_request(student, request_type)
    assert response.status_code == 303, response.get_data(as_text=True)[:800]
    page = html_of(student.client.get(response.headers["Location"]))
    (request,) = RightsRequest.select()
    assert request.reference in page and request.request_type == request_type
    assert 'id="request-sent"' in page
    overview = html_of(student.client.get("/student/requests/"))
    assert request.reference in overview


def test_the_rights_page_explains_every_right_in_dutch_by_default(people):
    page = html_of(people["as"]("s5000001").client.get("/student/requests/"))
    for right in REQUEST_TYPES.values():
        assert right.explanation.nl in page
    assert "Autoriteit Persoonsgegevens" in page and 'lang="nl"' in page


def test_a_resent_form_makes_one_request(people):
    student = people["as"]("s5000001")
    page = html_of(student.client.get("/student/requests/new/access"))
    key = form_of(page)
    for _ in range(2):
        response = student.post("/student/requests/new/access", key)
        assert response.status_code == 303
    assert RightsRequest.select().count() == 1


@pytest.mark.parametrize(
    "request_type, values, message",
    [
        ("rectification", {"field": "phone", "proposed": "", "reason": "x"}, "Vul dit in."),
        (
            "rectification",
            {"field": "date_of_birth", "proposed": "1", "reason": "x"},
            "Kies een van de genoemde gegevens.",
        ),
        ("erasure", {"scope": "categories"}, "Kies ten minste één categorie gegevens."),
        ("objection", {"purposes": ["4"], "reasons": "x"}, "Kies ten minste één van de genoemde"),
    ],
)
def test_bad_input_gets_a_clear_dutch_message_and_stores_nothing(
    people, request_type, values, message
):
    response = file_request(people["as"]("s5000001"), request_type, values)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert RightsRequest.select().count() == 0


def test_a_fake_attachment_is_refused_by_its_content(people):
    student = people["as"]("s5000001")
    page = html_of(student.client.get("/student/requests/new/access"))
    response = student.post(
        "/student/requests/new/access",
        {**form_of(page), "attachments": (io.BytesIO(b"MZ not a pdf"), "scan.pdf")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
    assert "scan.pdf" in response.get_data(as_text=True)
    assert RightsRequest.select().count() == 0


def test_an_unknown_type_is_not_found(people):
    assert people["as"]("s5000001").client.get("/student/requests/new/nonsense").status_code == 404


def test_another_students_request_is_not_found(people):
    owner = people["as"]("s5000001")
    file_request(owner, "access")
    reference = RightsRequest.get().reference
    intruder = people["as"]("s5000002")
    assert intruder.client.get(f"/student/requests/{reference}").status_code == 404
    assert intruder.post(f"/student/requests/{reference}/withdraw").status_code == 404
    assert intruder.post(f"/student/requests/{reference}/reply", {"body": "hi"}).status_code == 404
    assert RightsRequest.get().status == "received"


@pytest.mark.parametrize("username, status", [("s5000001", 403), ("disclosure", 403)])
def test_only_the_desk_sees_the_queue(people, username, status):
    assert people["as"](username).client.get("/desk/").status_code == status


def test_the_desk_works_a_request_from_asking_to_a_four_eyes_decision(people):
    student = people["as"]("s5000001")
    file_request(student, "erasure")
    request = RightsRequest.get()
    ref = request.reference
    desk, desk2 = people["as"]("desk"), people["as"]("desk2")

    queue = html_of(desk.client.get("/desk/"))
    assert ref in queue and "s5000001" in queue
    page = html_of(desk.client.get(f"/desk/requests/{ref}"))
    assert "Opening this page" in page or "Het openen van deze pagina" in page
    assert AuditEvent.select().where(AuditEvent.person == people["student"].id).count() == 1

    assert desk.post(f"/desk/requests/{ref}/ask-x", {}).status_code == 404
    assert (
        desk.post(f"/desk/requests/{ref}/ask", {"ask-body": "Welke categorie precies?"}).status_code
        == 303
    )
    assert (
        desk.post(f"/desk/requests/{ref}/note", {"note-body": "Vermoedelijk dubbel"}).status_code
        == 303
    )
    mine = html_of(student.client.get(f"/student/requests/{ref}"))
    assert "Welke categorie precies?" in mine and "Vermoedelijk dubbel" not in mine
    assert "wacht op jou" in mine.lower()
    assert (
        student.post(
            f"/student/requests/{ref}/reply",
            {"body": "Alleen contact"},
            content_type="multipart/form-data",
        ).status_code
        == 303
    )
    assert RightsRequest.get().status == "in_progress"

    empty = desk.post(f"/desk/requests/{ref}/extend", {"extend-reason": " "})
    assert empty.status_code == 422 and "Vul dit in." in empty.get_data(as_text=True)
    assert (
        desk.post(f"/desk/requests/{ref}/extend", {"extend-reason": "Veel systemen"}).status_code
        == 303
    )
    twice = desk.post(f"/desk/requests/{ref}/extend", {"extend-reason": "Nog eens"})
    assert twice.status_code == 422

    assert (
        desk.post(
            f"/desk/requests/{ref}/decide",
            {"outcome": "granted", "ground": "", "message": "We wissen je contactgegevens"},
        ).status_code
        == 303
    )
    assert RightsRequest.get().status == "proposed"
    desk.post(f"/desk/requests/{ref}/approve")
    assert RightsRequest.get().status == "proposed"  # not one's own proposal
    assert desk2.post(f"/desk/requests/{ref}/approve").status_code == 303
    decided = RightsRequest.get()
    assert decided.status == "decided" and decided.decided_by.username == "desk2"

    outcome = html_of(student.client.get(f"/student/requests/{ref}"))
    assert "We wissen je contactgegevens" in outcome and "Veel systemen" in outcome
    assert "Vermoedelijk dubbel" not in outcome
    assert desk.post(f"/desk/requests/{ref}/close").status_code == 303
    assert RightsRequest.get().status == "closed"


def test_a_refusal_without_a_ground_is_refused_with_a_message(people):
    file_request(people["as"]("s5000001"), "access")
    ref = RightsRequest.get().reference
    response = people["as"]("desk").post(
        f"/desk/requests/{ref}/decide", {"outcome": "refused", "ground": "", "message": "Nee"}
    )
    assert response.status_code == 422
    assert RightsRequest.get().status == "received"


def test_the_desk_files_a_letter_on_a_students_behalf(people):
    desk = people["as"]("desk")
    response = desk.post(
        "/desk/new",
        {
            "student_number": "s5000002",
            "request_type": "access",
            "channel": "letter",
            "received_on": "2026-03-02",
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 303, response.get_data(as_text=True)[:500]
    request = RightsRequest.get()
    assert request.person_id == people["other"].id and request.channel == "letter"
    assert request.received_on == dt.date(2026, 3, 2) and request.due_on == dt.date(2026, 4, 2)
    unknown = desk.post(
        "/desk/new",
        {
            "student_number": "s9999999",
            "request_type": "access",
            "channel": "letter",
            "received_on": "2026-03-02",
        },
        content_type="multipart/form-data",
    )
    assert unknown.status_code == 422 and RightsRequest.select().count() == 1


def test_english_pages_for_an_english_student(people):
    student = people["as"]("s5000001")
    student.client.set_cookie("portal_lang", "en")
    page = html_of(student.client.get("/student/requests/"))
    assert 'lang="en"' in page and REQUEST_TYPES["erasure"].explanation.en in page


@pytest.mark.parametrize("assignee", ["9223372036854775808", "abc", "", "٣"])
def test_a_crafted_assignee_gets_a_message_not_an_error(people, assignee):
    file_request(people["as"]("s5000001"), "access")
    ref = RightsRequest.get().reference
    response = people["as"]("desk").post(f"/desk/requests/{ref}/assign", {"assignee": assignee})
    assert response.status_code == 422
    assert "Kies een medewerker van het privacyloket." in response.get_data(as_text=True)
    assert RightsRequest.get().assignee_id is None
