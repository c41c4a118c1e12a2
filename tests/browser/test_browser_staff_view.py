"""A study adviser looks up a student by keyboard; the student then sees who looked.

English pages (the catalogue's Dutch for these texts comes with the translations).
"""

from __future__ import annotations

import re

import pytest

from tests.browser.support import Watch, check_page, quick_sign_in, serve, tab_to

pytestmark = pytest.mark.browser

CONTENT = "Verklaring dyslexie besproken"  # special category: for the counsellor only
REASON = "Afspraak over studievertraging"


@pytest.fixture(scope="module")
def live_server(tmp_path_factory):
    """A student with a counselling entry, and a counsellor (password ``demo``)."""
    with serve(tmp_path_factory, _seed) as server:
        yield server


def _seed() -> str:
    from tests import factories

    person, _ = factories.student(first_name="Sanne", surname="Bakker")
    factories.counselling(person, content_text=CONTENT, is_special_category=True)
    factories.staff("counsellor")
    return person.student_number


def test_a_counsellor_looks_up_a_student_and_the_student_sees_it(new_context, live_server, expect):
    student = live_server.seeded
    watch = Watch(new_context(locale="en-GB"))
    page = watch.page
    page.goto("/auth/login")
    page.locator("#username").fill("counsellor")
    page.locator("#password").fill("demo")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/$"))
    page.goto("/staff/student")
    check_page(page, expect, "en")
    expect(page.locator("#student-data")).to_have_count(0)

    # Keyboard only: the number field has focus; tab to the reason; Enter submits.
    expect(page.locator("#student_number")).to_be_focused()
    page.keyboard.type(student)
    tab_to(page, page.locator("#reason"))
    page.keyboard.type(REASON)
    page.keyboard.press("Enter")
    expect(page.locator("#student-h")).to_have_text(f"Student {student}")
    check_page(page, expect, "en")
    expect(page.locator("#cat-guidance")).to_contain_text(CONTENT)
    expect(page.locator("#cat-guidance")).to_contain_text("special category")
    watch.assert_clean()

    watch = Watch(new_context(locale="en-GB"))
    page = watch.page
    page.goto("/auth/login")
    quick_sign_in(page, expect, student)
    page.goto("/student/my-data")
    check_page(page, expect, "en")
    looked = page.locator("section#looked")
    expect(looked.locator("h2")).to_have_text("Who looked at my data")
    row = looked.locator("tbody tr")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Study adviser / student counsellor")
    expect(row).to_contain_text("Student counselling")
    expect(row).to_contain_text(REASON)
    watch.assert_clean()
