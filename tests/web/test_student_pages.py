"""My data: every visible field with purpose, basis and term; nothing of anyone else."""

import datetime as dt
import re

import pytest

from domain.models import IdentityDocumentCopy
from domain.register import fields_by_category
from tests.support import html_of


@pytest.fixture
def student(sign_in, data):
    person = sign_in(first_name="Anna", surname="Dijk").person
    data.enrolment(person, end=dt.date(2024, 8, 31), reason="graduated")
    data.course_result(person)
    data.degree(person)
    data.counselling(
        person,
        title="Gesprek over planning",
        is_special_category=True,
        content_text="Dyslexie: extra tijd bij tentamens.",
    )
    data.counselling(person, title="Eigen indruk adviseur", is_internal_note=True)
    data.counselling(person, title="Gedeelde notitie", is_internal_note=True, shared_further=True)
    return person


def test_overview_lists_every_category_with_purpose_basis_and_term(portal, student):
    html = html_of(portal.client.get("/student/my-data"))
    assert html.count("<h1") == 1
    for category in fields_by_category():
        assert f'id="cat-{category}"' in html
    assert "Het vastleggen van studieresultaten" in html  # purpose 20, in Dutch
    assert "Wettelijke plicht. Een wet verplicht" in html
    assert "Verwijderen 10 jaar na het einde van je inschrijving" in html


def test_identity_shows_the_student_own_fields(portal, student):
    html = html_of(portal.client.get("/student/my-data/identity"))
    assert student.student_number in html and "Dijk" in html
    assert "28 feb 2003" in html  # date of birth, Dutch format


def test_counselling_hides_internal_notes_and_marks_special_category(portal, student):
    html = html_of(portal.client.get("/student/my-data/guidance"))
    assert "Gesprek over planning" in html
    assert "Gedeelde notitie" in html  # shared further: no longer exempt
    assert "Eigen indruk adviseur" not in html
    assert "bijzonder persoonsgegeven" in html
    # Retention counted from the end of enrolment (31 Aug 2024) + 10 years.
    assert "31 aug 2034" in html


def test_english_page(portal, student):
    portal.client.set_cookie("portal_lang", "en")
    html = html_of(portal.client.get("/student/my-data/results"))
    assert 'lang="en"' in html
    assert "Recording study results and awarding degrees" in html
    assert "Technical Computer Science" in html
    assert "15 Jul 2024" in html  # British English (en_GB)


def test_htmx_request_gets_only_the_category(portal, student):
    response = portal.client.get("/student/my-data/results", headers={"HX-Request": "true"})
    html = html_of(response)
    assert html.lstrip().startswith('<section class="category is-open" id="cat-results"')
    assert "<html" not in html


def test_unknown_category_is_404(portal, student):
    assert portal.client.get("/student/my-data/nonsense").status_code == 404


def test_identity_document_due_date_shown(portal, data, student):
    IdentityDocumentCopy.create(
        person=student,
        title="Paspoort",
        document_type="passport",
        received_on=dt.date(2021, 7, 1),
        processed_on=dt.date(2021, 8, 15),
    )
    html = html_of(portal.client.get("/student/my-data/identity"))
    assert "15 aug 2021" in html


def test_student_cannot_reach_another_students_data(portal, data, student):
    other, _ = data.student(first_name="Bram", surname="Bakker")
    secret = data.counselling(other, title="Bram's gesprek")
    doc = IdentityDocumentCopy.create(
        person=other,
        title="Bram paspoort",
        document_type="passport",
        received_on=dt.date(2024, 1, 1),
        file_name="bram.pdf",
        file_data=b"%PDF-1.4 bram",
    )
    urls = ["/student/", "/student/my-data"]
    urls += [f"/student/my-data/{c}" for c in fields_by_category()]
    urls += [f"/student/my-data?person={other.id}", f"/student/my-data/identity?id={other.id}"]
    for url in urls:
        html = portal.client.get(url).get_data(as_text=True)
        assert "Bakker" not in html and "Bram" not in html, url
    files = "/student/my-data/file"
    assert portal.client.get(f"{files}/IdentityDocumentCopy/{doc.id}").status_code == 404
    assert portal.client.get(f"{files}/CounsellingEntry/{secret.id}").status_code == 404


def test_student_downloads_their_own_file(portal, student):
    doc = IdentityDocumentCopy.create(
        person=student,
        title="Paspoort",
        document_type="passport",
        received_on=dt.date(2024, 1, 1),
        file_name="paspoort.pdf",
        file_data=b"%PDF-1.4 anna",
    )
    response = portal.client.get(f"/student/my-data/file/IdentityDocumentCopy/{doc.id}")
    assert response.status_code == 200 and response.data == b"%PDF-1.4 anna"
    assert "attachment" in response.headers["Content-Disposition"]


def test_staff_cannot_open_student_pages(portal, data):
    data.staff("desk")
    portal.login("desk")
    assert portal.client.get("/student/my-data").status_code == 403


def test_students_cannot_open_admin_pages(portal, student):
    assert portal.client.get("/admin/register").status_code == 403


def test_admin_sees_the_record_of_processing_in_both_languages(portal, data):
    data.staff("admin")
    portal.login("admin")
    nl = html_of(portal.client.get("/admin/register"))
    assert "Register van verwerkingsactiviteiten" in nl and "gerechtvaardigd belang" in nl
    portal.client.set_cookie("portal_lang", "en")
    en = html_of(portal.client.get("/admin/register"))
    assert "Record of processing activities" in en and "legitimate interest" in en
    assert len(re.findall(r"<tr>\s*<th scope=\"row\">", en)) > 100


def test_parts_say_what_the_template_needs_without_model_internals():
    from domain.models import Person
    from domain.register import subject_data

    views = {
        rt.model: subject_data.RecordTypeView(rt, list(fields))
        for c in subject_data.categories()
        for rt, fields in subject_data.category_parts(c)
    }
    assert views[Person].is_the_person and views[Person].model_name == "Person"
    assert not any(v.is_the_person for m, v in views.items() if m is not Person)
    with_files = [v for v in views.values() if any(f.name == "file_data" for f in v.fields)]
    assert with_files
    assert all(f.name != "file_data" for v in with_files for f in v.columns)
