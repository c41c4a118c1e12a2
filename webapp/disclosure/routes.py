import datetime as dt
import secrets
from io import BytesIO

from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from domain.accounts.roles import DISCLOSURE
from domain.consent import ledger as consent
from domain.consent import parties
from domain.consent.vocabulary import FREQUENCIES
from domain.core import clock
from domain.core.spreadsheet import file_name_as
from domain.deliveries import records
from domain.deliveries.kinds import KINDS
from domain.deliveries.plans import DATE, RERUN, VISITORS, YEAR, DeliveryError
from domain.deliveries.visitors import (
    VISITORS_MAX_BYTES,
    Visitors,
    parse_visitors,
    visitors_from_text,
)
from webapp.access import roles_required
from webapp.disclosure import bp
from webapp.disclosure.forms import FORMS, initial_values
from webapp.disclosure.messages import describe
from webapp.errors import fail


def _yesterday() -> dt.date:
    return clock.local_today() - dt.timedelta(days=1)


@bp.get("/")
@roles_required(DISCLOSURE)
def index():
    """Show who consents to what as of yesterday, the deliveries to run, and past runs."""
    return render_template(
        "disclosure/index.html",
        day=_yesterday(),
        summaries=consent.summary_on(_yesterday()),
        runs=records.deliveries(),
        kinds=KINDS.values(),
    )


@bp.route("/<key>", methods=["GET", "POST"])
@roles_required(DISCLOSURE)
def make(key: str):
    """Preview a delivery of one kind, then make it on confirmation.

    The preview shows the counts and hands out a one-time run token; only a POST that
    carries that token, with the counts unchanged since the preview, makes the file. The
    same confirmation sent twice makes one delivery and leads to it.

    :raise 404: for an unknown kind.
    """
    kind = KINDS.get(key) or abort(404)
    initial = initial_values(kind, clock.local_today(), _yesterday())
    form = FORMS[key](data=None if request.method == "POST" else initial)
    plan, status, changed = None, 200, False
    if form.validate_on_submit():
        confirming = request.form.get("action") == "run" and form.run_token.data
        if confirming and (made := records.made_with(form.run_token.data)) is not None:
            return _already_made(made)
        try:
            plan = kind.plan(reference_date=form.reference_date.data, **_values(kind, form))
            if confirming and form.previewed.data == _fingerprint(plan):
                # Also records the run in the audit trail, per delivered person.
                delivery = records.run(plan, current_user.id, "web", form.run_token.data)
                flash(
                    ngettext(
                        "Delivery made: %(num)d person.",
                        "Delivery made: %(num)d persons.",
                        plan.person_count,
                    ),
                    "info",
                )
                return redirect(
                    url_for("disclosure.delivery_detail", delivery_id=delivery.id), code=303
                )
            if confirming:
                changed, status = True, 409
        except records.AlreadyMade as made:
            return _already_made(made.delivery_id)
        except DeliveryError as error:
            _report(form, kind, error)
            plan, status = None, 422
    elif request.method == "POST":
        status = 422
        _hidden_errors(form)
    party = parties.party_by_key(key)
    year_keys = [p.name for p in kind.params if p.kind == YEAR]
    return render_template(
        "disclosure/run.html",
        kind=kind,
        form=form,
        plan=plan,
        changed=changed,
        run_token=secrets.token_urlsafe(24) if plan else None,
        previewed=_fingerprint(plan) if plan else None,
        earlier=records.same_as_before(plan, year_keys) if plan else [],
        timing=FREQUENCIES.get(party.frequency) if party else None,
        limit_kb=VISITORS_MAX_BYTES // 1024,
    ), status


def _hidden_errors(form) -> None:
    """Errors of fields the officer cannot see become one message for the whole form.

    The error summary links every other error to its field.
    """
    for name in ("run_token", "previewed"):
        if form[name].errors:
            form[name].errors = []
            form.form_errors.append(
                _("This confirmation is not valid. Preview the delivery again and confirm.")
            )
            return


def _fingerprint(plan) -> str:
    """The counts of a plan as one string: a confirmation is for the counts it showed."""
    counts = plan.counts()
    return ";".join(f"{name}={counts[name]}" for name in sorted(counts))


def _already_made(delivery_id: int):
    flash(_("This delivery had already been made; it was not made a second time."), "info")
    return redirect(url_for("disclosure.delivery_detail", delivery_id=delivery_id), code=303)


def _values(kind, form) -> dict:
    """One value per declared parameter, read from the form as its kind of parameter says."""
    values = {}
    for param in kind.params:
        if param.kind in (YEAR, DATE):
            values[param.name] = form[param.name].data
        elif param.kind == VISITORS:
            values[param.name] = _visitors(form, param.name)
        elif param.kind == RERUN:
            values[param.name] = _rerun_reason(form, param.name)
    return values


def _visitors(form, name: str) -> Visitors:
    upload = form[name + "_file"].data
    if upload:
        return parse_visitors(upload.read(VISITORS_MAX_BYTES + 1), field=name)
    if form[name].data:
        try:
            lines = int(form[name + "_lines"].data)
            duplicates = int(form[name + "_duplicates"].data)
        except (TypeError, ValueError):
            raise DeliveryError("invalid_lines", name, lines=[], count=0) from None
        return visitors_from_text(form[name].data, lines, duplicates, field=name)
    raise DeliveryError("no_file", name)


def _rerun_reason(form, name: str) -> str | None:
    """The reason to replace an earlier delivery; only when the officer ticked the box."""
    if not form[name + "_confirm"].data:
        return None
    reason = (form[name].data or "").strip()
    if not reason:
        raise DeliveryError("no_rerun_reason", name)
    return reason


def _report(form, kind, error: DeliveryError) -> None:
    """Put the refusal next to the field it is about (counts and line numbers only)."""
    name = error.field
    if kind.param(VISITORS) is not None and name == kind.param(VISITORS).name:
        name += "_file"
    target = form[name].errors if name and name in form else form.form_errors
    target.append(describe(error))


@bp.get("/deliveries/<int:delivery_id>")
@roles_required(DISCLOSURE)
def delivery_detail(delivery_id: int):
    """Show one delivery: what was asked, how many it held, and its files.

    :raise 404: for an unknown delivery.
    """
    found = records.delivery(delivery_id) or abort(404)
    run, files = found
    return render_template(
        "disclosure/delivery.html", run=run, files=files, kind=KINDS.get(run.party.key)
    )


@bp.get("/files/<int:file_id>")
@roles_required(DISCLOSURE)
def download(file_id: int):
    """Download a delivery file as CSV (UTF-8 with BOM, formula-safe).

    Every download leaves one audit event per person in the file.

    :raise 404: for an unknown file.
    :raise 410: when its contents were emptied at the end of their retention term.
    """
    return _download(file_id, "csv")


@bp.get("/files/<int:file_id>/xlsx")
@roles_required(DISCLOSURE)
def download_xlsx(file_id: int):
    """Download a delivery file as an Excel workbook, every cell as text.

    :raise 404: for an unknown file.
    :raise 410: when its contents were emptied at the end of their retention term.
    """
    return _download(file_id, "xlsx")


def _download(file_id: int, fmt: str):
    found = records.file_download(file_id) or abort(404)
    if found.text is None:
        fail(410, _("This file's contents were removed at the end of their retention term."))
    records.audit_download(found, current_user)
    body, mimetype = records.file_bytes(found.file.file_name, found.text, fmt)
    response = send_file(
        BytesIO(body),
        mimetype=mimetype,
        as_attachment=True,
        download_name=file_name_as(found.file.file_name, fmt),
        max_age=0,
    )
    response.headers["Cache-Control"] = "no-store"
    return response
