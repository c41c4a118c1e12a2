"""Rights carried out, as the pages show them: the erasure plan and outcome, rectification,
lifting a restriction, objections on My data (issue 10 §3–4)."""

import datetime as dt
import re

import pytest

from domain.accounts.models import Account
from domain.models import Person, RequestMessage, RightsRequest
from domain.records.models import SummerSchoolParticipation
from domain.register.declarations import STUDY_DATA_KEPT
from tests.support import Portal, count_queries, html_of


@pytest.fixture
def people(app, data):
    student, _ = data.student(student_number="s6000001")
    data.enrolment(student, start=dt.date(2020, 9, 1), end=dt.date(2024, 8, 31))
    data.course_result(student)
    data.counselling(student)
    SummerSchoolParticipation.create(
        person=student,
        title="Zomerschool",
        school_name="Twente Summer School",
        school_ended_on=dt.date(2023, 7, 1),
    )
    data.staff("desk")
    data.staff("desk", "desk2")

    def as_user(username, lang="nl"):
        portal = Portal(app.test_client())
        assert portal.login(username).status_code == 303
        portal.client.set_cookie("portal_lang", lang)
        return portal

    return {"student": student, "as": as_user}


def submission_key(page: str) -> str:
    return re.search(r'name="submission_key" type="hidden" value="([^"]+)"', page).group(1)


def file(portal, request_type, values):
    page = html_of(portal.client.get(f"/student/requests/new/{request_type}"))
    return portal.post(
        f"/student/requests/new/{request_type}",
        {"submission_key": submission_key(page), **values},
        content_type="multipart/form-data",
    )


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_erasure_form_shows_what_will_be_erased_and_what_kept_and_why(people, lang):
    page = html_of(people["as"]("s6000001", lang).client.get("/student/requests/new/erasure"))
    assert 'id="erasure-erased"' in page and 'id="erasure-kept"' in page
    erased = page.split('id="erasure-erased"')[1].split("</table>")[0]
    kept = page.split('id="erasure-kept"')[1].split("</table>")[0]
    summer = {"nl": "Deelname summer school", "en": "Summer school participation"}[lang]
    assert summer in erased
    law = STUDY_DATA_KEPT.text().get(lang)
    assert law.replace("'", "&#39;") in kept
    assert {"nl": "Inschrijving", "en": "Enrolment"}[lang] in kept
    assert {"nl": "Dossier studieadviseur", "en": "Counselling dossier entry"}[lang] in kept


def test_desk_proposes_desk2_approves_and_the_student_reads_the_outcome(people):
    student = people["as"]("s6000001", "en")
    assert file(student, "erasure", {"scope": "all"}).status_code == 303
    ref = RightsRequest.get().reference
    before = html_of(student.client.get(f"/student/requests/{ref}"))
    assert "What will be erased, what will be kept and why" in before

    desk, desk2 = people["as"]("desk", "en"), people["as"]("desk2", "en")
    plan = html_of(desk.client.get(f"/desk/requests/{ref}"))
    assert 'id="erasure-erased"' in plan and "Summer school participation" in plan
    decided = desk.post(
        f"/desk/requests/{ref}/decide",
        {"outcome": "partly_granted", "ground": "art_17_3_b", "message": "Study data stays."},
    )
    assert decided.status_code == 303
    assert SummerSchoolParticipation.select().count() == 1
    assert desk2.post(f"/desk/requests/{ref}/approve").status_code == 303
    assert SummerSchoolParticipation.select().count() == 0

    outcome = html_of(student.client.get(f"/student/requests/{ref}"))
    assert "What was erased and what was kept" in outcome
    erased = outcome.split('id="erasure-erased"')[1].split("</table>")[0]
    kept = outcome.split('id="erasure-kept"')[1].split("</table>")[0]
    assert "Summer school participation" in erased and "deleted" in erased
    assert "removed when the request is closed" in erased  # the account
    assert "WHW and Archives Act 1995" in kept
    assert html_of(desk.client.get(f"/desk/requests/{ref}")).count('id="erasure-kept"') == 1

    assert desk.post(f"/desk/requests/{ref}/close").status_code == 303
    assert Account.select().where(Account.person == people["student"].id).count() == 0
    # Signed out for good: the account is gone.
    assert student.client.get(f"/student/requests/{ref}").status_code in (302, 401)


def test_the_request_page_runs_the_same_queries_whatever_the_number_of_records(people, data):
    student = people["as"]("s6000001")
    file(student, "erasure", {"scope": "all"})
    ref = RightsRequest.get().reference
    with count_queries() as few:
        html_of(student.client.get(f"/student/requests/{ref}"))
    for n in range(5):
        data.course_result(people["student"], code=f"20200010{n}")
        SummerSchoolParticipation.create(
            person=people["student"],
            title=f"School {n}",
            school_name="Twente",
            school_ended_on=dt.date(2023, 7, 1),
        )
    with count_queries() as many:
        page = html_of(student.client.get(f"/student/requests/{ref}"))
    assert len(many) == len(few)
    assert ">6<" in page.split('id="erasure-erased"')[1].split("</table>")[0]


def test_rectification_offers_correctable_fields_and_names_where_the_others_are_corrected(
    people,
):
    student = people["as"]("s6000001", "en")
    page = html_of(student.client.get("/student/requests/new/rectification"))
    elsewhere = page.split('id="corrected-elsewhere"')[1].split("</div>")[0]
    assert "Date of birth" in elsewhere and "Studielink" in elsewhere
    assert 'value="date_of_birth"' not in page and 'value="phone"' in page
    bad = file(student, "rectification", {"field": "private_email", "proposed": "x", "reason": "y"})
    assert bad.status_code == 422
    assert "Give an e-mail address such as name@example.org." in bad.get_data(as_text=True)
    assert RightsRequest.select().count() == 0

    new_phone = {"field": "phone", "proposed": "0687654321", "reason": "Nieuw"}
    assert file(student, "rectification", new_phone).status_code == 303
    ref = RightsRequest.get().reference
    desk = people["as"]("desk")
    desk.post(f"/desk/requests/{ref}/decide", {"outcome": "granted", "message": "Aangepast."})
    assert Person.get_by_id(people["student"].id).phone == "0687654321"


def test_the_desk_lifts_a_restriction_after_telling_the_student(people):
    student = people["as"]("s6000001", "en")
    file(student, "restriction", {"ground": "a", "explanation": "Adres klopt niet"})
    ref = RightsRequest.get().reference
    desk = people["as"]("desk", "en")
    desk.post(f"/desk/requests/{ref}/decide", {"outcome": "granted", "message": "Gemarkeerd."})
    assert Person.get_by_id(people["student"].id).is_restricted
    assert 'id="lift-form"' in html_of(desk.client.get(f"/desk/requests/{ref}"))

    empty = desk.post(f"/desk/requests/{ref}/lift-restriction", {"lift-body": " "})
    assert empty.status_code == 422 and "Fill this in." in empty.get_data(as_text=True)
    assert Person.get_by_id(people["student"].id).is_restricted

    lifted = desk.post(
        f"/desk/requests/{ref}/lift-restriction", {"lift-body": "Je adres is nagekeken."}
    )
    assert lifted.status_code == 303
    assert not Person.get_by_id(people["student"].id).is_restricted
    page = html_of(desk.client.get(f"/desk/requests/{ref}"))
    assert 'id="lift-form"' not in page and "restriction lifted" in page
    mine = html_of(student.client.get(f"/student/requests/{ref}"))
    assert "Je adres is nagekeken." in mine and "restriction lifted, after telling you" in mine
    again = desk.post(f"/desk/requests/{ref}/lift-restriction", {"lift-body": "Nog eens"})
    assert again.status_code == 303 and RequestMessage.select().count() == 1


def test_only_the_desk_lifts_a_restriction(people):
    student = people["as"]("s6000001")
    file(student, "restriction", {"ground": "a"})
    ref = RightsRequest.get().reference
    response = student.post(f"/desk/requests/{ref}/lift-restriction", {"lift-body": "Weg"})
    assert response.status_code == 403


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_my_data_shows_the_processing_the_student_objected_to(people, lang):
    student = people["as"]("s6000001", lang)
    assert 'id="objections"' not in html_of(student.client.get("/student/my-data"))
    file(student, "objection", {"purposes": ["13"], "reasons": "Liever niet"})
    ref = RightsRequest.get().reference
    people["as"]("desk").post(
        f"/desk/requests/{ref}/decide", {"outcome": "granted", "message": "Toegewezen."}
    )
    page = html_of(student.client.get("/student/my-data"))
    block = page.split('id="objections"')[1].split("</section>")[0]
    purpose = {
        "nl": "Het meten en verbeteren van de kwaliteit van het onderwijs",
        "en": "Measuring and improving the quality of education",
    }[lang]
    assert purpose in block
