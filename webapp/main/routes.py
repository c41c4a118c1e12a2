from flask import jsonify, redirect, render_template, url_for
from flask_login import current_user, login_required

from domain.accounts.roles import ADMIN
from domain.core import health
from domain.retention import history
from webapp.main import bp
from webapp.navigation import home_for


@bp.get("/")
@login_required
def home():
    """Send each signed-in user to the start page of their audience."""
    start = home_for(current_user.role)
    if start != "main.home":
        return redirect(url_for(start))
    return render_template(
        "main/staff_home.html",
        retention_failed=(current_user.role == ADMIN and history.last_run_failed()),
    )


@bp.get("/healthz")
def healthz():
    """Report whether the portal can serve, for load balancers: the status and nothing else.

    A failed retention run is "degraded" with 200: the web app serves fine, so it stays in
    the load balancer. The detail (which error) is on the administrators' health page.
    """
    state = health.check()
    return jsonify(status=state.status), 503 if state.database_error else 200
