"""Admin pages for retention: rules, tonight's plan, run history, holds and reviews."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from domain.accounts.roles import ADMIN
from domain.audit import trail as audit
from domain.core.clock import local_today
from domain.models import LegalHold, Person, RetentionRun
from domain.register import RECORD_TYPES
from domain.retention import engine, history, holds, review
from webapp.access import roles_required
from webapp.admin import bp
from webapp.admin.forms import ApproveListForm, LiftHoldForm, PlaceHoldForm


@bp.get("/retention")
@roles_required(ADMIN)
def retention():
    """Show every retention rule and how many records each would act on tonight."""
    today = local_today()
    rules = [
        (rt, rule) for rt in RECORD_TYPES for rule in dict.fromkeys(f.retention for f in rt.fields)
    ]
    return render_template(
        "admin/retention.html",
        rules=rules,
        plan=engine.plan(today),
        today=today,
        reasons=list(holds.REASONS.values()),
        overdue_lists=review.overdue_count(today),
        approval_days=review.APPROVAL_DAYS,
    )


@bp.get("/retention/runs")
@roles_required(ADMIN)
def runs():
    """List the latest retention runs with their totals."""
    return render_template(
        "admin/retention_runs.html",
        runs=list(history.recent_runs()),
        overdue_lists=review.overdue_count(local_today()),
        approval_days=review.APPROVAL_DAYS,
    )


@bp.get("/retention/runs/<int:run_id>")
@roles_required(ADMIN)
def run_detail(run_id: int):
    """Show one run's counts per rule. :raise 404: for an unknown run."""
    record = RetentionRun.get_or_none(RetentionRun.id == run_id) or abort(404)
    reasons, lines = history.run_lines(record)
    return render_template(
        "admin/retention_run.html",
        run=record,
        lines=lines,
        reasons=[(key, holds.label(key)) for key in reasons],
        approval_days=review.APPROVAL_DAYS,
    )


@bp.route("/retention/holds", methods=["GET", "POST"])
@roles_required(ADMIN)
def legal_holds():
    """List active holds and place a new one on a person by student number."""
    form = PlaceHoldForm()
    if form.validate_on_submit():
        number = form.student_number.data.strip().lower()
        person = Person.get_or_none(Person.student_number == number)
        if person is None:
            form.student_number.errors.append(_("No person has this student number."))
        else:
            holds.place_legal_hold(person, form.reason.data, current_user)
            flash(_("Legal hold placed on %(number)s.", number=number), "info")
            return redirect(url_for("admin.legal_holds"), code=303)
    status = 422 if form.errors else 200
    return _holds_page(form, LiftHoldForm(formdata=None), None, status)


def _holds_page(form, lift_form, failed_hold: int | None, status: int):
    """The holds page; ``failed_hold`` names the hold whose lift form has errors."""
    active = list(holds.active_legal_holds())
    audit.record(current_user, "view:legal_holds", [h.person.id for h in active])
    return render_template(
        "admin/holds.html",
        form=form,
        holds=active,
        lift_form=lift_form,
        failed_hold=failed_hold,
    ), status


@bp.post("/retention/holds/<int:hold_id>/lift")
@roles_required(ADMIN)
def lift_hold(hold_id: int):
    """Lift a legal hold, with a reason. :raise 404: for an unknown hold."""
    hold = LegalHold.get_or_none(LegalHold.id == hold_id) or abort(404)
    form = LiftHoldForm()
    if not form.validate_on_submit():
        # The page again, the reason field of this hold marked and named in the summary.
        return _holds_page(PlaceHoldForm(formdata=None), form, hold.id, 422)
    try:
        holds.lift_legal_hold(hold, form.reason.data, current_user)
    except holds.HoldError:
        flash(_("This hold was already lifted."), "error")
        return redirect(url_for("admin.legal_holds"), code=303)
    flash(_("Legal hold lifted."), "info")
    return redirect(url_for("admin.legal_holds"), code=303)


@bp.get("/retention/reviews")
@roles_required(ADMIN)
def reviews():
    """Destruction lists of "review first" rules that wait for approval."""
    return render_template(
        "admin/reviews.html",
        lists=list(review.pending_lists(local_today())),
        labels={rt.model.__name__: rt.label for rt in RECORD_TYPES},
        form=ApproveListForm(),
        approval_days=review.APPROVAL_DAYS,
        overdue_lists=review.overdue_count(local_today()),
    )


@bp.get("/retention/reviews/<int:list_id>")
@roles_required(ADMIN)
def review_list(list_id: int):
    """Review a destruction list page by page, then approve it below the records.

    Each page viewed is recorded in the audit trail for the persons on it.

    :raise 404: for an unknown list.
    """
    page = request.args.get("page", 1, type=int)
    found = review.list_page(list_id, page) or abort(404)
    if found.person_ids:
        categories = ["identity", found.category] if found.category else None
        audit.record(
            current_user,
            "view:destruction_list",
            found.person_ids,
            f"list {list_id}, page {found.page}",
            categories=categories,
        )
    return render_template(
        "admin/review_list.html",
        found=found,
        form=ApproveListForm(),
        approval_days=review.APPROVAL_DAYS,
        overdue_lists=review.overdue_count(local_today()),
    )


@bp.post("/retention/reviews/<int:list_id>/approve")
@roles_required(ADMIN)
def approve_review(list_id: int):
    """Approve a destruction list; the next run destroys its still-due records."""
    form = ApproveListForm()
    if not form.validate_on_submit():
        flash(_("Confirm that you reviewed the list."), "error")
        return redirect(url_for("admin.review_list", list_id=list_id), code=303)
    try:
        review.approve(list_id, current_user, form.note.data or "")
    except review.ReviewError:
        abort(404)
    flash(_("Destruction list approved. The next run deletes its records."), "info")
    return redirect(url_for("admin.reviews"), code=303)
