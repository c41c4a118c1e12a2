"""The portal in a real browser: headless Chromium driven by Playwright.

One live server per module (werkzeug, threaded, on a temporary SQLite file) and one
browser per module; every test opens its own browser context, so cookies and sessions
never leak from one test into another and the tests run in any order.

Chromium is Debian's (``/usr/bin/chromium``, or ``$PORTAL_CHROMIUM``); Playwright never
downloads a browser here. Without Playwright or Chromium the tests are skipped with the
reason, except under ``CI=true``, where they fail: CI must run them. The fixtures shared
with the other browser tests are in tests/browser/conftest.py, the helpers in
tests/browser/support.py.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from tests.browser.support import (
    FAVICON,
    Watch,
    assert_visibly_outlined,
    check_page,
    quick_sign_in,
    serve,
    tab_to,
)

pytestmark = pytest.mark.browser

SCREENSHOT_MY_DATA = Path("/tmp/portal-my-data.png")
SCREENSHOT_LOGIN = Path("/tmp/portal-login.png")
COURSE = "Programmeren 1"


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def live_server(tmp_path_factory):
    """The portal served over HTTP from a migrated SQLite file with one student's data.

    Yields a namespace with ``url`` and ``student`` (the student number; password ``demo``).
    """
    with serve(tmp_path_factory, _seed) as server:
        server.student = server.seeded
        yield server


def _seed() -> str:
    from tests import factories

    person, _ = factories.student(first_name="Anna", surname="Dijk")
    factories.enrolment(person, end=dt.date(2024, 8, 31), reason="graduated")
    factories.course_result(person, name=COURSE)
    factories.course_result(
        person, code="202000002", name="Calculus 1A", grade="6.8", date=dt.date(2022, 4, 8)
    )
    factories.degree(person)
    factories.counselling(person, title="Gesprek over planning")
    return person.student_number


# --------------------------------------------------------------------------- helpers


def sign_in(page, expect, student: str, *, screenshot: Path | None = None) -> None:
    page.goto("/auth/login")
    check_page(page, expect, "nl")
    expect(page.locator("h1")).to_have_text("Inloggen")
    if screenshot:
        page.screenshot(path=str(screenshot), full_page=True)
    page.get_by_label("Studentnummer of gebruikersnaam").fill(student)
    page.get_by_label("Wachtwoord").fill("demo")
    page.get_by_role("button", name="Inloggen").click()
    expect(page).to_have_url(re.compile(r"/student/$"))
    check_page(page, expect, "nl")
    expect(page.locator("h1")).to_have_text("Welkom, Anna")


def switch_to_english(page, expect) -> None:
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page).to_have_url(re.compile(r"/student/$"))
    check_page(page, expect, "en")
    expect(page.locator("h1")).to_have_text("Welcome, Anna")
    expect(page.get_by_role("button", name="Nederlands")).to_be_visible()


def open_my_data(page, expect) -> None:
    page.get_by_role("navigation").get_by_role("link", name="My data", exact=True).click()
    expect(page).to_have_url(re.compile(r"/student/my-data$"))
    check_page(page, expect, "en")
    expect(page.locator("h1")).to_have_text("My data")
    results = page.locator("#cat-results")
    expect(results).not_to_have_class(re.compile(r"\bis-open\b"))
    expect(results).not_to_contain_text(COURSE)


def expand_link(page):
    return page.get_by_role("link", name="Show my study results and degrees data")


def sign_out(page, expect) -> None:
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile(r"/auth/login$"))
    check_page(page, expect, "en")
    expect(page.locator("h1")).to_have_text("Sign in")
    expect(page.get_by_role("status")).to_contain_text("You have been signed out.")
    expect(page.get_by_role("button", name="Sign out")).to_have_count(0)
    # Signed out for real: a student page sends the browser back to sign in.
    page.goto("/student/my-data")
    expect(page).to_have_url(re.compile(r"/auth/login\?next="))


# --------------------------------------------------------------------------- tests


def test_with_javascript_the_category_opens_in_place(new_context, live_server, expect):
    watch = Watch(new_context())
    page = watch.page

    sign_in(page, expect, live_server.student, screenshot=SCREENSHOT_LOGIN)
    switch_to_english(page, expect)
    open_my_data(page, expect)

    page.evaluate("window.__marker = 1")
    loads = len(watch.visited)
    with page.expect_response(re.compile(r"/student/my-data/results$")) as swap:
        expand_link(page).click()
    assert swap.value.request.headers.get("hx-request") == "true"
    results = page.locator("#cat-results")
    expect(results).to_have_class(re.compile(r"\bis-open\b"))
    expect(results.get_by_role("cell", name=COURSE)).to_be_visible()
    expect(results).to_contain_text("Calculus 1A")
    expect(results).to_contain_text("Technical Computer Science")  # the degree, in English
    expect(page).to_have_url(re.compile(r"/student/my-data/results$"))
    expect(page.locator("#h-results")).to_be_focused()
    assert page.evaluate("document.activeElement.id") == "h-results"
    assert page.evaluate("window.__marker") == 1, "the page was reloaded, not swapped"
    assert watch.visited[loads:] == [], "the expand link loaded a whole page"
    check_page(page, expect, "en")
    expect(page.locator("section#cat-results")).to_have_count(1)  # replaced, not nested
    expect(page.locator("#cat-identity")).not_to_have_class(re.compile(r"\bis-open\b"))
    page.screenshot(path=str(SCREENSHOT_MY_DATA), full_page=True)

    # The pushed URL is in the history: Back shows all categories closed again.
    page.go_back()
    expect(page).to_have_url(re.compile(r"/student/my-data$"))
    expect(expand_link(page)).to_be_visible()
    expect(page.locator("#cat-results")).not_to_contain_text(COURSE)

    sign_out(page, expect)
    watch.assert_clean()


def test_without_javascript_everything_works_by_navigation(new_context, live_server, expect):
    watch = Watch(new_context(java_script_enabled=False))
    page = watch.page

    sign_in(page, expect, live_server.student)
    switch_to_english(page, expect)
    open_my_data(page, expect)

    expand_link(page).click()
    expect(page).to_have_url(re.compile(r"/student/my-data/results#cat-results$"))
    check_page(page, expect, "en")
    expect(page.locator("h1")).to_have_text("My data")
    results = page.locator("#cat-results")
    expect(results).to_have_class(re.compile(r"\bis-open\b"))
    expect(results.get_by_role("cell", name=COURSE)).to_be_visible()
    expect(results).to_contain_text("Technical Computer Science")
    expect(results).to_be_in_viewport()  # the #cat-results fragment scrolled it into view
    expect(page.locator("#cat-identity")).not_to_have_class(re.compile(r"\bis-open\b"))
    results.get_by_role("link", name="Back to all categories").click()
    expect(page).to_have_url(re.compile(r"/student/my-data#cat-results$"))
    expect(expand_link(page)).to_be_visible()
    expect(results).not_to_contain_text(COURSE)

    sign_out(page, expect)
    watch.assert_clean()


def test_keyboard_only(new_context, live_server, expect):
    page = new_context().new_page()
    page.goto("/auth/login")
    check_page(page, expect, "nl")

    username = page.get_by_label("Studentnummer of gebruikersnaam")
    password = page.get_by_label("Wachtwoord")
    tab_to(page, username)
    page.keyboard.type(live_server.student)
    page.keyboard.press("Tab")
    expect(password).to_be_focused()
    page.keyboard.type("demo")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/student/$"))
    expect(page.locator("h1")).to_have_text("Welkom, Anna")

    # The skip link comes first and, once focused, is on screen.
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Naar de inhoud")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    assert_visibly_outlined(page)

    nav_link = page.get_by_role("navigation").get_by_role("link", name="Mijn gegevens")
    tab_to(page, nav_link)
    assert_visibly_outlined(page)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/student/my-data$"))
    check_page(page, expect, "nl")

    link = page.get_by_role("link", name=re.compile(r"^Toon mijn gegevens: studieresultaten"))
    tab_to(page, link)
    assert_visibly_outlined(page)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/student/my-data/results$"))
    expect(page.locator("#cat-results")).to_contain_text(COURSE)
    expect(page.locator("#h-results")).to_be_focused()
    assert_visibly_outlined(page)  # focus moved by script after a key press shows too

    # Onward from the opened heading: the next stop is inside the opened category.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('#cat-results') !== null")
    assert_visibly_outlined(page)

    sign_out_button = page.get_by_role("button", name="Uitloggen")
    tab_to(page, sign_out_button, key="Shift+Tab")
    assert_visibly_outlined(page)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/auth/login$"))
    expect(page.locator("h1")).to_have_text("Inloggen")


def test_no_csp_violations_console_errors_or_foreign_requests(new_context, live_server, expect):
    """Flow (a), opening every category in place, watched; then proof the watch works."""
    from domain.register.subject_data import categories

    watch = Watch(new_context())
    page = watch.page
    sign_in(page, expect, live_server.student)
    switch_to_english(page, expect)
    open_my_data(page, expect)
    for category in categories():
        page.locator(f"#cat-{category} a[hx-get]").click()
        expect(page.locator(f"#cat-{category}")).to_have_class(re.compile(r"\bis-open\b"))
        expect(page.locator(f"#h-{category}")).to_be_focused()
        expect(page).to_have_url(re.compile(rf"/student/my-data/{category}$"))
    check_page(page, expect, "en")
    sign_out(page, expect)
    watch.assert_clean()
    assert len(watch.visited) >= 5, watch.visited

    # The watch is not blind: an inline style attribute breaks the CSP and is reported.
    page.evaluate("document.body.setAttribute('style', 'color: red')")
    for _ in range(50):  # the report crosses from the page to Python asynchronously
        if watch.csp_violations:
            break
        page.wait_for_timeout(100)
    assert any("style-src" in v for v in watch.csp_violations), watch.csp_violations


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_page_has_one_h1_and_its_language(new_context, live_server, expect, lang):
    from domain.register.subject_data import categories

    page = new_context(locale="nl-NL" if lang == "nl" else "en-GB").new_page()
    page.goto("/auth/login")
    check_page(page, expect, lang)
    quick_sign_in(page, expect, live_server.student)

    paths = ["/student/", "/student/my-data"] + [f"/student/my-data/{c}" for c in categories()]
    for path in paths:
        response = page.goto(path)
        assert response.status == 200, path
        check_page(page, expect, lang)
        expect(page).to_have_title(re.compile(r"\S.* · (Privacy Portal|Privacyportaal)$"))
    page.goto("/does-not-exist")
    check_page(page, expect, lang)


def test_favicon_is_served(new_context, live_server):
    context = new_context()
    icon = context.request.get(FAVICON, max_redirects=0)
    page = context.new_page()
    page.goto("/auth/login")
    declared = page.locator("link[rel~=icon]").count()
    assert declared or icon.status == 200, f"no <link rel=icon> and {FAVICON} gives {icon.status}"


def test_no_personal_data_left_in_the_tab_after_sign_out(new_context, live_server, expect):
    page = new_context(locale="en-GB").new_page()
    page.goto("/auth/login")
    quick_sign_in(page, expect, live_server.student)
    page.goto("/student/my-data")
    expand_link(page).click()
    expect(page.locator("#h-results")).to_be_focused()
    page.go_back()  # htmx snapshots the opened category into its history cache
    expect(expand_link(page)).to_be_visible()
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile(r"/auth/login$"))
    stored = page.evaluate("JSON.stringify(Object.assign({}, sessionStorage, localStorage))")
    assert COURSE not in stored and "Dijk" not in stored, stored[:300]
