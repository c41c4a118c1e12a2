"""My data in words a student understands: names, not codes or lists of columns (issue 12 §3)."""

import datetime as dt

import pytest

from domain.models import DirectDebitMandate, LegalHold
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


def test_each_row_says_in_one_sentence_where_it_stands(portal, data, student):
    data.record(DirectDebitMandate, student, signed_on=dt.date(2010, 1, 1))
    html = html_of(portal.client.get("/student/my-data/finance"))
    assert "Wordt vannacht verwijderd: de termijn liep af op 1 jan 2019." in html
    LegalHold.create(person=student, reason="Bezwaarprocedure")
    html = html_of(portal.client.get("/student/my-data/finance"))
    assert (
        "Nog bewaard, hoewel de termijn op 1 jan 2019 afliep, vanwege: juridische blokkade." in html
    )
    guidance = html_of(portal.client.get("/student/my-data/guidance"))
    assert "Bewaard tot 31 aug 2034, daarna verwijderd." in guidance


def test_legal_basis_in_a_plain_sentence_and_counts_that_read_naturally(portal, student):
    html = html_of(portal.client.get("/student/my-data"))
    assert "Een wet verplicht de universiteit deze gegevens te verwerken." in html
    assert "(1 vermelding)" in html and "gegeven)" not in html
    assert "De universiteit heeft " in html and " over jou, in " in html
    assert 'id="my-data-summary"' in html


def test_english_pages_use_british_dates_and_mark_dutch_data(portal, student):
    portal.client.set_cookie("portal_lang", "en")
    html = html_of(portal.client.get("/student/my-data/guidance"))
    assert "Kept until 31 Aug 2034, then deleted." in html  # en_GB, not "Aug 31, 2034"
    assert '<span lang="nl">Gesprek over planning</span>' in html
    assert '<html lang="en">' in html
    portal.client.set_cookie("portal_lang", "nl")
    dutch = html_of(portal.client.get("/student/my-data/guidance"))
    assert "Gesprek over planning" in dutch and 'lang="nl">Gesprek' not in dutch


def test_an_opened_category_says_it_is_expanded_and_the_menu_marks_my_data(portal, student):
    closed = html_of(portal.client.get("/student/my-data"))
    assert 'aria-controls="cat-guidance" aria-expanded="false"' in closed
    opened = html_of(portal.client.get("/student/my-data/guidance"))
    section = opened[
        opened.index('id="cat-guidance"') : opened.index(
            "</section>", opened.index('id="cat-guidance"')
        )
    ]
    assert 'aria-controls="cat-guidance" aria-expanded="true"' in section
    assert 'href="/student/my-data" aria-current="page"' in opened
    exports = html_of(portal.client.get("/student/exports"))
    assert 'href="/student/my-data" aria-current="page"' in exports
