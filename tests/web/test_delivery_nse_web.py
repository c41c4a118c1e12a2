"""The NSE hand-over on the web (preview the counts, then make it) and from the command line;
and what the student sees of it (issue 13 §1)."""

import csv
import datetime as dt
import io
import re

import pytest

from domain.consent import parties
from domain.consent.vocabulary import GIVEN
from domain.core import clock
from domain.core.csv_safe import BOM
from domain.models import AuditEvent, Delivery, Disclosure, Person, SurveyHandover
from tests import factories
from tests.support import confirm_delivery, html_of

REF = clock.local_today() - dt.timedelta(days=2)
DELETE_ON = clock.local_today() + dt.timedelta(days=300)


@pytest.fixture
def enrolled(data):
    found = {p.key: p for p in parties.ensure_parties()}
    made = []
    for number, consents, restricted in (
        ("s4000001", True, False),
        ("s4000002", False, False),
        ("s4000003", False, True),
    ):
        p = factories.person(student_number=number, surname=f"Achter{number[-1]}", prefix="")
        factories.enrolment(p, start=dt.date(2023, 9, 1))
        if consents:
            factories.choose(p.id, found["nse-second-email"].id, GIVEN, dt.datetime(2024, 1, 2))
        if restricted:
            Person.update(is_restricted=True).where(Person.id == p.id).execute()
        made.append(p)
    return made


@pytest.fixture
def officer(portal, sign_in):
    parties.ensure_parties()
    sign_in("disclosure")
    return portal


def count(html, name):
    match = re.search(rf'id="count-{name}">([^<]*)<', html)
    assert match, name
    return match.group(1)


FORM = {
    "year": str(REF.year),
    "reference_date": REF.isoformat(),
    "delete_on": DELETE_ON.isoformat(),
}


def test_the_page_previews_the_counts_then_makes_the_handover(officer, enrolled):
    index = html_of(officer.client.get("/disclosure/"))
    assert 'id="make-nse"' in index and 'id="summary-nse"' not in index
    html = html_of(officer.post("/disclosure/nse", {**FORM, "action": "preview"}))
    assert html.count("<h1") == 1
    assert (count(html, "candidates"), count(html, "delivered"), count(html, "restricted")) == (
        "3",
        "2",
        "1",
    )
    assert count(html, "second_email") == "1"
    assert 'id="count-not-consented"' not in html  # no consent is asked for the hand-over
    assert f'name="delete_on" value="{DELETE_ON.isoformat()}"' in html
    assert Delivery.select().count() == 0 and SurveyHandover.select().count() == 0

    response = confirm_delivery(officer, "/disclosure/nse", FORM)
    assert response.status_code == 303
    delivery = Delivery.get()
    assert delivery.parameter_values["delete_on"] == DELETE_ON.isoformat()
    assert SurveyHandover.select().count() == 3  # two university addresses, one second
    assert AuditEvent.select().count() == 2
    (file_id,) = [d.file_id for d in Disclosure.select().limit(1)]
    text = officer.client.get(f"/disclosure/files/{file_id}").get_data().decode("utf-8")
    assert text.startswith(BOM + "email,brin,brin_volgnummer,plaats,croho,")
    rows = list(csv.reader(io.StringIO(text[1:])))
    assert [(r[0], r[-1]) for r in rows[1:]] == [
        ("s4000001@student.utwente.nl", "anna@example.org"),
        ("s4000002@student.utwente.nl", ""),
    ]


def test_a_deletion_date_that_has_passed_is_refused_and_nothing_is_stored(officer, enrolled):
    data = {**FORM, "delete_on": REF.isoformat(), "action": "run"}
    html = html_of(officer.post("/disclosure/nse", data), 422)
    assert 'id="delete_on-error"' in html
    assert "De verwijderdatum moet na de peildatum en na vandaag liggen." in html
    assert Delivery.select().count() == 0 and SurveyHandover.select().count() == 0


def test_the_student_sees_the_handover_and_its_deletion_date_but_no_consent_to_give(
    app, data, portal
):
    parties.ensure_parties()
    officer = data.staff("disclosure")
    student, account = data.student(student_number="s4000009")
    factories.enrolment(student, start=dt.date(2023, 9, 1))
    portal.login(officer.username)
    assert confirm_delivery(portal, "/disclosure/nse", FORM).status_code == 303
    portal.client.post("/auth/logout", data={"csrf_token": portal.token()})
    assert portal.login(account.username).status_code == 303
    portal.client.set_cookie("portal_lang", "en")
    html = html_of(portal.client.get("/student/consent/"))
    assert 'action="/student/consent/nse"' not in html  # no consent is asked for the hand-over
    assert 'action="/student/consent/nse-second-email"' in html
    disclosed = re.search(r'<section id="consent-disclosed".*?</section>', html, re.S).group(0)
    assert "National Student Survey (NSE)" in disclosed
    assert "The recipient deletes your e-mail address on" in disclosed
    assert str(DELETE_ON.year) in disclosed
    assert portal.post("/student/consent/nse", {"decision": "given"}).status_code == 404


# --- issue 13 §2: the anonymous results per programme --------------------------------------


def test_the_disclosure_officer_uploads_results_and_small_groups_are_suppressed(portal, sign_in):
    from domain.models import SurveyResult

    factories.programme()
    sign_in("disclosure")
    upload = b"croho,question,score,n\n56964,Overall satisfaction,3.85,40\n56964,Study load,2.5,4\n"
    response = portal.post(
        "/disclosure/nse-results",
        {"year": "2025", "file": (io.BytesIO(upload), "nse.csv")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 303
    portal.client.set_cookie("portal_lang", "en")
    html = html_of(portal.client.get("/disclosure/nse-results?year=2025"))
    assert html.count("<h1") == 1 and "Technical Computer Science (56964)" in html
    assert "3.85" in html and "2.5" not in html
    assert "1 result is suppressed: fewer than 5 respondents." in html
    portal.client.set_cookie("portal_lang", "nl")
    html = html_of(portal.client.get("/disclosure/nse-results?year=2025"))
    assert "Technische Informatica (56964)" in html and "3,85" in html

    bad = b"croho,question,score,n\n56964,Fine,3,10\n12345,Unknown,3,10\n"
    response = portal.post(
        "/disclosure/nse-results",
        {"year": "2026", "file": (io.BytesIO(bad), "nse.csv")},
        content_type="multipart/form-data",
    )
    html = html_of(response, 422)
    assert 'id="file-error"' in html and "3" in html
    assert SurveyResult.select().where(SurveyResult.year == 2026).count() == 0


@pytest.mark.parametrize("role", ["admin", "desk", "student"])
def test_only_the_disclosure_officer_reaches_the_results(portal, sign_in, role):
    sign_in(role)
    assert portal.client.get("/disclosure/nse-results").status_code in (403, 404)
