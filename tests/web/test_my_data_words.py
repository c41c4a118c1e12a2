"""My data in words a student understands: names, not codes or lists of columns (issue 12 §3)."""

import datetime as dt

import pytest

from tests.support import html_of


@pytest.fixture
def student(sign_in, data):
    person = sign_in(first_name="Anna", surname="Dijk").person
    data.enrolment(person, end=dt.date(2024, 8, 31), reason="graduated")
    data.course_result(person)
    data.counselling(person, title="Gesprek over planning")
    return person


def test_parts_are_headed_by_the_thing_not_by_its_columns(portal, student):
    html = html_of(portal.client.get("/student/my-data"))
    assert "<h3>Je persoonsgegevens</h3>" in html
    assert "<h3>Je privé-e-mailadres, telefoonnummer en adres</h3>" in html
    assert "<h3>Studentnummer, voorletters" not in html
    assert "<h3>Privé-e-mailadres, telefoonnummer, postadres</h3>" not in html
