"""Reviewing a destruction list: its records, page by page, before the approval checkbox."""

import datetime as dt
import re

from domain import models as m
from domain.retention import engine, review
from tests.support import html_of


def listed_counselling(data, count: int, **values):
    """``count`` counselling entries of former students, put on a destruction list."""
    for n in range(count):
        p = data.person(student_number=f"s40{n:05d}")
        data.enrolment(p, end=dt.date(2010, 8, 31), reason="graduated")
        data.counselling(p, title=f"Gesprek {n:02d}", **values)
    engine.run(dt.date(2024, 1, 1), pseudonym_key="k")
    return m.DestructionList.get()


def test_the_list_shows_its_records_before_the_approval(portal, data, sign_in):
    listed = listed_counselling(data, 2)
    sign_in("admin")
    index = html_of(portal.client.get("/admin/retention/reviews"))
    assert f'href="/admin/retention/reviews/{listed.id}"' in index
    assert "dossier studieadviseur" in index
    page = html_of(portal.client.get(f"/admin/retention/reviews/{listed.id}"))
    assert page.count("<h1") == 1
    rows = re.findall(r'<tr id="record-\d+">(.*?)</tr>', page, re.S)
    assert len(rows) == 2
    cells = re.findall(r"<td>([^<]*)</td>", rows[0])
    assert cells[0] == "dossier studieadviseur" and cells[1] == "s4000000"
    assert cells[3] == "Gesprek 00" and cells[2]  # the day it was recorded
    # The records come first, then the checkbox with its label.
    assert page.index('id="review-records"') < page.index('name="confirm"')
    box = rf'<input type="checkbox" class="[^"]*" id="confirm-{listed.id}"[^>]*>'
    assert re.search(
        box + rf'\s*<label class="utrecht-form-label" for="confirm-{listed.id}">', page
    )
    assert 'id="review-pager"' not in page


def test_the_lists_tell_the_rule_in_words_not_by_its_key(portal, data, sign_in):
    from domain.register import RULES

    listed = listed_counselling(data, 1)
    sign_in("admin")
    words = RULES[listed.rule].in_words("nl")
    for url in ("/admin/retention/reviews", f"/admin/retention/reviews/{listed.id}"):
        page = html_of(portal.client.get(url))
        assert words in page and "<code>" not in page
        assert not re.search(rf"[\s>]{re.escape(listed.rule)}[\s<]", page), url


def test_the_records_are_paged(portal, data, sign_in):
    listed = listed_counselling(data, review.ITEMS_PER_PAGE + 2)
    sign_in("admin")
    first = html_of(portal.client.get(f"/admin/retention/reviews/{listed.id}"))
    assert len(re.findall(r'<tr id="record-', first)) == review.ITEMS_PER_PAGE
    assert f'href="/admin/retention/reviews/{listed.id}?page=2"' in first
    second = html_of(portal.client.get(f"/admin/retention/reviews/{listed.id}?page=2"))
    assert len(re.findall(r'<tr id="record-', second)) == 2
    assert "Gesprek 26" in second and "Gesprek 00" not in second
    # A page past the end shows the last page.
    assert "Gesprek 26" in html_of(
        portal.client.get(f"/admin/retention/reviews/{listed.id}?page=9")
    )


def test_a_title_marked_special_category_is_withheld(portal, data, sign_in):
    listed = listed_counselling(data, 1, is_special_category=True)
    sign_in("admin")
    page = html_of(portal.client.get(f"/admin/retention/reviews/{listed.id}"))
    assert "Gesprek 00" not in page and "bijzonder persoonsgegeven" in page.lower()


def test_a_record_deleted_since_it_was_listed_shows_as_gone(portal, data, sign_in):
    listed = listed_counselling(data, 1)
    m.CounsellingEntry.delete().execute()
    sign_in("admin")
    page = html_of(portal.client.get(f"/admin/retention/reviews/{listed.id}"))
    assert 'colspan="3"' in page and "s4000000" not in page


def test_viewing_a_page_is_audited_per_person_on_it(portal, data, sign_in):
    listed = listed_counselling(data, 2)
    admin = sign_in("admin")
    portal.client.get(f"/admin/retention/reviews/{listed.id}")
    events = m.AuditEvent.select().where(m.AuditEvent.action == "view:destruction_list")
    assert len(events) == 2 and {e.actor_id for e in events} == {admin.id}
    assert {e.categories for e in events} == {"identity,guidance"}


def test_only_admins_may_look(portal, data, sign_in):
    listed = listed_counselling(data, 1)
    sign_in("desk")
    assert portal.client.get(f"/admin/retention/reviews/{listed.id}").status_code == 403


def test_an_unknown_list_is_not_found(portal, data, sign_in):
    sign_in("admin")
    assert portal.client.get("/admin/retention/reviews/999999").status_code == 404


def test_an_unconfirmed_approval_returns_to_the_list(portal, data, sign_in):
    listed = listed_counselling(data, 1)
    sign_in("admin")
    response = portal.post(f"/admin/retention/reviews/{listed.id}/approve", {"note": "ok"})
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/admin/retention/reviews/{listed.id}")
    assert m.DestructionList.get().approved_at is None
