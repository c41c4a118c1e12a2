"""Sign-in through an OpenID Connect provider (SURFconext) for students and staff."""

from flask import Blueprint

bp = Blueprint("sso", __name__, url_prefix="/sso")

from webapp.sso import routes  # noqa: E402,F401  (registers the views on bp)
