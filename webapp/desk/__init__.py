"""The privacy desk: the queue of rights requests, each request's file, and its steps;
consent choices recorded on a student's behalf."""

from flask import Blueprint

bp = Blueprint("desk", __name__, url_prefix="/desk")

from webapp.desk import consent, restriction, routes  # noqa: E402,F401
