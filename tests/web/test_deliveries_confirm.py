"""Making a delivery in two steps: preview with the counts, then one confirmation, once."""

import datetime as dt
import html as html_module
import re

import pytest

from domain.consent import parties
from domain.consent.vocabulary import GIVEN, WITHDRAWN
from domain.core import clock
from domain.core.academic_year import academic_year_of
from domain.models import Delivery, Disclosure
from tests import factories
from tests.support import confirm_delivery, html_of

KIVI = "/disclosure/kivi"
ASKED = {"year": "2024", "reference_date": "2025-01-15"}


@pytest.fixture
def officer(portal, sign_in):
    parties.ensure_parties()
    sign_in("disclosure")
    return portal


@pytest.fixture
def graduates(data):
    kivi = parties.party_by_key("kivi")
    made = []
    for number in ("s3000001", "s3000002"):
        p = factories.person(student_number=number)
        factories.degree(p, exam_date=dt.date(2024, 7, 15))
        factories.choose(p.id, kivi.id, GIVEN, dt.datetime(2025, 1, 2, 9))
        made.append(p)
    return made


def hidden(page: str, name: str) -> str:
    return html_module.unescape(re.search(rf'name="{name}" value="([^"]*)"', page).group(1))


def preview(officer, values=ASKED) -> str:
    return html_of(officer.post(KIVI, {**values, "action": "preview"}))


def confirm(officer, page: str, values=ASKED):
    return officer.post(
        KIVI,
        {
            **values,
            "action": "run",
            "run_token": hidden(page, "run_token"),
            "previewed": hidden(page, "previewed"),
        },
    )


def test_the_preview_asks_for_confirmation_with_the_count(officer, graduates):
    page = preview(officer)
    assert 'id="run-form"' in page and 'id="run-button"' in page
    assert re.search(r'id="confirm-text">[^<]*\b2\b', page)
    assert len(hidden(page, "run_token")) >= 20
    assert Delivery.select().count() == 0


def test_a_run_without_the_previews_token_only_previews(officer, graduates):
    page = html_of(officer.post(KIVI, {**ASKED, "action": "run"}))
    assert 'id="run-form"' in page
    assert Delivery.select().count() == 0 and Disclosure.select().count() == 0


def test_each_preview_hands_out_a_new_token(officer, graduates):
    assert hidden(preview(officer), "run_token") != hidden(preview(officer), "run_token")


def test_the_same_confirmation_twice_makes_one_delivery(officer, graduates):
    page = preview(officer)
    first = confirm(officer, page)
    assert first.status_code == 303
    (delivery,) = Delivery.select()
    assert delivery.run_token == hidden(page, "run_token")
    again = confirm(officer, page)
    assert again.status_code == 303
    assert again.headers["Location"] == first.headers["Location"]
    assert Delivery.select().count() == 1 and Disclosure.select().count() == 2
    shown = html_of(officer.client.get(again.headers["Location"]))
    assert "niet nog een keer gemaakt" in shown


def test_a_forged_token_is_refused(officer, graduates):
    page = preview(officer)
    response = officer.post(
        KIVI, {**ASKED, "action": "run", "run_token": "<script>", "previewed": "x"}
    )
    refused = html_of(response, 422)
    assert "Deze bevestiging is niet geldig" in refused and "Run Token" not in refused
    assert Delivery.select().count() == 0
    assert confirm(officer, page).status_code == 303


def test_counts_that_changed_since_the_preview_are_shown_again(officer, graduates):
    page = preview(officer)
    kivi = parties.party_by_key("kivi")
    factories.choose(graduates[0].id, kivi.id, WITHDRAWN, dt.datetime(2025, 2, 1, 9))
    changed = officer.post(
        KIVI,
        {
            **ASKED,
            "action": "run",
            "run_token": hidden(page, "run_token"),
            "previewed": hidden(page, "previewed"),
        },
    )
    again = html_of(changed, 409)
    assert 'id="preview-changed"' in again and 'id="count-withdrawn">1<' in again
    assert Delivery.select().count() == 0
    assert confirm(officer, again).status_code == 303
    assert Delivery.get().person_count == 1


def test_a_repeat_of_party_year_and_reference_date_is_warned_about(officer, graduates):
    assert 'id="preview-repeat"' not in preview(officer)
    made = confirm_delivery(officer, KIVI, ASKED)
    delivery = Delivery.get()
    page = preview(officer)
    assert 'id="preview-repeat"' in page
    assert f'href="/disclosure/deliveries/{delivery.id}"' in page
    assert made.status_code == 303
    # Another year, or another reference date: no warning.
    assert 'id="preview-repeat"' not in preview(officer, {**ASKED, "year": "2023"})
    assert 'id="preview-repeat"' not in preview(officer, {**ASKED, "reference_date": "2025-01-16"})


def test_the_form_starts_with_the_year_filled_in(officer):
    today = clock.local_today()
    kivi = html_of(officer.client.get(KIVI))
    assert re.search(rf'name="year"[^>]*value="{today.year - 1}"', kivi)
    schools = html_of(officer.client.get("/disclosure/schools"))
    assert re.search(rf'name="cohort"[^>]*value="{academic_year_of(today) - 1}"', schools)


def test_one_word_for_the_activity_in_menu_title_and_role(officer):
    page = html_of(officer.client.get(KIVI))
    # The menu entry stays current on a delivery's own page.
    assert re.search(r'aria-current="page">Leveringen<', page)
    assert "<title>Levering aan KIVI" in page
    home = html_of(officer.client.get("/"))
    assert "medewerker leveringen" in home and "verstrekking" not in home.lower()


def test_the_error_summary_links_to_each_wrong_field(officer, graduates):
    page = html_of(officer.post("/disclosure/schools", {"action": "preview"}), 422)
    summary = page.split('error-summary"')[1].split("</div>")[0]
    assert 'href="#cohort"' in summary and 'href="#reference_date"' in summary
    assert re.search(r'id="cohort"', page) and 'aria-invalid="true"' in page
