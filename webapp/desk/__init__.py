"""The privacy desk: the queue of rights requests, each request's file, and its steps."""

from flask import Blueprint

bp = Blueprint("desk", __name__, url_prefix="/desk")

from webapp.desk import restriction, routes  # noqa: E402,F401
