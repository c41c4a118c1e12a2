"""Signing out in one tab ends the session in the other tabs: it lives on the server."""

from __future__ import annotations

import re

import pytest

from tests.browser.support import check_page, quick_sign_in, serve

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def live_server(tmp_path_factory):
    with serve(tmp_path_factory, _seed) as server:
        yield server


def _seed() -> str:
    from tests import factories

    person, _ = factories.student(first_name="Anna", surname="Dijk")
    return person.student_number


def test_sign_out_in_one_tab_ends_the_session_in_another(new_context, expect, live_server):
    context = new_context()
    first = context.new_page()
    first.goto("/auth/login")
    quick_sign_in(first, expect, live_server.seeded)
    second = context.new_page()
    second.goto("/auth/sessions")
    check_page(second, expect, "nl")
    expect(second.locator("#session-list tbody tr")).to_have_count(1)
    expect(second.locator("#session-list")).to_contain_text("deze browser")

    first.locator("form.sign-out button[type=submit]").click()
    expect(first).to_have_url(re.compile(r"/auth/login$"))

    # The other tab's next page finds the session gone.
    second.locator("a[href='/auth/sessions']").click()
    expect(second).to_have_url(re.compile(r"/auth/login"))
    expect(second.locator("#password")).to_be_visible()


def test_sign_out_everywhere_ends_the_session_of_another_browser(new_context, expect, live_server):
    laptop = new_context().new_page()
    laptop.goto("/auth/login")
    quick_sign_in(laptop, expect, live_server.seeded)
    phone = new_context().new_page()
    phone.goto("/auth/login")
    quick_sign_in(phone, expect, live_server.seeded)
    phone.goto("/auth/sessions")
    expect(phone.locator("#session-list tbody tr")).to_have_count(2)

    phone.locator("#sign-out-everywhere button").click()
    expect(phone).to_have_url(re.compile(r"/auth/login$"))
    laptop.reload()
    expect(laptop).to_have_url(re.compile(r"/auth/login"))
