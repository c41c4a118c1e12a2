"""The student's data exports: "Download all my data" and the files it makes.

Every view serves only the signed-in student's own files; another student's token is a
404, an expired one a 410. Each download of a file leaves an audit record (in the domain).
"""

from __future__ import annotations

import datetime as dt

from flask import abort, current_app, flash, make_response, redirect, render_template, url_for
from flask_babel import format_date, format_datetime, format_decimal
from flask_babel import gettext as _
from flask_login import current_user
from wtforms import HiddenField

from domain.core.csv_safe import as_download
from domain.core.db import utcnow
from domain.exports import files
from domain.exports.vocabulary import ACCESS, FORMATS, KINDS, PORTABILITY
from webapp.access import own_person_id
from webapp.fields import PortalForm
from webapp.i18n import current_language
from webapp.student import bp

MIMETYPES = {
    "json": "application/json; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
}


class ExportForm(PortalForm):
    """Make an export of one kind: a button with the CSRF token."""

    kind = HiddenField()


@bp.app_template_filter("export_text")
def export_text(value) -> str:
    """A text of the export document (``{"nl", "en"}``) in the current language."""
    if isinstance(value, dict):
        return value.get(current_language()) or value.get("nl") or ""
    return "" if value is None else str(value)


@bp.app_template_filter("export_value")
def export_value(value, kind: str = "text") -> str:
    """A value of the export document, by its type (docs/export-schema.md), for people."""
    if value is None or value == "":
        return "—"
    if isinstance(value, dict):
        return export_text(value)
    if kind == "file":
        return _("stored; download it from My data") if value else "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if kind == "date":
        return format_date(dt.date.fromisoformat(value), "medium")
    if kind == "datetime":
        # Stored in UTC; flask-babel shows it in Europe/Amsterdam time.
        return format_datetime(dt.datetime.fromisoformat(value.removesuffix("Z")), "medium")
    if kind == "number" and isinstance(value, int | float):
        return format_decimal(value)
    return str(value)


def link_days() -> int:
    return current_app.config["EXPORT_LINK_DAYS"]


@bp.post("/exports")
def create_export():
    """Make the export the student asked for, then show their list of files.

    :raise 400: for a form without a valid token or an unknown kind.
    """
    form = ExportForm()
    if not form.validate_on_submit() or form.kind.data not in KINDS:
        abort(400)
    files.produce(own_person_id(), form.kind.data, link_days=link_days())
    flash(
        _("Your download is ready. It can be downloaded for %(days)d days.", days=link_days()),
        "info",
    )
    return redirect(url_for("student.exports"), code=303)


@bp.get("/exports")
def exports():
    """The student's export files with their expiry and download links; make a new one."""
    return render_template(
        "student/exports.html",
        exports=files.of_person(own_person_id()),
        now=utcnow(),
        formats=FORMATS,
        kinds=KINDS,
        ACCESS=ACCESS,
        PORTABILITY=PORTABILITY,
        days=link_days(),
    )


def _download(token: str, fmt: str):
    """:raise 404: unless the token is one of the student's own files in a format it has."""
    try:
        found = files.download(current_user, own_person_id(), token, fmt, locale=current_language())
    except files.Expired:
        return None
    return found or abort(404)


def _expired():
    return render_template("student/export_expired.html"), 410


@bp.get("/exports/<token>")
def export_page(token: str):
    """The export as a readable page in the student's language, to read or print.

    :raise 404: for another student's file or an unknown token.
    """
    found = _download(token, "html")
    if found is None:
        return _expired()
    return render_template(
        "student/export.html", export=found.export, doc=found.document, lang=current_language()
    )


@bp.get("/exports/<token>/<fmt>")
def export_file(token: str, fmt: str):
    """The export as a file: JSON (both kinds) or CSV (portability).

    :raise 404: for another student's file, an unknown token or a format it does not have.
    """
    if fmt not in MIMETYPES:
        abort(404)
    found = _download(token, fmt)
    if found is None:
        return _expired()
    body = as_download(found.content) if fmt == "csv" else found.content.encode("utf-8")
    response = make_response(body)
    response.mimetype = MIMETYPES[fmt].split(";")[0]
    response.headers["Content-Type"] = MIMETYPES[fmt]
    response.headers["Content-Disposition"] = f'attachment; filename="{found.file_name}"'
    response.headers["Cache-Control"] = "no-store"
    return response
