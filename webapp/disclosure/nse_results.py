"""The disclosure officer's page for the NSE's anonymous results per programme: upload
the organiser's file, see the results per programme; groups under 5 are suppressed
(domain.surveys.results)."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user
from flask_wtf.file import FileField
from wtforms import IntegerField
from wtforms.validators import InputRequired, NumberRange

from domain.surveys import results
from webapp.disclosure import bp
from webapp.disclosure.messages import wrong_lines
from webapp.fields import PortalForm

REASONS = {
    "columns": _l("not four columns"),
    "programme": _l("unknown CROHO code"),
    "question": _l("no question, or longer than 200 characters"),
    "score": _l("the score is not a number from 0 to 5"),
    "n": _l("the number of respondents is not a whole number"),
    "duplicate": _l("the same programme and question twice"),
}


class ResultsForm(PortalForm):
    year = IntegerField(
        _l("Year of the NSE"),
        validators=[
            InputRequired(message=_l("Enter a year, such as 2024.")),
            NumberRange(min=2000, max=2999, message=_l("Enter a year, such as 2024.")),
        ],
    )
    file = FileField(_l("The organiser's results file (CSV)"))


def describe(error: results.ResultsError) -> str:
    if error.code == "too_large":
        return _("The file is larger than %(size)d kB.", size=results.MAX_BYTES // 1024)
    if error.code == "not_text":
        return _("The file is not a text or CSV file in UTF-8.")
    if error.code == "header":
        return _("The first line must be the header: croho,question,score,n.")
    if error.code == "empty":
        return _("The file holds no results.")
    return wrong_lines(error.lines, error.count, REASONS)


@bp.route("/nse-results", methods=["GET", "POST"])
def nse_results():
    """Upload a year's results (nothing is stored on a refusal), and show them per programme."""
    form = ResultsForm()
    status = 200
    if form.validate_on_submit():
        upload = form.file.data
        try:
            if not upload:
                raise results.ResultsError("empty")
            lines = results.parse_results(upload.read(results.MAX_BYTES + 1))
        except results.ResultsError as error:
            form.file.errors.append(describe(error))
            status = 422
        else:
            count = results.store_results(form.year.data, lines, current_user.id)
            flash(ngettext("%(num)d result stored.", "%(num)d results stored.", count), "info")
            return redirect(url_for("disclosure.nse_results", year=form.year.data), code=303)
    elif request.method == "POST":
        status = 422
    years = results.years()
    year = request.args.get("year", type=int) or (years[0] if years else None)
    return render_template(
        "disclosure/nse_results.html",
        form=form,
        years=years,
        year=year,
        programmes=results.results_of(year) if year else [],
        min_group=results.MIN_GROUP,
        limit_kb=results.MAX_BYTES // 1024,
    ), status
