"""The disclosure officer's pages: preview and run deliveries, download their files."""

from flask import Blueprint

bp = Blueprint("disclosure", __name__, url_prefix="/disclosure")

from webapp.disclosure import nse_links, nse_results, routes  # noqa: E402,F401
