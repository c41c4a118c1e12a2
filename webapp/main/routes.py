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
    """Report whether the database answers, for load balancers."""
    try:
        health.ping()
        retention_failed = history.last_run_failed()
    except Exception as exc:  # any driver error means "not healthy", whatever its class
        return jsonify(status="unavailable", database="error", error=type(exc).__name__), 503
    if retention_failed:
        # The web app serves fine, so stay in the load balancer: report, don't fail.
        return jsonify(status="degraded", database="ok", retention="failed"), 200
    return jsonify(status="ok", database="ok"), 200
