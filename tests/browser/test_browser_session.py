"""htmx requests that fail, in a real browser (issue 12, 1).

After the session has ended, opening a category of My data or clicking a consent button
loads the sign-in page as a whole page (never swapped into the page, never a 400 that
nothing shows), and signing in brings the student back to the page. Any other failed
htmx request (an error status, or no answer at all) is said, translated, in the live
region of base.html.
"""

from __future__ import annotations

import re

import pytest

from tests.browser.support import Watch, quick_sign_in, serve

pytestmark = pytest.mark.browser

LOCALES = {"nl": "nl-NL", "en": "en-GB"}
TEXT = {
    "nl": {
        "ended": "Je sessie is verlopen. Log opnieuw in om verder te gaan.",
        "failed": "Dat is niet gelukt, dus er is niets veranderd. Herlaad de pagina en probeer "
        "het opnieuw.",
        "detail": "Kies ja of nee. Foutcode: 400",
        "unreachable": "Het portaal is niet bereikbaar, dus er is niets veranderd. Controleer je "
        "verbinding en probeer het opnieuw.",
        "close": "Melding sluiten",
        "my_data": "Mijn gegevens",
    },
    "en": {
        "ended": "Your session has ended. Sign in again to continue.",
        "failed": "That did not work, so nothing has changed. Reload the page and try again.",
        "detail": "Choose yes or no. Error code: 400",
        "unreachable": "The portal could not be reached, so nothing has changed. Check your "
        "connection and try again.",
        "close": "Close message",
        "my_data": "My data",
    },
}
STUDENTS = ("expired-nl", "expired-en", "consent-nl", "consent-en", "error-nl", "error-en")


@pytest.fixture(scope="module")
def live_server(tmp_path_factory):
    with serve(tmp_path_factory, _seed) as server:
        server.students = server.seeded
        yield server


def _seed() -> dict[str, str]:
    from domain.consent import parties
    from tests import factories

    parties.ensure_parties()
    return {name: factories.student()[0].student_number for name in STUDENTS}


def signed_in(new_context, live_server, expect, who: str, lang: str):
    context = new_context(locale=LOCALES[lang])
    watch = Watch(context)
    page = watch.page
    page.goto("/auth/login")
    quick_sign_in(page, expect, live_server.students[who])
    return context, watch, page


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_opening_a_category_after_the_session_ended_goes_to_sign_in(
    new_context, live_server, expect, lang
):
    context, watch, page = signed_in(new_context, live_server, expect, f"expired-{lang}", lang)
    page.goto("/student/my-data")
    end_session(page, context)
    link = page.locator("section.category a[hx-get]").first
    with page.expect_response(re.compile(r"/student/my-data/")) as answer:
        link.click()
    assert answer.value.status == 401
    # A whole page load of the sign-in page, not a fragment swapped into My data.
    expect(page).to_have_url(re.compile(r"/auth/login\?next=%2Fstudent%2Fmy-data$"))
    expect(page.locator("#main #username")).to_have_count(1)
    expect(page.locator("section.category")).to_have_count(0)
    expect(page.locator(".flashes")).to_contain_text(TEXT[lang]["ended"])
    quick_sign_in_back(page, expect, live_server.students[f"expired-{lang}"], "/student/my-data")
    expect(page.locator("h1")).to_have_text(TEXT[lang]["my_data"])
    assert watch.csp_violations == [] and watch.foreign_requests == []


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_consent_click_after_the_session_ended_goes_to_sign_in_and_saves_nothing(
    new_context, live_server, expect, lang
):
    context, watch, page = signed_in(new_context, live_server, expect, f"consent-{lang}", lang)
    page.goto("/student/consent/")
    end_session(page, context)
    with page.expect_response(re.compile(r"/student/consent/kivi$")) as answer:
        page.locator("button#give-kivi, button#toggle-kivi").first.click()
    assert answer.value.status == 401
    expect(page).to_have_url(re.compile(r"/auth/login\?next=%2Fstudent%2Fconsent%2F$"))
    expect(page.locator(".flashes")).to_contain_text(TEXT[lang]["ended"])
    quick_sign_in_back(page, expect, live_server.students[f"consent-{lang}"], "/student/consent/")
    expect(page.locator("section#consent-history tbody tr[id^=event-]")).to_have_count(0)
    assert watch.csp_violations == [] and watch.foreign_requests == []


def end_session(page, context) -> None:
    """The session ends: its cookie is gone (after any late answer could set it again)."""
    page.wait_for_load_state("networkidle")
    context.clear_cookies()
    assert context.cookies() == []


def quick_sign_in_back(page, expect, student: str, back_to: str) -> None:
    page.locator("#username").fill(student)
    page.locator("#password").fill("demo")
    page.locator("form.stack button[type=submit]").click()
    expect(page).to_have_url(re.compile(re.escape(back_to) + "$"))


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_failed_htmx_requests_are_said_in_the_live_region(new_context, live_server, expect, lang):
    context, watch, page = signed_in(new_context, live_server, expect, f"error-{lang}", lang)
    page.goto("/student/consent/")
    problem = page.locator("#htmx-problem [aria-live=assertive]")
    close = page.locator("#htmx-problem button.htmx-problem-close")
    expect(problem).to_be_empty()
    expect(close).to_be_hidden()
    button = page.locator("article#party-kivi form.consent-form button").first

    # An error status from the server (a decision it refuses): its message is shown.
    page.locator("article#party-kivi input[name=decision]").first.evaluate(
        "input => { input.value = 'maybe'; }"
    )
    with page.expect_response(re.compile(r"/student/consent/kivi$")) as answer:
        button.click()
    assert answer.value.status == 400
    expect(problem).to_have_text(TEXT[lang]["failed"] + TEXT[lang]["detail"])
    expect(problem.locator("p")).to_have_count(2)
    expect(page.locator("#htmx-problem")).to_be_visible()
    expect(page.locator("#htmx-problem")).to_be_in_viewport()
    expect(close).to_have_text(TEXT[lang]["close"])
    close.click()
    expect(problem).to_be_empty()
    expect(close).to_be_hidden()

    # No answer at all (the network is gone).
    page.route(re.compile(r"/student/consent/kivi$"), lambda route: route.abort())
    button.click()
    expect(problem).to_have_text(TEXT[lang]["unreachable"])
    page.unroute(re.compile(r"/student/consent/kivi$"))

    # The next request that works takes the message away.
    page.locator("article#party-kivi input[name=decision]").first.evaluate(
        "input => { input.value = 'given'; }"
    )
    button.click()
    expect(problem).to_be_empty()
    expect(page.locator("section#consent-history tbody tr[id^=event-]")).to_have_count(1)
    assert watch.csp_violations == [] and watch.foreign_requests == []
