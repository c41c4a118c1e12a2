"""The student's own pages: home and "My data". Every view serves only the signed-in student."""

from flask import Blueprint

bp = Blueprint("student", __name__, url_prefix="/student")

from webapp.student import routes  # noqa: E402,F401
