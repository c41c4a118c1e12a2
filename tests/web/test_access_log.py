"""My data shows the student who on the staff looked at their data: role, what, when, why."""

from __future__ import annotations

import datetime as dt

import pytest

from domain import models as m
from domain.accounts.roles import COUNSELLOR, DESK
from domain.audit import chain, trail
from domain.audit.log import PER_PAGE
from tests.support import Portal, confirm_delivery, count_queries, html_of


@pytest.fixture
def staff_portal(app, data):
    """A second browser, signed in as a privacy-desk member."""
    data.staff(DESK, "desk")
    portal = Portal(app.test_client())
    assert portal.login("desk").status_code == 303
    return portal


def looked_section(page: str) -> str:
    start = page.index('id="looked"')
    return page[start : page.index("</section>", start)]


def test_the_student_sees_who_looked_by_role_and_why(portal, sign_in, staff_portal):
    student = sign_in()
    portal.client.set_cookie("portal_lang", "en")
    lookup = {"student_number": student.person.student_number, "reason": "Verzoek AVG-2025-1"}
    html_of(staff_portal.post("/staff/student", lookup))
    section = looked_section(html_of(portal.client.get("/student/my-data")))
    assert "Who looked at my data" in section
    assert "Privacy desk" in section and "Looked at your data" in section
    assert "Verzoek AVG-2025-1" in section and "Student counselling" not in section
    assert "Identity" in section  # a category the desk saw
    assert "Desk Medewerker" not in section  # the role, not the name (docs/decisions.md)


def test_a_counsellor_view_names_the_counselling_data(portal, sign_in, app, data):
    student = sign_in()
    data.counselling(student.person)
    portal.client.set_cookie("portal_lang", "en")
    data.staff(COUNSELLOR, "counsellor")
    counsellor = Portal(app.test_client())
    counsellor.login("counsellor")
    lookup = {"student_number": student.person.student_number, "reason": "Afspraak"}
    html_of(counsellor.post("/staff/student", lookup))
    section = looked_section(html_of(portal.client.get("/student/my-data")))
    assert "Study adviser / student counsellor" in section and "Student counselling" in section


def test_another_students_access_log_is_never_shown(portal, sign_in, staff_portal, data):
    other, _ = data.student()
    html_of(
        staff_portal.post(
            "/staff/student", {"student_number": other.student_number, "reason": "Geheime taak"}
        )
    )
    sign_in()
    portal.client.set_cookie("portal_lang", "en")
    page = html_of(portal.client.get("/student/my-data"))
    section = looked_section(page)
    assert "No staff member has looked at your data." in section
    assert "Geheime taak" not in page
    # Asking for another page of the log does not reach anyone else's either.
    assert "Geheime taak" not in html_of(portal.client.get("/student/my-data?looked=2"))


def test_the_log_comes_a_page_at_a_time_newest_first(portal, sign_in, data):
    student = sign_in()
    desk = data.staff(DESK, "desk")
    start = dt.datetime(2025, 1, 1, 9)
    for i in range(PER_PAGE + 3):
        trail.record(desk, "view:student", [student.person_id], reason=f"taak-{i:02d}", at=start)
    first = looked_section(html_of(portal.client.get("/student/my-data")))
    assert f"taak-{PER_PAGE + 2:02d}" in first and "taak-02" not in first
    assert 'rel="next"' in first and 'rel="prev"' not in first
    second = looked_section(html_of(portal.client.get("/student/my-data?looked=2")))
    assert [f"taak-{i:02d}" in second for i in range(4)] == [True, True, True, False]
    assert 'rel="prev"' in second and 'rel="next"' not in second


def test_my_data_runs_the_same_queries_however_long_the_log(portal, sign_in, data):
    student = sign_in()
    desk = data.staff(DESK, "desk")

    def measure():
        with count_queries() as statements:
            html_of(portal.client.get("/student/my-data"))
        return len(statements)

    trail.record(desk, "view:student", [student.person_id], categories=["identity"])
    once = measure()
    for _ in range(15):
        trail.record(desk, "view:rights_request", [student.person_id], "REF", reason="REF")
    assert measure() == once


def test_a_desk_page_answering_a_failed_form_is_still_audited(sign_in, staff_portal, data):
    from domain.requests import operations as ops

    person, _ = data.student()
    filed = ops.file_request(person.id, "access", {}, language="nl")
    url = f"/desk/requests/{filed.request.reference}"
    html_of(staff_portal.client.get(url))
    # An empty message fails validation: the page comes back (422) with the student's data.
    html_of(staff_portal.post(f"{url}/message", {"message-body": ""}), 422)
    events = list(m.AuditEvent.select().where(m.AuditEvent.person == person.id))
    assert [e.action for e in events] == ["view:rights_request"] * 2
    assert {e.reason for e in events} == {filed.request.reference}
    assert "requests" in events[0].categories and "identity" in events[0].categories
    assert chain.verify().ok


def test_a_delivery_download_records_the_categories_of_the_delivered_fields(app, data):
    from domain.consent import parties
    from domain.consent.vocabulary import GIVEN
    from domain.deliveries.records import delivery_categories

    kivi = parties.ensure_parties()[0]
    graduate = data.person()
    data.degree(graduate, exam_date=dt.date(2024, 7, 15))
    data.choose(graduate.id, kivi.id, GIVEN, dt.datetime(2025, 1, 2, 9))
    data.staff("disclosure", "officer")
    officer = Portal(app.test_client())
    officer.login("officer")
    run = {"year": "2024", "reference_date": "2025-01-15", "action": "run"}
    assert confirm_delivery(officer, "/disclosure/kivi", run).status_code == 303
    file = m.DeliveryFile.get()
    assert officer.client.get(f"/disclosure/files/{file.id}").status_code == 200
    # KIVI receives names and e-mail address, programme and exam date (DOMAIN.md §3).
    expected = {"identity", "contact", "enrolment", "results"}
    assert set(delivery_categories(file.delivery.notice_version.fields)) == expected
    for action in ("run:delivery", "download:delivery_file"):
        event = m.AuditEvent.get(m.AuditEvent.action == action)
        assert event.person_id == graduate.id and event.actor_role == "disclosure"
        assert set(event.categories.split(",")) == expected
    assert chain.verify().ok
