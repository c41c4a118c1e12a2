"""Every record type on My data is headed as the student's own thing, in both languages."""

import re
from html import unescape

import pytest

from domain.register.subject_data import RecordTypeView, categories, category_parts
from tests.support import html_of


@pytest.fixture
def student(sign_in):
    return sign_in(first_name="Anna", surname="Dijk").person


@pytest.mark.parametrize(("lang", "yours"), [("nl", r"\b(je|jouw|jou)\b"), ("en", r"\byour\b")])
def test_every_heading_on_my_data_is_possessive(portal, student, lang, yours):
    portal.client.set_cookie("portal_lang", lang)
    html = html_of(portal.client.get("/student/my-data"))
    headings = [unescape(h) for h in re.findall(r"<h3>(.*?)</h3>", html, re.S)]
    expected = [
        getattr(RecordTypeView(rt, fields).heading, lang)
        for category in categories()
        for rt, fields in category_parts(category)
    ]
    assert len(headings) == len(expected) > 20
    for shown, heading in zip(headings, expected, strict=True):
        assert shown == heading[0].upper() + heading[1:]
        assert re.search(yours, shown, re.I), shown
    assert "Je kopie van je identiteitsbewijs" in html or lang == "en"
    assert "Your copy of your identity document" in html or lang == "nl"
