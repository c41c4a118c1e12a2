"""The health detail /healthz no longer gives is on an administrators' page (issue 11 §6)."""

import datetime as dt

from domain import models as m
from tests.support import html_of


def test_healthz_says_only_its_status_and_the_admin_page_says_why(portal, sign_in):
    m.RetentionRun.create(
        today=dt.date(2024, 1, 1),
        trigger="schedule",
        outcome="failed",
        error="OperationalError",
        finished_at=dt.datetime(2024, 1, 1, 2, 31),
    )
    assert portal.client.get("/healthz").get_json() == {"status": "degraded"}
    sign_in("admin")
    html = html_of(portal.client.get("/admin/health"))
    assert 'id="health-database">Antwoordt</dd>' in html
    assert 'id="health-retention">Mislukt' in html


def test_the_admin_page_names_the_databases_error(tmp_path):
    from webapp import create_app

    app = create_app({"TESTING": True, "DATABASE_URL": "postgresql://postgres@127.0.0.1:1/nothing"})
    with app.test_request_context("/admin/health"):
        from domain.core import health

        state = health.check()
    assert state.status == "unavailable" and state.database_error == "OperationalError"


def test_only_admins_see_the_health_page(portal, sign_in):
    sign_in("desk")
    assert portal.client.get("/admin/health").status_code == 403
