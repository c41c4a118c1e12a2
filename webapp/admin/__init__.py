"""Administrator / DPO pages: the register as the Art. 30 record of processing."""

from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin")

from webapp.admin import accounts, parties, retention, routes  # noqa: E402,F401
