"""Every page, as every role, in both languages: no sideways scrolling at 320 CSS px.

WCAG 1.4.10 Reflow (issue 12, 2): at a width of 320 CSS pixels no page may need
horizontal scrolling; long tables scroll inside their own labelled region instead. The
pages are found by following links (tests/browser/pages.py), on the demo data of
domain/demo plus one delivery and one retention run, so list and detail pages have rows.
One browser context per role and language.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest

from tests.browser.axe import add_axe, violations
from tests.browser.pages import Visit, crawl
from tests.browser.support import Watch, serve

pytestmark = pytest.mark.browser

TODAY = dt.date(2026, 11, 23)
LOCALES = {"nl": "nl-NL", "en": "en-GB"}
STAFF = ("desk", "disclosure", "counsellor", "admin")
ROLES = ("student", *STAFF)
NARROW = {"width": 320, "height": 640}
WIDE = {"width": 1280, "height": 900}


@pytest.fixture(scope="module")
def live_server(tmp_path_factory):
    with serve(tmp_path_factory, _seed) as server:
        server.usernames = {"student": server.seeded, **{role: role for role in STAFF}}
        yield server


def _seed() -> str:
    """The demo data, a KIVI delivery and a retention dry run; return a student to be."""
    from domain.accounts.models import Account
    from domain.deliveries import records as deliveries
    from domain.deliveries.kivi import plan_kivi
    from domain.demo import people as demo
    from domain.demo.consent import seed_consent
    from domain.demo.requests import seed_requests
    from domain.requests.models import RightsRequest
    from domain.retention import engine

    demo.seed(30, 2026, TODAY)
    seed_consent(2026, TODAY)
    seed_requests(2026, TODAY)
    deliveries.run(plan_kivi(2025, dt.date(2026, 1, 15), TODAY), None, "cli")
    engine.run(TODAY, dry_run=True, pseudonym_key="browser-test")
    # A student with a rights request, so that their request pages have content.
    asked = RightsRequest.select(RightsRequest.person).order_by(RightsRequest.id).first()
    return Account.get(Account.person == asked.person).username


def sign_in(page, expect, username: str) -> None:
    page.goto("/auth/login")
    page.locator("#username").fill(username)
    page.locator("#password").fill("demo")
    page.locator("form.stack button[type=submit]").click()
    expect(page).not_to_have_url(re.compile(r"/auth/login"))


def open_as(new_context, live_server, expect, role: str | None, lang: str, viewport=NARROW):
    """A page signed in as ``role`` (None: nobody) in ``lang``, and its watch."""
    context = new_context(locale=LOCALES[lang], viewport=viewport)
    watch = Watch(context)
    add_axe(context)
    if role is not None:
        sign_in(watch.page, expect, live_server.usernames[role])
    return watch.page, watch


def every_page(page, expect, role: str | None, lang: str):
    """Open each page ``role`` reaches (nobody: the sign-in page); yield each visit."""
    if role is None:
        page.goto("/auth/login")
        yield Visit("/auth/login", "/auth/login")
        return
    start = re.sub(r"^https?://[^/]+", "", page.url)
    for visit in crawl(page, start, role):
        expect(page.locator("html")).to_have_attribute("lang", lang)
        yield visit


def scroll_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def check_table_hints(page, expect) -> list[str]:
    """A table wider than the screen has a visible hint, which describes its region."""
    wide = []
    wraps = page.locator(".table-wrap")
    for i in range(wraps.count()):
        wrap = wraps.nth(i)
        expect(wrap).to_have_attribute("role", "region")
        expect(wrap).to_have_attribute("tabindex", "0")
        assert wrap.get_attribute("aria-label") or wrap.get_attribute("aria-labelledby")
        # A table folded away in a closed <details> is measured when it is opened.
        if wrap.is_visible() and wrap.evaluate("el => el.scrollWidth > el.clientWidth + 1"):
            # The page measures again when the region's size changes (a message above it,
            # a scroll bar): wait for that, as a reader would see it a moment later.
            expect(wrap).to_have_attribute("aria-describedby", re.compile(r"table-hint-\d+"))
            hint = page.locator(f"#{wrap.get_attribute('aria-describedby').split()[-1]}")
            expect(hint).to_be_visible()
            expect(hint).to_have_class("table-hint")
            wide.append(page.url)
    return wide


def sticking_out(page) -> list[str]:
    """The innermost elements whose right edge is past the viewport, to say what to fix."""
    return page.evaluate("""() => {
        const width = document.documentElement.clientWidth, found = [];
        for (const el of document.querySelectorAll("body *")) {
            if (el.getBoundingClientRect().right <= width + 0.5) continue;
            if ([...el.children].some(c => c.getBoundingClientRect().right > width + 0.5)) continue;
            if (el.closest(".table-wrap, .skip-link")) continue;
            const name = el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
                + (el.className && typeof el.className === "string"
                   ? "." + el.className.trim().split(/\\s+/).join(".") : "");
            found.push(name + " " + JSON.stringify(el.textContent.trim().slice(0, 40)));
        }
        return found.slice(0, 8);
    }""")


def check_shown(page, expect, url: str, found: dict, too_wide: dict) -> list[str]:
    """Axe at 1280 px, then at 320 px axe, sideways scrolling and table hints.

    Returns the pages where a table was wider than the screen (and had its hint).
    """
    page.set_viewport_size(WIDE)
    problems = violations(page)
    if problems:
        found[f"{url} at 1280 px"] = problems
    page.set_viewport_size(NARROW)
    width = scroll_width(page)
    if width > NARROW["width"]:
        too_wide[url] = (width, sticking_out(page))
    hinted = check_table_hints(page, expect)
    problems = violations(page)
    if problems:
        found[f"{url} at 320 px"] = problems
    page.set_viewport_size(WIDE)
    return hinted


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("role", [None, *ROLES])
def test_every_page_reflows_at_320_px_and_passes_axe(new_context, live_server, expect, role, lang):
    """No page scrolls sideways at 320 px (WCAG 1.4.10); axe finds nothing at 1280 or 320 px."""
    found, too_wide, kinds, hinted = {}, {}, [], []
    page, watch = open_as(new_context, live_server, expect, role, lang, viewport=WIDE)
    for visit in every_page(page, expect, role, lang):
        kinds.append(visit.kind)
        hinted += check_shown(page, expect, visit.url, found, too_wide)
    assert too_wide == {}, too_wide
    assert found == {}, found
    assert watch.csp_violations == [] and watch.console_errors == []
    if role == "student":
        assert "/student/my-data/identity" in kinds  # an opened category
    if role is not None:
        assert len(kinds) >= 2, kinds
    if role in ("student", "admin"):
        assert hinted, "no page of this role had a table wider than the screen"


def checked(page, expect, url: str, state: str) -> tuple[dict, dict]:
    """Run ``check_shown`` on the state the page is in now; return what it found."""
    found, too_wide = {}, {}
    check_shown(page, expect, f"{url} ({state})", found, too_wide)
    return found, too_wide


def submit_empty(page, expect, url: str, form: str = "main form.stack") -> None:
    page.goto(url)
    page.locator(f"{form} button[type=submit]").last.click()
    expect(page.locator(".error-summary")).to_be_visible()


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_student_s_states_reflow_and_pass_axe(new_context, live_server, expect, lang):
    """An opened category, a consent click, a failed htmx request and a form with errors."""
    page, watch = open_as(new_context, live_server, expect, "student", lang, viewport=WIDE)
    results = []

    page.goto("/student/my-data")
    page.locator("section.category a[hx-get]").first.click()
    # "Who looked at my data" is always shown open; the check is on the categories (cat-*),
    # or it would pass before the click's answer arrived.
    expect(page.locator("section.category.is-open[id^=cat-]")).to_have_count(1)
    results.append(checked(page, expect, "/student/my-data", "a category opened in place"))

    page.goto("/student/consent/")
    status = page.locator("#consent-status")
    page.locator("article#party-kivi form.consent-form button").first.click()
    expect(status).not_to_be_empty()
    results.append(checked(page, expect, "/student/consent/", "after a consent click"))

    page.locator("article#party-kivi input[name=decision]").first.evaluate(
        "input => { input.value = 'maybe'; }"
    )
    page.locator("article#party-kivi form.consent-form button").first.click()
    expect(page.locator("#htmx-problem p").first).to_be_visible()
    results.append(checked(page, expect, "/student/consent/", "a failed htmx request"))

    submit_empty(page, expect, "/student/requests/new/rectification")
    results.append(checked(page, expect, "/student/requests/new/rectification", "form errors"))

    assert [r for r in results if r != ({}, {})] == []
    assert watch.csp_violations == []


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_staff_forms_with_errors_reflow_and_pass_axe(new_context, live_server, expect, lang):
    """The sign-in, filing, party and look-up forms with errors, and a student looked up."""
    results = []
    page, _ = open_as(new_context, live_server, expect, None, lang, viewport=WIDE)
    submit_empty(page, expect, "/auth/login")
    results.append(checked(page, expect, "/auth/login", "form errors"))

    for role, url in (("desk", "/desk/new"), ("admin", "/admin/parties/new")):
        page, _ = open_as(new_context, live_server, expect, role, lang, viewport=WIDE)
        submit_empty(page, expect, url, form="main form")
        results.append(checked(page, expect, url, "form errors"))

    page, _ = open_as(new_context, live_server, expect, "counsellor", lang, viewport=WIDE)
    submit_empty(page, expect, "/staff/student", form="#lookup-form")
    results.append(checked(page, expect, "/staff/student", "form errors"))
    page.locator("#lookup-form input[name=student_number]").fill(live_server.usernames["student"])
    page.locator("#lookup-form input[name=reason]").fill("Gesprek over de studievoortgang")
    page.locator("#lookup-form button[type=submit]").click()
    expect(page.locator("#student-data")).to_be_visible()
    results.append(checked(page, expect, "/staff/student", "a student looked up"))

    assert [r for r in results if r != ({}, {})] == []
