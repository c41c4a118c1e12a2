import datetime as dt
from io import BytesIO

from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user

from domain.accounts.roles import DISCLOSURE
from domain.audit import trail as audit
from domain.consent import ledger as consent
from domain.consent.parties import BEDRIJVENDAGEN, KIVI, SCHOOLS
from domain.core import clock
from domain.core.csv_safe import as_download
from domain.deliveries import operations as deliveries
from domain.deliveries.operations import DeliveryError
from webapp.access import roles_required
from webapp.disclosure import bp
from webapp.disclosure.forms import BedrijvendagenForm, KiviForm, SchoolsForm
from webapp.errors import fail

TITLES = {
    KIVI: _l("Delivery to KIVI"),
    SCHOOLS: _l("Delivery to secondary schools"),
    BEDRIJVENDAGEN: _l("Delivery to Bedrijvendagen Twente"),
}
EXPLANATIONS = {
    KIVI: _l("Every January KIVI receives the students who passed a bachelor's or master's "
             "exam in the previous year and consented."),
    SCHOOLS: _l("At the end of the first year, each secondary school receives once a file with "
                "only its own former pupils who consented."),
    BEDRIJVENDAGEN: _l("After the event, upload the student numbers scanned at the entrance. "
                       "Only visitors who consented are delivered; nothing is shared about the "
                       "others, and the uploaded list itself is not stored."),
}


def _yesterday() -> dt.date:
    return clock.local_today() - dt.timedelta(days=1)


@bp.get("/")
@roles_required(DISCLOSURE)
def index():
    """Show who consents to what as of yesterday, the deliveries to run, and past runs."""
    return render_template("disclosure/index.html", day=_yesterday(),
                           summaries=consent.summary_on(_yesterday()),
                           runs=deliveries.deliveries())


@bp.route("/kivi", methods=["GET", "POST"])
@roles_required(DISCLOSURE)
def kivi():
    """Preview, then run, the delivery to KIVI of a year's consenting graduates."""
    form = KiviForm(data=None if request.method == "POST" else {"reference_date": _yesterday()})
    return _delivery_page(KIVI, form, lambda: deliveries.plan_kivi(
        form.year.data, form.reference_date.data))


@bp.route("/schools", methods=["GET", "POST"])
@roles_required(DISCLOSURE)
def schools():
    """Preview, then run, the per-school delivery for one first-year cohort."""
    form = SchoolsForm(data=None if request.method == "POST" else {"reference_date": _yesterday()})
    return _delivery_page(SCHOOLS, form, lambda: deliveries.plan_schools(
        form.cohort.data, form.reference_date.data))


@bp.route("/bedrijvendagen", methods=["GET", "POST"])
@roles_required(DISCLOSURE)
def bedrijvendagen():
    """Upload the scanned student numbers; preview, then run, the delivery."""
    form = BedrijvendagenForm(data=None if request.method == "POST"
                              else {"reference_date": _yesterday()})

    def plan():
        return deliveries.plan_bedrijvendagen(_visitors(form), form.reference_date.data)
    return _delivery_page(BEDRIJVENDAGEN, form, plan)


def _visitors(form: BedrijvendagenForm) -> deliveries.Visitors:
    upload = form.visitors_file.data
    if upload:
        return deliveries.parse_visitors(upload.read(deliveries.VISITORS_MAX_BYTES + 1))
    if form.visitors.data:
        try:
            lines, duplicates = int(form.visitor_lines.data), int(form.duplicates.data)
        except (TypeError, ValueError):
            raise DeliveryError("invalid_lines", lines=[], count=0) from None
        return deliveries.visitors_from_text(form.visitors.data, lines, duplicates)
    raise DeliveryError("no_file")


def _delivery_page(kind: str, form, make_plan):
    """The shared flow: validate, plan (the preview), and on "run" record the delivery.

    Nothing is written unless the plan succeeds and the officer asked to run it.
    """
    plan, status = None, 200
    if form.validate_on_submit():
        try:
            plan = make_plan()
        except DeliveryError as error:
            _report(form, error)
            status = 422
        else:
            if request.form.get("action") == "run":
                # Also records the run in the audit trail, per delivered person.
                delivery = deliveries.run(plan, current_user.id, "web")
                flash(ngettext("Delivery made: %(num)d person.", "Delivery made: %(num)d persons.",
                               plan.person_count), "info")
                return redirect(url_for("disclosure.delivery_detail", delivery_id=delivery.id),
                                code=303)
    elif request.method == "POST":
        status = 422
    return render_template("disclosure/run.html", kind=kind, form=form, plan=plan,
                           title=TITLES[kind], explanation=EXPLANATIONS[kind],
                           limit_kb=deliveries.VISITORS_MAX_BYTES // 1024), status


def _report(form, error: DeliveryError) -> None:
    """Put the refusal next to the field it is about (counts and line numbers only)."""
    details = error.details
    if error.code == "reference_date":
        form.reference_date.errors.append(
            _("The reference date must be a day that has ended: consent counts for the whole day."))
        return
    if error.code == "no_party":
        form.form_errors.append(_("This party has not been set up yet. Ask an administrator."))
        return
    field = getattr(form, "visitors_file", None)
    target = field.errors if field is not None else form.form_errors
    if error.code == "too_large":
        target.append(_("The file is larger than %(size)d kB. Split it and deliver each part.",
                        size=details["limit"] // 1024))
    elif error.code == "not_text":
        target.append(_("The file is not a text or CSV file in UTF-8."))
    elif error.code == "empty":
        target.append(_("The file holds no student numbers."))
    elif error.code == "no_file":
        target.append(_("Choose the file with the scanned student numbers."))
    elif details.get("count"):
        lines = ", ".join(str(n) for n in details["lines"])
        message = ngettext("This line is not a student number: %(lines)s.",
                           "These lines are not student numbers: %(lines)s.",
                           details["count"], lines=lines)
        if details["count"] > len(details["lines"]):
            message += " " + _("(%(num)d lines in all.)", num=details["count"])
        target.append(message + " " + _("Nothing was stored. Correct the file and upload it again."))
    else:
        target.append(_("The list does not fit its counts. Upload the file again."))


@bp.get("/deliveries/<int:delivery_id>")
@roles_required(DISCLOSURE)
def delivery_detail(delivery_id: int):
    """Show one delivery: what was asked, how many it held, and its files.

    :raise 404: for an unknown delivery.
    """
    found = deliveries.delivery(delivery_id) or abort(404)
    run, files = found
    return render_template("disclosure/delivery.html", run=run, files=files)


@bp.get("/files/<int:file_id>")
@roles_required(DISCLOSURE)
def download(file_id: int):
    """Download a delivery file as CSV (UTF-8 with BOM, formula-safe).

    Every download leaves one audit event per person in the file.

    :raise 404: for an unknown file.
    :raise 410: when its contents were emptied at the end of their retention term.
    """
    found = deliveries.file_download(file_id) or abort(404)
    if found.text is None:
        fail(410, _("This file's contents were removed at the end of their retention term."))
    audit.record(current_user, deliveries.DOWNLOAD_ACTION, found.person_ids, found.audit_detail)
    response = send_file(BytesIO(as_download(found.text)), mimetype="text/csv",
                         as_attachment=True, download_name=found.file.file_name, max_age=0)
    response.headers["Cache-Control"] = "no-store"
    return response
