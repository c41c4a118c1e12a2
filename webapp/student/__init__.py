"""The student's own pages: home, "My data" and the downloads of their data.

Every view serves only the signed-in student.
"""

from flask import Blueprint

bp = Blueprint("student", __name__, url_prefix="/student")

from webapp.student import exports, outlines, routes  # noqa: E402,F401
