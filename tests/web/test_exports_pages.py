"""The student's "Download all my data": My data's button, the list, the page, the files.

Each student reaches only their own files (another's token is a 404), an expired link is
a 410, every download is audited, and the pages work in Dutch and English.
"""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest

from domain.core.db import utcnow
from domain.exports import files
from domain.exports.models import DataExport
from domain.models import AuditEvent
from domain.requests import operations as ops
from tests.support import count_queries, html_of


@pytest.fixture
def student(sign_in, data):
    account = sign_in(phone="+31 6 55554444")
    data.enrolment(account.person)
    data.counselling(account.person, content_text="Besproken: planning.")
    data.counselling(account.person, content_text="Alleen voor mij", is_internal_note=True)
    return account


def _make(portal, kind="access"):
    return portal.post("/student/exports", {"kind": kind})


def test_my_data_offers_the_download_at_once(portal, student):
    page = html_of(portal.client.get("/student/my-data"))
    form = re.search(r'<form method="post" action="/student/exports"[^>]*>(.*?)</form>', page, re.S)
    assert form and 'name="csrf_token"' in form.group(1)
    assert 'name="kind" value="access"' in form.group(1)
    assert "Download al mijn gegevens" in form.group(1)

    response = _make(portal)
    assert response.status_code == 303 and response.location.endswith("/student/exports")
    listing = html_of(portal.client.get("/student/exports"))
    (made,) = DataExport.select()
    assert made.person_id == student.person_id and made.kind == "access"
    assert f"/student/exports/{made.token}" in listing
    assert f"/student/exports/{made.token}/json" in listing
    assert listing.count("<h1>") == 1 and "Mijn downloads" in listing
    assert "14 dagen" in listing


def test_the_page_and_the_json_hold_the_same_data_and_are_audited(portal, student):
    _make(portal)
    (made,) = DataExport.select()
    page = html_of(portal.client.get(f"/student/exports/{made.token}"))
    assert page.count("<h1>") == 1 and "Al mijn gegevens" in page
    assert "+31 6 55554444" in page and "Besproken: planning." in page
    assert "Alleen voor mij" not in page  # internal note (rug §3.2)
    assert "Wie heeft je gegevens bekeken" in page
    assert "<script>" not in page and "style=" not in page

    response = portal.client.get(f"/student/exports/{made.token}/json")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/json; charset=utf-8"
    assert "attachment" in response.headers["Content-Disposition"]
    assert response.headers["Cache-Control"] == "no-store"
    doc = json.loads(response.data)
    assert doc["schema_version"] == 1 and "Alleen voor mij" not in response.get_data(as_text=True)
    assert "+31 6 55554444" in response.get_data(as_text=True)

    audited = [(e.action, e.person_id, e.actor_id) for e in AuditEvent.select()]
    assert audited == [(files.DOWNLOAD_ACTION, student.person_id, student.id)] * 2


def test_the_page_in_english(portal, student):
    portal.client.set_cookie("portal_lang", "en")
    _make(portal)
    (made,) = DataExport.select()
    page = html_of(portal.client.get(f"/student/exports/{made.token}"))
    assert "All my data" in page and "Who looked at your data" in page
    assert "Contact details" in page and "Contactgegevens" not in page
    listing = html_of(portal.client.get("/student/exports"))
    assert "My downloads" in listing and "can be used for 14 days" in listing


def test_portability_gives_json_and_safe_csv_only(portal, student, data):
    from domain.models import Person

    Person.update(private_email="=1+2@example.org").where(Person.id == student.person_id).execute()
    _make(portal, "portability")
    (made,) = DataExport.select()
    response = portal.client.get(f"/student/exports/{made.token}/csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    text = response.data.decode("utf-8-sig")
    assert "Person.private_email,privé-e-mailadres,'=1+2@example.org" in text
    assert "Person.surname" not in text
    assert portal.client.get(f"/student/exports/{made.token}").status_code == 404  # no page


def test_another_students_file_is_not_found(portal, student, data):
    other, _ = data.student()
    theirs = files.produce(other.id, "access")
    mine = files.produce(student.person_id, "access")
    for url in (
        f"/student/exports/{theirs.token}",
        f"/student/exports/{theirs.token}/json",
        "/student/exports/not-a-token/json",
        f"/student/exports/{mine.token}/csv",  # an access export has no CSV
        f"/student/exports/{mine.token}/xml",
    ):
        assert portal.client.get(url).status_code == 404, url
    assert theirs.token not in html_of(portal.client.get("/student/exports"))
    assert AuditEvent.select().count() == 0


def test_an_expired_link_says_so_and_downloads_nothing(portal, student):
    made = files.produce(
        student.person_id, "access", now=utcnow() - dt.timedelta(days=15), link_days=14
    )
    response = portal.client.get(f"/student/exports/{made.token}/json")
    page = html_of(response, 410)
    assert "Deze download is verlopen" in page and "application/json" not in response.mimetype
    listing = html_of(portal.client.get("/student/exports"))
    assert "verlopen" in listing and f"/student/exports/{made.token}/json" not in listing
    assert AuditEvent.select().count() == 0


def test_making_an_export_needs_the_form(portal, student):
    assert portal.client.post("/student/exports", data={"kind": "access"}).status_code == 400
    assert portal.post("/student/exports", {"kind": "everything"}).status_code == 400
    assert DataExport.select().count() == 0


def test_staff_cannot_reach_student_exports(portal, sign_in, data):
    person, _ = data.student()
    made = files.produce(person.id, "access")
    sign_in("desk")
    assert portal.client.get("/student/exports").status_code == 403
    assert portal.client.get(f"/student/exports/{made.token}/json").status_code == 403


def test_the_list_takes_a_fixed_number_of_queries(portal, student):
    _make(portal)
    with count_queries() as one:
        html_of(portal.client.get("/student/exports"))
    for _ in range(3):
        files.produce(student.person_id, "portability")
    with count_queries() as four:
        html_of(portal.client.get("/student/exports"))
    assert len(four) == len(one)


def test_a_granted_access_request_offers_the_export(portal, student, data):
    desk = data.staff("desk")
    filed = ops.file_request(student.person_id, "access", {}, language="nl").request
    url = f"/student/requests/{filed.reference}"
    assert 'id="make-request-export"' not in html_of(portal.client.get(url))
    assert portal.post(f"{url}/export").status_code == 404  # not granted (yet)

    ops.decide(filed.id, "granted", None, "Hierbij je gegevens.", desk)
    page = html_of(portal.client.get(url))
    assert 'id="make-request-export"' in page and "Je gegevens" in page
    response = portal.post(f"{url}/export")
    assert response.status_code == 303
    (made,) = DataExport.select()
    assert made.request_id == filed.id and made.kind == "access"
    page = html_of(portal.client.get(url))
    assert f"/student/exports/{made.token}" in page

    other, _ = data.student()
    theirs = ops.file_request(other.id, "access", {}, language="nl").request
    ops.decide(theirs.id, "granted", None, "Hierbij.", desk)
    assert portal.post(f"/student/requests/{theirs.reference}/export").status_code == 404
    assert DataExport.select().count() == 1


def test_a_granted_portability_request_gives_json_and_csv(portal, student, data):
    desk = data.staff("desk")
    filed = ops.file_request(student.person_id, "portability", {}, language="en").request
    ops.decide(filed.id, "partly_granted", "art_20_1", "Only what you provided.", desk)
    portal.post(f"/student/requests/{filed.reference}/export")
    (made,) = DataExport.select()
    page = html_of(portal.client.get(f"/student/requests/{filed.reference}"))
    assert f"/student/exports/{made.token}/csv" in page
    assert made.kind == "portability"
