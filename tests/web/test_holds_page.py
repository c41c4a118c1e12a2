"""The holds list: the person's name and who placed each hold; errors linked to their field."""

import re

from domain import models as m
from domain.retention import holds
from tests.support import count_queries, html_of


def place(data, number, placer, reason="Bezwaarprocedure"):
    p = data.person(student_number=number, first_name="Anna", prefix="van", surname="Dijk")
    return holds.place_legal_hold(p, reason, placer)


def test_holds_show_name_and_who_placed_them(portal, data, sign_in):
    admin = sign_in("admin")
    place(data, "s5000001", admin)
    other = data.staff("admin", "other-admin")
    other.display_name = "Bea Beheer"
    other.save()
    place(data, "s5000002", other)
    gone = place(data, "s5000003", other)
    # The account that placed it was removed (placed_by is SET NULL).
    m.LegalHold.update(placed_by=None).where(m.LegalHold.id == gone.id).execute()
    page = html_of(portal.client.get("/admin/retention/holds"))
    assert page.count('<td class="hold-name">Anna van Dijk</td>') == 3
    placed_by = re.findall(r'<td class="hold-placed-by">([^<]*)</td>', page)
    assert sorted(placed_by) == sorted(
        [admin.display_name, "Bea Beheer", "geen account (verwijderd, of het systeem)"]
    )


def test_the_list_takes_one_query_however_many_holds(portal, data, sign_in):
    admin = sign_in("admin")
    for n in range(5):
        place(data, f"s500001{n}", data.staff("admin", f"admin-{n}"))
    with count_queries() as few:
        portal.client.get("/admin/retention/holds")
    place(data, "s5000020", admin)
    place(data, "s5000021", data.staff("admin", "admin-9"))
    with count_queries() as more:
        portal.client.get("/admin/retention/holds")
    assert len(more) == len(few)


def test_place_errors_are_marked_and_linked_from_the_summary(portal, data, sign_in):
    sign_in("admin")
    response = portal.post("/admin/retention/holds", {"student_number": "", "reason": ""})
    page = html_of(response, 422)
    summary = page.split('error-summary"')[1].split("</div>")[0]
    for name in ("student_number", "reason"):
        assert f'href="#{name}"' in summary
        assert re.search(rf'<(input|textarea)[^>]*aria-invalid="true"[^>]*id="{name}"', page) or (
            re.search(rf'id="{name}"[^>]*aria-invalid="true"', page)
        )
    assert m.LegalHold.select().count() == 0


def test_a_lift_without_reason_marks_that_holds_field(portal, data, sign_in):
    admin = sign_in("admin")
    hold = place(data, "s5000001", admin)
    response = portal.post(f"/admin/retention/holds/{hold.id}/lift", {"reason": ""})
    page = html_of(response, 422)
    summary = page.split('id="lift-error-summary"')[1].split("</div>")[0]
    assert f'href="#lift-reason-{hold.id}"' in summary
    assert re.search(
        rf'id="lift-reason-{hold.id}"[^>]*aria-invalid="true"'
        rf'[^>]*aria-describedby="lift-reason-{hold.id}-error"',
        page,
    )
    assert f'id="lift-reason-{hold.id}-error"' in page
    assert m.LegalHold.get().lifted_at is None
