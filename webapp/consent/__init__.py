"""The student's consent page: a yes or no per external party, history, receipts, deliveries.

Every view serves only the signed-in student (``own_person_id``).
"""

from flask import Blueprint

bp = Blueprint("consent", __name__, url_prefix="/student/consent")

from webapp.consent import routes  # noqa: E402,F401
