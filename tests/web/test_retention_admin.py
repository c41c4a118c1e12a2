"""Admin retention pages, audit of staff views, and health reporting of failed runs."""

import datetime as dt

from domain import models as m
from domain.retention import engine


def test_only_admins_reach_retention_pages(portal, data):
    urls = [
        "/admin/retention",
        "/admin/retention/runs",
        "/admin/retention/holds",
        "/admin/retention/reviews",
    ]
    data.staff("desk")
    portal.login("desk")
    for url in urls:
        assert portal.client.get(url).status_code == 403, url


def test_plan_shows_counts_never_names(portal, data, sign_in):
    p = data.person(surname="Zwanenburg")
    data.enrolment(p, end=dt.date(2012, 8, 31), reason="graduated")
    data.record(m.DirectDebitMandate, p, signed_on=dt.date(2010, 1, 1))
    sign_in("admin")
    html = portal.client.get("/admin/retention").get_data(as_text=True)
    assert "Machtiging automatische incasso" in html  # the record type's name, not a code
    assert "direct_debit_mandate" not in html and "DirectDebitMandate" not in html
    assert "Zwanenburg" not in html and p.student_number not in html
    assert "Verwijderen 9 jaar na de ondertekening" in html


def test_run_history_and_detail(portal, data, sign_in):
    p = data.person()
    data.enrolment(p, end=dt.date(2012, 8, 31), reason="graduated")
    data.record(m.DirectDebitMandate, p, signed_on=dt.date(2010, 1, 1))
    report = engine.run(dt.date(2024, 1, 1), pseudonym_key="k")
    sign_in("admin")
    html = portal.client.get("/admin/retention/runs").get_data(as_text=True)
    assert "geslaagd" in html
    detail = portal.client.get(f"/admin/retention/runs/{report.run_id}").get_data(as_text=True)
    assert "Verwijderen 9 jaar na de ondertekening" in detail  # the rule in words
    assert "direct_debit_mandate" not in detail and "DirectDebitMandate" not in detail
    assert portal.client.get("/admin/retention/runs/999999").status_code == 404


def test_place_and_lift_a_hold_with_audit_records(portal, data, sign_in):
    p = data.person()
    admin = sign_in("admin")
    bad = portal.post("/admin/retention/holds", {"student_number": "12345", "reason": "x"})
    assert "Een studentnummer is een s met 7 cijfers." in bad.get_data(as_text=True)
    unknown = portal.post("/admin/retention/holds", {"student_number": "s0000001", "reason": "x"})
    assert "Geen persoon heeft dit studentnummer." in unknown.get_data(as_text=True)
    assert not m.LegalHold.select().exists()
    placed = portal.post(
        "/admin/retention/holds",
        {"student_number": p.student_number.upper(), "reason": "Bezwaarprocedure"},
    )
    assert placed.status_code == 303
    hold = m.LegalHold.get()
    assert hold.person_id == p.id and hold.placed_by_id == admin.id
    page = portal.client.get("/admin/retention/holds").get_data(as_text=True)
    assert p.student_number in page and "Bezwaarprocedure" in page
    actions = [e.action for e in m.AuditEvent.select().where(m.AuditEvent.person == p.id)]
    assert actions == ["place:legal_hold", "view:legal_holds"]
    missing_reason = portal.post(f"/admin/retention/holds/{hold.id}/lift", {"reason": ""})
    assert missing_reason.status_code == 422 and m.LegalHold.get().lifted_at is None
    lifted = portal.post(f"/admin/retention/holds/{hold.id}/lift", {"reason": "Afgerond"})
    assert lifted.status_code == 303
    assert m.LegalHold.get().lift_reason == "Afgerond"


def test_destruction_list_approval(portal, data, sign_in):
    p = data.person()
    data.enrolment(p, end=dt.date(2010, 8, 31), reason="graduated")
    entry = data.counselling(p)
    engine.run(dt.date(2024, 1, 1), pseudonym_key="k")
    admin = sign_in("admin")
    page = portal.client.get("/admin/retention/reviews").get_data(as_text=True)
    listed = m.DestructionList.get()
    assert "1 gegeven" in page and f"/admin/retention/reviews/{listed.id}" in page
    review_page = portal.client.get(f"/admin/retention/reviews/{listed.id}").get_data(as_text=True)
    assert f"/admin/retention/reviews/{listed.id}/approve" in review_page
    unconfirmed = portal.post(f"/admin/retention/reviews/{listed.id}/approve", {"note": "ok"})
    assert unconfirmed.status_code == 303 and m.DestructionList.get().approved_at is None
    portal.post(
        f"/admin/retention/reviews/{listed.id}/approve", {"confirm": "y", "note": "gecontroleerd"}
    )
    approved = m.DestructionList.get()
    assert approved.approved_by_id == admin.id and approved.approval_note == "gecontroleerd"
    engine.run(dt.date(2024, 1, 2), pseudonym_key="k")
    assert not m.CounsellingEntry.select().where(m.CounsellingEntry.id == entry.id).exists()


def test_failed_run_shows_on_dashboard_and_health(portal, data, sign_in, client):
    m.RetentionRun.create(
        today=dt.date(2024, 1, 1),
        trigger="schedule",
        outcome="failed",
        error="OperationalError",
        finished_at=dt.datetime(2024, 1, 1, 2, 31),
    )
    health = portal.client.get("/healthz")
    assert health.status_code == 200 and health.get_json()["status"] == "degraded"
    sign_in("admin")
    home = portal.client.get("/").get_data(as_text=True)
    assert "De laatste bewaartermijnrun is mislukt" in home
    m.RetentionRun.create(
        today=dt.date(2024, 1, 2),
        trigger="schedule",
        outcome="succeeded",
        started_at=dt.datetime(2030, 1, 2, 1, 30),
        finished_at=dt.datetime(2030, 1, 2, 1, 31),
    )
    assert portal.client.get("/healthz").get_json()["status"] == "ok"


def test_retention_cli(app, data):
    p = data.person()
    data.enrolment(p, end=dt.date(2012, 8, 31), reason="graduated")
    data.record(m.DirectDebitMandate, p, signed_on=dt.date(2010, 1, 1))
    runner = app.test_cli_runner()
    plan = runner.invoke(args=["retention", "plan", "--today", "2024-01-01"])
    assert plan.exit_code == 0
    assert "direct_debit_mandate" in plan.output and "due       1" in plan.output
    dry = runner.invoke(args=["retention", "run", "--dry-run", "--today", "2024-01-01"])
    assert dry.exit_code == 0 and m.DirectDebitMandate.select().count() == 1
    real = runner.invoke(args=["retention", "run", "--today", "2024-01-01"])
    assert "succeeded" in real.output and m.DirectDebitMandate.select().count() == 0
    bad = runner.invoke(args=["retention", "plan", "--today", "2024-02-30"])
    assert bad.exit_code == 2 and "YYYY-MM-DD" in bad.output
