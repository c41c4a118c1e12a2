"""A student downloads their data in a real browser, in Dutch and in English (issue 10 §2).

From My data one button makes the download; the student reads the page (which prints
without the portal's header and menus), sees who on the staff looked at their data (by
role), and downloads the JSON file. No CSP violation, console error or failed request.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.browser.support import Watch, check_page, quick_sign_in, serve

pytestmark = pytest.mark.browser

LOCALES = {"nl": "nl-NL", "en": "en-GB"}
TEXT = {
    "nl": {
        "download": "Download al mijn gegevens",
        "downloads": "Mijn downloads",
        "read": "Lezen of afdrukken (pagina)",
        "title": "Al mijn gegevens",
        "who": "Wie heeft je gegevens bekeken",
        "desk": "Privacyloket",
        "file": "Download als bestand (JSON)",
    },
    "en": {
        "download": "Download all my data",
        "downloads": "My downloads",
        "read": "Read or print (page)",
        "title": "All my data",
        "who": "Who looked at your data",
        "desk": "Privacy desk",
        "file": "Download as a file (JSON)",
    },
}


@pytest.fixture(scope="module")
def live_server(tmp_path_factory):
    """The portal with one student per language, each viewed once by the privacy desk."""
    with serve(tmp_path_factory, _seed) as server:
        yield server


def _seed() -> dict[str, str]:
    from domain.audit import trail as audit
    from domain.consent import parties
    from tests import factories

    parties.ensure_parties()
    desk = factories.staff("desk")
    numbers = {}
    for lang in LOCALES:
        person, _ = factories.student(phone=f"+31 6 1234 00{len(numbers)}")
        factories.enrolment(person)
        factories.course_result(person)
        audit.record(desk, "view:rights_request", [person.id], "AVG-2025-0001")
        numbers[lang] = person.student_number
    return numbers


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_student_downloads_all_their_data(browser, expect, live_server, lang):
    context = browser.new_context(
        base_url=live_server.url, locale=LOCALES[lang], accept_downloads=True
    )
    watch = Watch(context)
    page, text = watch.page, TEXT[lang]
    try:
        page.goto("/auth/login")
        quick_sign_in(page, expect, live_server.seeded[lang])
        page.goto("/student/my-data")
        check_page(page, expect, lang)
        page.get_by_role("button", name=text["download"]).click()

        expect(page).to_have_url(f"{live_server.url}/student/exports")
        check_page(page, expect, lang)
        expect(page.locator("#exports-heading")).to_have_text(text["downloads"])
        page.get_by_role("link", name=text["read"]).click()

        check_page(page, expect, lang)
        expect(page.locator("h1")).to_have_text(text["title"])
        staff = page.locator("#section-staff_access")
        expect(staff.locator("h2")).to_have_text(text["who"])
        expect(staff.locator("tbody tr")).to_have_count(1)
        expect(staff.locator("tbody tr")).to_contain_text(text["desk"])
        expect(page.locator("#section-data")).to_contain_text("+31 6 1234 00")

        # Printed: only the content, without the portal's header, menu and links.
        page.emulate_media(media="print")
        expect(page.locator(".site-header")).to_be_hidden()
        expect(page.locator(".no-print").first).to_be_hidden()
        expect(page.locator("#section-data")).to_be_visible()
        page.emulate_media(media="screen")

        with page.expect_download() as waiting:
            page.get_by_role("link", name=text["file"]).click()
        download = waiting.value
        assert download.suggested_filename.endswith(".json")
        document = json.loads(Path(download.path()).read_text(encoding="utf-8"))
        assert document["schema_version"] == 1
        assert document["subject"]["student_number"] == live_server.seeded[lang]
        assert document["staff_access"][0]["role"]["key"] == "desk"
        watch.assert_clean()
    finally:
        context.close()
