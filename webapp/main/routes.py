from flask import jsonify, redirect, render_template, url_for
from flask_login import current_user, login_required

from domain.db import database
from domain.models.accounts import STUDENT
from webapp.main import bp


@bp.get("/")
@login_required
def home():
    """Send each signed-in user to the start page of their audience."""
    if current_user.role == STUDENT:
        return redirect(url_for("student.home"))
    return render_template("main/staff_home.html")


@bp.get("/healthz")
def healthz():
    """Report whether the database answers, for load balancers."""
    try:
        database.connect(reuse_if_open=True)
        database.execute_sql("SELECT 1")
        return jsonify(status="ok", database="ok"), 200
    except Exception as exc:  # any driver error means "not healthy", whatever its class
        return jsonify(status="unavailable", database="error", error=type(exc).__name__), 503
