"""The student's rights requests: what each right means, filing, following, replying.

Every view serves only the signed-in student (``own_person_id``); a reference of
another student's request answers 404.
"""

from flask import Blueprint

bp = Blueprint("requests", __name__, url_prefix="/student/requests")

from webapp.requests import routes  # noqa: E402,F401
