"""The consent page in a real browser: one click per party, with and without JavaScript.

With JavaScript the toggle is an htmx post that swaps only the party's row (and, out of
band, the live region and the history); focus returns to the party's new button. Without
JavaScript the same button is an ordinary form post answered by a redirect to the
confirmation in the party's card, which the anchor focuses. Fixtures and helpers are
shared with tests/browser/test_browser.py through tests/browser/conftest.py and
tests/browser/support.py; this module serves its own data: the three seeded parties and a
student per test, so each test starts with no choice recorded and the tests run in any
order.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.browser.support import (
    Watch,
    assert_visibly_outlined,
    check_page,
    quick_sign_in,
    serve,
    tab_to,
)

pytestmark = pytest.mark.browser

PAGE = "/student/consent/"
SCREENSHOT = Path("/tmp/portal-consent.png")
LOCALES = {"nl": "nl-NL", "en": "en-GB"}
# What the page says, per language (the Dutch is the catalogue's translation).
TEXT = {
    "nl": {
        "title": "Toestemming voor externe partijen",
        "kivi": "KIVI (Koninklijk Instituut van Ingenieurs)",
        "give": "Toestemming geven aan {party}",
        "withdraw": "Toestemming voor {party} intrekken",
        "no_choice": "je hebt geen keuze gemaakt; dat telt als nee",
        "yes": "ja, je geeft toestemming",
        "no": "nee, je geeft geen toestemming",
        "saved_given": "Opgeslagen: je geeft toestemming om je gegevens te delen met {party}.",
        "saved_withdrawn": "Opgeslagen: je geeft geen toestemming om je gegevens te delen met "
        "{party}.",
        "no_history": "Je hebt nog geen keuze gemaakt.",
        "decision_given": "toestemming gegeven",
        "decision_withdrawn": "toestemming ingetrokken",
        "controller": "Universiteit Twente",
        "channel": "via het portaal",
    },
    "en": {
        "title": "Consent for external parties",
        "kivi": "KIVI (Royal Netherlands Society of Engineers)",
        "give": "Give consent for {party}",
        "withdraw": "Withdraw consent for {party}",
        "no_choice": "you have not made a choice, which counts as no",
        "yes": "yes, you consent",
        "no": "no, you do not consent",
        "saved_given": "Saved: you consent to sharing your data with {party}.",
        "saved_withdrawn": "Saved: you do not consent to sharing your data with {party}.",
        "no_history": "You have not made any choice yet.",
        "decision_given": "consent given",
        "decision_withdrawn": "consent withdrawn",
        "controller": "University of Twente",
        "channel": "through the portal",
    },
}
STUDENTS = ("js-nl", "js-en", "nojs-nl", "nojs-en", "keyboard", "watched")
PARTY_KEYS = ("kivi", "schools", "bedrijvendagen", "nse-second-email")  # those asking consent


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def live_server(tmp_path_factory):
    """The portal with the seed's parties and one student per test (password ``demo``).

    ``live_server.students`` maps each name of STUDENTS to a student number.
    """
    with serve(tmp_path_factory, _seed) as server:
        server.students = server.seeded
        yield server


def _seed() -> dict[str, str]:
    from domain.consent import parties
    from tests import factories

    made = parties.ensure_parties()
    assert [p.key for p in made if parties.asks_consent(p.key)] == list(PARTY_KEYS)
    return {
        name: factories.student(first_name="Anna", surname="Dijk")[0].student_number
        for name in STUDENTS
    }


# --------------------------------------------------------------------------- helpers


def open_consent_page(page, expect, student: str, lang: str) -> None:
    page.goto("/auth/login")
    quick_sign_in(page, expect, student)
    page.goto(PAGE)
    check_page(page, expect, lang)
    expect(page.locator("h1")).to_have_text(TEXT[lang]["title"])


def state(page, key: str):
    return page.locator(f"article#party-{key} p#party-{key}-state")


def toggle(page, key: str):
    return page.locator(f"article#party-{key} button#toggle-{key}")


def history_rows(page):
    return page.locator("section#consent-history tbody tr[id^=event-]")


def expect_no_choice(page, expect, key: str, lang: str) -> None:
    """No choice recorded counts as no, and says so."""
    expect(state(page, key)).to_have_attribute("data-state", "no")
    expect(state(page, key)).to_contain_text(TEXT[lang]["no"])
    expect(state(page, key)).to_contain_text(TEXT[lang]["no_choice"])
    expect(page.locator("section#consent-history")).to_contain_text(TEXT[lang]["no_history"])
    expect(history_rows(page)).to_have_count(0)


def expect_choice(page, expect, key: str, lang: str, consented: bool, party: str) -> None:
    """The row shows the choice, and its one button offers the opposite."""
    expect(state(page, key)).to_have_attribute("data-state", "yes" if consented else "no")
    expect(state(page, key)).to_contain_text(TEXT[lang]["yes" if consented else "no"])
    expect(state(page, key)).not_to_contain_text(TEXT[lang]["no_choice"])
    label = TEXT[lang]["withdraw" if consented else "give"].format(party=party)
    expect(toggle(page, key)).to_have_text(label)
    expect(page.locator(f"article#party-{key}")).to_have_count(1)


def expect_newest_event(page, expect, lang: str, count: int, consented: bool, party: str) -> str:
    """The history has ``count`` rows, the newest first; return its record id."""
    rows = history_rows(page)
    expect(rows).to_have_count(count)
    newest = rows.first
    expect(newest).to_contain_text(party)
    expect(newest).to_contain_text(
        TEXT[lang]["decision_given" if consented else "decision_withdrawn"]
    )
    expect(newest).to_contain_text(TEXT[lang]["channel"])
    return newest.get_attribute("id").removeprefix("event-")


def receipt_link(page, record_id: str):
    link = page.locator(f"tr#event-{record_id} a[href$='/receipts/{record_id}.json']")
    assert link.get_attribute("href") == f"/student/consent/receipts/{record_id}.json"
    return link


def check_receipt(receipt: dict, *, record_id: str, student: str, lang: str, base_url: str) -> None:
    """The fields of an ISO/IEC TS 27560 consent record, as domain.receipts writes them."""
    from domain.consent.receipts import SCHEMA

    assert receipt["schema"] == SCHEMA
    assert receipt["record_id"] == record_id
    assert receipt["pii_principal_id"] == student
    assert receipt["pii_controller"]["name"] == TEXT[lang]["controller"]
    assert receipt["pii_controller"]["contact"]
    notice = receipt["notice"]
    assert notice["id"] == "kivi/v1" and notice["version"] == 1
    assert notice["language"] == lang and notice["title"] == TEXT[lang]["kivi"]
    assert notice["text"] and re.fullmatch(r"\d{4}-\d\d-\d\dT[\d:.]+Z", notice["published_at"])
    assert receipt["purpose"]
    assert [f["id"] for f in receipt["data_fields"]] == [
        "first_name",
        "surname",
        "university_email",
        "programme",
        "exam_date",
    ]
    assert all(f["label"] for f in receipt["data_fields"])
    assert receipt["recipient"]["id"] == "kivi"
    assert receipt["recipient"]["name"] == TEXT[lang]["kivi"]
    assert receipt["legal_basis"]["id"] == "consent"
    assert receipt["legal_basis"]["reference"] == "GDPR Art. 6(1)(a), Art. 7"
    event = receipt["event"]
    assert event["type"] == "consent_withdrawn"
    assert event["label"] == TEXT[lang]["decision_withdrawn"]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT[\d:.]+Z", event["time"])
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT[\d:.]+\+0[12]:00", event["local_time"])
    assert event["channel"] == "web" and event["channel_label"] == TEXT[lang]["channel"]
    assert event["recorded_by"] == "pii_principal"
    assert receipt["withdrawal"]["method"]
    assert receipt["withdrawal"]["url"] == base_url + PAGE


def htmx_click(page, key: str, button=None):
    """Click (or run ``button``) and return the htmx request the toggle made."""
    with page.expect_response(re.compile(rf"{PAGE}{key}$")) as answer:
        (button or toggle(page, key).click)()
    response = answer.value
    assert response.request.method == "POST" and response.status == 200, response.status
    assert response.request.headers.get("hx-request") == "true"
    return response


# --------------------------------------------------------------------------- tests


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_with_javascript_one_click_swaps_the_row_in_place(new_context, live_server, expect, lang):
    watch = Watch(new_context(locale=LOCALES[lang]))
    page = watch.page
    student = live_server.students[f"js-{lang}"]
    kivi = TEXT[lang]["kivi"]
    open_consent_page(page, expect, student, lang)
    expect_no_choice(page, expect, "kivi", lang)
    status = page.locator("div#consent-status[role=status][aria-live=polite]")
    expect(status).to_have_count(1)
    expect(status).to_have_text("")

    page.evaluate("window.__marker = 1")
    loads = len(watch.visited)

    # Give consent: only the row, the live region and the history change.
    htmx_click(page, "kivi")
    expect_choice(page, expect, "kivi", lang, True, kivi)
    expect(toggle(page, "kivi")).to_be_focused()
    expect(toggle(page, "kivi")).not_to_have_attribute("data-focus-after-swap", "")
    expect(status).to_have_text(TEXT[lang]["saved_given"].format(party=kivi))
    expect_newest_event(page, expect, lang, 1, True, kivi)
    for other in ("schools", "bedrijvendagen"):
        expect(state(page, other)).to_have_attribute("data-state", "no")
    check_page(page, expect, lang)
    expect(page.locator("section#consent-history")).to_have_count(1)  # replaced, not nested
    expect(page).to_have_url(re.compile(rf"{PAGE}$"))
    if lang == "en":
        page.screenshot(path=str(SCREENSHOT), full_page=True)

    # Withdraw with the same one button: back to no, with a second history row.
    htmx_click(page, "kivi")
    expect_choice(page, expect, "kivi", lang, False, kivi)
    expect(toggle(page, "kivi")).to_be_focused()
    expect(status).to_have_text(TEXT[lang]["saved_withdrawn"].format(party=kivi))
    record_id = expect_newest_event(page, expect, lang, 2, False, kivi)
    check_page(page, expect, lang)

    assert page.evaluate("window.__marker") == 1, "the page was reloaded, not swapped"
    assert watch.visited[loads:] == [], "a toggle loaded a whole page"

    # The receipt of the withdrawal, downloaded through its link.
    with page.expect_download() as download_info:
        receipt_link(page, record_id).click()
    download = download_info.value
    assert download.suggested_filename == f"consent-receipt-{record_id}.json"
    receipt = json.loads(Path(download.path()).read_text(encoding="utf-8"))
    check_receipt(
        receipt, record_id=record_id, student=student, lang=lang, base_url=live_server.url
    )

    # After a reload the server tells the same story.
    page.reload()
    expect_choice(page, expect, "kivi", lang, False, kivi)
    expect_newest_event(page, expect, lang, 2, False, kivi)
    watch.assert_clean()


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_without_javascript_the_toggle_is_a_form_post(new_context, live_server, expect, lang):
    context = new_context(locale=LOCALES[lang], java_script_enabled=False)
    watch = Watch(context)
    page = watch.page
    student = live_server.students[f"nojs-{lang}"]
    kivi = TEXT[lang]["kivi"]
    open_consent_page(page, expect, student, lang)
    expect_no_choice(page, expect, "kivi", lang)
    flashes = page.locator("main .flashes[role=status]")
    expect(flashes).to_have_count(0)

    for count, consented in ((1, True), (2, False)):
        loads = len(watch.visited)
        with page.expect_request(re.compile(rf"{PAGE}kivi$")) as posted:
            toggle(page, "kivi").click()
        request = posted.value
        assert request.method == "POST" and "hx-request" not in request.headers
        assert "csrf_token=" in (request.post_data or "")
        expect(page).to_have_url(re.compile(rf"{PAGE}#party-kivi-saved$"))
        assert request.response().status == 303
        assert len(watch.visited) == loads + 1, "the post did not load the page again"
        check_page(page, expect, lang)
        expect_choice(page, expect, "kivi", lang, consented, kivi)
        message = TEXT[lang]["saved_given" if consented else "saved_withdrawn"]
        # Confirmed in KIVI's card, which the anchor scrolls to and focuses; not at the top.
        confirmation = page.locator("#party-kivi #party-kivi-saved")
        expect(confirmation).to_have_text(message.format(party=kivi))
        expect(confirmation).to_be_focused()
        expect(flashes).to_have_count(0)
        expect(page.locator("div#consent-status")).to_have_text("")  # for htmx only
        record_id = expect_newest_event(page, expect, lang, count, consented, kivi)

    # The confirmation is shown once.
    page.reload()
    expect(page.locator("#party-kivi-saved")).to_have_count(0)
    expect_choice(page, expect, "kivi", lang, False, kivi)

    answer = context.request.get(receipt_link(page, record_id).get_attribute("href"))
    assert answer.status == 200
    assert answer.headers["content-type"].startswith("application/json")
    assert "attachment" in answer.headers["content-disposition"]
    check_receipt(
        answer.json(), record_id=record_id, student=student, lang=lang, base_url=live_server.url
    )
    watch.assert_clean()


def test_keyboard_only(new_context, live_server, expect):
    page = new_context().new_page()
    name = "Middelbare scholen (studievoortgang oud-leerlingen)"
    open_consent_page(page, expect, live_server.students["keyboard"], "nl")
    page.locator("main").focus()

    button = toggle(page, "schools")
    tab_to(page, button)
    assert_visibly_outlined(page)

    # Enter gives consent; focus stays on the party's (new) button, visibly.
    htmx_click(page, "schools", lambda: page.keyboard.press("Enter"))
    expect_choice(page, expect, "schools", "nl", True, name)
    expect(button).to_be_focused()
    assert_visibly_outlined(page)

    # Space withdraws it again, from where focus already is.
    htmx_click(page, "schools", lambda: page.keyboard.press(" "))
    expect_choice(page, expect, "schools", "nl", False, name)
    expect(button).to_be_focused()
    assert_visibly_outlined(page)
    expect(page.locator("#consent-status")).to_have_text(
        TEXT["nl"]["saved_withdrawn"].format(party=name)
    )

    # Onward from the button: the next stop is after the party's row, not the page top.
    page.keyboard.press("Tab")
    assert page.evaluate("""() => {
        const row = document.getElementById('party-schools');
        return !row.contains(document.activeElement)
            && !!(row.compareDocumentPosition(document.activeElement)
                  & Node.DOCUMENT_POSITION_FOLLOWING);
    }""")
    assert_visibly_outlined(page)


def test_no_console_errors_or_csp_violations_and_one_h1(new_context, live_server, expect):
    """Every party on and off again in place, watched; one h1 after every swap."""
    watch = Watch(new_context(locale="en-GB"))
    page = watch.page
    open_consent_page(page, expect, live_server.students["watched"], "en")
    loads = len(watch.visited)
    events = 0
    for key in PARTY_KEYS:
        for consented in (True, False):
            htmx_click(page, key)
            events += 1
            expect(state(page, key)).to_have_attribute("data-state", "yes" if consented else "no")
            expect(toggle(page, key)).to_be_focused()
            expect(history_rows(page)).to_have_count(events)
            check_page(page, expect, "en")
            for single in (
                "#consent-status",
                "section#consent-history",
                "section#consent-disclosed",
                f"article#party-{key}",
            ):
                expect(page.locator(single)).to_have_count(1)
    assert watch.visited[loads:] == []
    watch.assert_clean()
