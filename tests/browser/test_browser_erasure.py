"""An erasure request in a real browser: the student files it and sees the plan, ``desk``
proposes, ``desk2`` approves, and the student reads what was erased and what was kept, with
the grounds, in Dutch and in English (issue 10 §3)."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from domain.register.declarations import STUDY_DATA_KEPT
from tests.browser.support import Watch, check_page, serve

pytestmark = pytest.mark.browser

SUMMER = {"nl": "Deelname summer school", "en": "Summer school participation"}
ENROLMENT = {"nl": "Inschrijving", "en": "Enrolment"}


@pytest.fixture(scope="module")
def live_server(tmp_path_factory):
    with serve(tmp_path_factory, _seed) as server:
        yield server


def _seed() -> str:
    from domain.records.models import SummerSchoolParticipation
    from tests import factories

    person, _ = factories.student(first_name="Eva", surname="Mulder")
    factories.enrolment(person, start=dt.date(2020, 9, 1), end=dt.date(2024, 8, 31))
    factories.course_result(person)
    factories.degree(person)
    SummerSchoolParticipation.create(
        person=person,
        title="Zomerschool",
        school_name="Twente Summer School",
        school_ended_on=dt.date(2023, 7, 1),
    )
    factories.staff("desk")
    factories.staff("desk", "desk2")
    return person.student_number


def sign_in(page, expect, username: str) -> None:
    page.goto("/auth/login")
    page.locator("#username").fill(username)
    page.locator("#password").fill("demo")
    page.locator("form.stack button[type=submit]").click()
    expect(page).not_to_have_url(re.compile(r"/auth/login"))


def erased_and_kept(page, expect, lang: str) -> None:
    """The outcome in ``lang``: what was erased, and what was kept with its ground."""
    check_page(page, expect, lang)
    expect(page.locator("#erasure-erased")).to_contain_text(SUMMER[lang])
    kept = page.locator("#erasure-kept")
    expect(kept).to_contain_text(ENROLMENT[lang])
    expect(kept).to_contain_text(STUDY_DATA_KEPT.text().get(lang))


def test_student_files_desk_proposes_desk2_approves_student_reads_the_outcome(
    new_context, live_server, expect
):
    student_number = live_server.seeded
    student = Watch(new_context())
    page = student.page
    sign_in(page, expect, student_number)
    page.goto("/student/requests/new/erasure")
    check_page(page, expect, "nl")
    # Before: the plan, with the law that keeps the study data.
    expect(page.locator("#erasure-erased")).to_contain_text(SUMMER["nl"])
    expect(page.locator("#erasure-kept")).to_contain_text(STUDY_DATA_KEPT.text().nl)
    page.locator("#send-request").click()
    expect(page.locator("#request-sent")).to_be_visible()
    reference = page.locator("h1").inner_text().split()[-1]

    desk = Watch(new_context())
    sign_in(desk.page, expect, "desk")
    desk.page.goto(f"/desk/requests/{reference}")
    check_page(desk.page, expect, "nl")
    expect(desk.page.locator("#erasure-erased")).to_contain_text(SUMMER["nl"])
    desk.page.locator("input[name=outcome][value=partly_granted]").check()
    desk.page.locator("#ground").select_option("art_17_3_b")
    desk.page.locator("#message").fill("Je studiegegevens blijven; de rest is gewist.")
    desk.page.locator("#decide-form button[type=submit]").click()
    expect(desk.page.locator("#proposal")).to_be_visible()

    desk2 = Watch(new_context())
    sign_in(desk2.page, expect, "desk2")
    desk2.page.goto(f"/desk/requests/{reference}")
    desk2.page.locator("#approve-form button").click()
    expect(desk2.page.locator("#request-status")).to_have_text(re.compile("Besloten", re.I))

    page.goto(f"/student/requests/{reference}")
    erased_and_kept(page, expect, "nl")
    expect(page.locator("#decision")).to_contain_text("Je studiegegevens blijven")
    page.get_by_role("button", name="English").click()
    erased_and_kept(page, expect, "en")

    for watch in (student, desk, desk2):
        watch.assert_clean()
