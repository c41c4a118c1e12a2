"""The disclosure officer's page for the NSE's link file (koppelbestand) and support-needs
file: upload either (nothing is stored on a refusal), see the counts of the import, and the linked
answers per question with every group under 5 suppressed (domain.surveys.links).

The support-needs answers are special-category data: this page shows only how many rows
an import linked, never an answer, nor an aggregate of them."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user
from flask_wtf.file import FileField
from wtforms import IntegerField, RadioField
from wtforms.validators import InputRequired, NumberRange

from domain.surveys import links
from domain.surveys.results import MIN_GROUP
from webapp.disclosure import bp
from webapp.disclosure.messages import wrong_lines
from webapp.fields import PortalForm

REASONS = {
    "columns": _l("not four columns"),
    "respondent": _l("the respondent key is missing or holds other than letters, digits, - and _"),
    "email": _l("not an e-mail address"),
    "question": _l("the question code is missing or holds other than letters, digits, ., - and _"),
    "score": _l("the answer is not a whole number from 1 to 5"),
}

KINDS = {
    links.LINKED: _l("Link file (answers of students who consented to be linked)"),
    links.SUPPORT: _l(
        "Support-needs block (special-category data, separate file with explicit consent)"
    ),
}


class LinkFileForm(PortalForm):
    year = IntegerField(
        _l("Year of the NSE"),
        validators=[
            InputRequired(message=_l("Enter a year, such as 2024.")),
            NumberRange(min=2000, max=2999, message=_l("Enter a year, such as 2024.")),
        ],
    )
    kind = RadioField(
        _l("Which file"),
        choices=list(KINDS.items()),
        default=links.LINKED,
        validators=[InputRequired(message=_l("Choose which file this is."))],
    )
    file = FileField(_l("The organiser's file (CSV)"))


def describe(error: links.LinkFileError) -> str:
    """The refusal in the user's language, with the lines at fault by number."""
    if error.code == "too_large":
        return _("The file is larger than %(size)d MB.", size=links.MAX_BYTES // 1024 // 1024)
    if error.code == "not_text":
        return _("The file is not a text or CSV file in UTF-8.")
    if error.code == "header":
        return _("The first line must be the header: respondent,email,question,score.")
    if error.code == "empty":
        return _("The file holds no answers.")
    return wrong_lines(error.lines, error.count, REASONS) + " " + _("Nothing was stored.")


def web_limit() -> int:
    """The largest file the page takes: the file's own limit, or the portal's upload limit
    (``PORTAL_MAX_UPLOAD_BYTES``) if that is lower; larger files go by the command line."""
    portal = current_app.config.get("MAX_CONTENT_LENGTH") or links.MAX_BYTES
    return min(links.MAX_BYTES, portal)


COUNTS = ("rows", "linked", "persons", "unknown", "deleted", "duplicate", "replaced")


@bp.route("/nse-links", methods=["GET", "POST"])
def nse_links():
    """Import a link or support-needs file; show the last import's counts and the summary."""
    form = LinkFileForm()
    status = 200
    if form.validate_on_submit():
        upload = form.file.data
        try:
            if not upload:
                raise links.LinkFileError("empty")
            counts = links.import_file(
                form.kind.data,
                form.year.data,
                upload.read(links.MAX_BYTES + 1),
                imported_by=current_user.id,
            )
        except links.LinkFileError as error:
            form.file.errors.append(describe(error))
            status = 422
        else:
            session["nse_import"] = {
                "kind": form.kind.data,
                "year": form.year.data,
                **{k: getattr(counts, k) for k in COUNTS},
            }
            flash(
                ngettext("%(num)d answer linked.", "%(num)d answers linked.", counts.linked),
                "info",
            )
            return redirect(url_for("disclosure.nse_links", year=form.year.data), code=303)
    elif request.method == "POST":
        status = 422
    years = links.imported_years()
    year = request.args.get("year", type=int) or (years[0] if years else None)
    return render_template(
        "disclosure/nse_links.html",
        form=form,
        years=years,
        year=year,
        summary=links.summary(year) if year else [],
        last=session.pop("nse_import", None) if request.method == "GET" else None,
        kinds=KINDS,
        min_group=MIN_GROUP,
        limit_mb=max(1, web_limit() // 1024 // 1024),
    ), status
