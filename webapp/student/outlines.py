"""The closed categories of "My data", rendered once per process and language.

A closed category shows what the register declares (what is held, why, on what legal
basis, for how long, which data) and the link that opens it, nothing of the student's: the
same HTML for every student. It is rendered once per category and language and reused;
the count in the heading, which is the student's, is rendered on every view
(``_category.html``).
Template auto-reload (development) turns the keeping off.
"""

from __future__ import annotations

from flask import current_app, request
from markupsafe import Markup

from webapp.i18n import current_language
from webapp.student import bp

_kept: dict[tuple, tuple[object, Markup]] = {}


@bp.app_template_global()
def outline_parts(view) -> Markup:
    """The parts of a closed category (``subject_data.outline``), as HTML."""
    # The link that opens the category is in it: its address depends on where the portal
    # is mounted (the script root), nothing else of the request.
    key = (view.key, current_language(), request.script_root)
    kept = _kept.get(key)
    # The outline itself is kept with the HTML, and is the same object for as long as the
    # register is unchanged (a test's throw-away record type makes a new one); an id
    # reused by another object cannot match.
    if kept is not None and kept[0] is view:
        return kept[1]
    env = current_app.jinja_env
    html = Markup(env.get_template("student/_parts.html").render(view=view, open=False))
    if not env.auto_reload:
        _kept[key] = (view, html)
    return html
