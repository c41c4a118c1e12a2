"""Sign-in and sign-out for every audience."""

from flask import Blueprint

bp = Blueprint("auth", __name__, url_prefix="/auth")

from webapp.auth import codes, routes  # noqa: E402,F401  (registers the views on bp)
