from io import BytesIO

from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from domain.accounts import lookup as accounts
from domain.accounts.roles import DESK
from domain.audit import trail as audit
from domain.core.clock import local_today
from domain.people import lookup as people
from domain.register import subject_data
from domain.requests import operations as ops
from domain.requests import queries
from domain.requests.errors import RequestError
from domain.requests.queries import QueueFilter
from domain.requests.vocabulary import REQUEST_TYPES, STATUSES
from domain.rights import restriction
from webapp.audit import record_view
from webapp.desk import bp
from webapp.i18n import current_language
from webapp.requests.forms import (
    AssignForm,
    ConfirmForm,
    DecisionForm,
    MessageForm,
    OnBehalfForm,
    ReasonForm,
)
from webapp.requests.messages import message, put_on_form
from webapp.requests.routes import UPLOAD_LIMIT, erasure_view, uploads

VIEW_ACTION = "view:rights_request"


@bp.before_request
def _allow_attachments():
    request.max_content_length = UPLOAD_LIMIT


def _filter() -> QueueFilter:
    args = request.args
    return QueueFilter(
        request_type=args.get("type") if args.get("type") in REQUEST_TYPES else None,
        status=args.get("status") if args.get("status") in STATUSES else None,
        assignee_id=current_user.id if args.get("mine") == "1" else None,
        overdue=args.get("overdue") == "1",
        due_soon=args.get("soon") == "1",
    )


@bp.get("/")
def queue():
    """Open requests by due date, with filters, counts and pages."""
    chosen = _filter()
    page = queries.queue(local_today(), chosen, request.args.get("page", 1, type=int) or 1)
    return render_template(
        "desk/queue.html",
        page=page,
        chosen=chosen,
        today=local_today(),
        types=REQUEST_TYPES,
        statuses=STATUSES,
        args=request.args,
    )


def _request(reference: str):
    """:raise 404: for an unknown reference."""
    return queries.by_reference(reference) or abort(404)


@bp.get("/requests/<reference>")
def detail(reference: str):
    """What was asked, the student's data the desk may see, the timeline, and the actions.

    Opening it shows a student's data: it leaves a record in the audit trail.

    :raise 404: for an unknown reference.
    """
    return _detail_page(_request(reference), {}, 200)


def _detail_page(found, forms: dict, status: int):
    fields = subject_data.staff_view(found.person, DESK)
    # Also kept when the page answers a failed form (the transaction then rolls back).
    record_view(
        VIEW_ACTION,
        [found.person_id],
        found.reference,
        categories=["requests", *(decl.category for decl, _ in fields)],
        reason=found.reference,
    )
    decision = forms.get("decide") or DecisionForm()
    decision.fill_choices(current_language())
    assign = forms.get("assign") or AssignForm()
    assign.assignee.choices = [(str(a.id), a.display_name) for a in accounts.staff_with(DESK)]
    return render_template(
        "desk/detail.html",
        item=found,
        deadline=ops.deadline_of(found),
        right=REQUEST_TYPES[found.request_type],
        person=found.person,
        fields=fields,
        timeline=queries.timeline(found.id, for_student=False),
        messages=queries.messages(found.id, for_student=False),
        files=queries.attachments(found.id),
        four_eyes=ops.needs_second_desk_member(found, "granted"),
        erasure=erasure_view(found),
        may_lift=restriction.may_lift(found),
        forms={
            "assign": assign,
            "ask": forms.get("ask") or MessageForm(prefix="ask"),
            "message": forms.get("message") or MessageForm(prefix="message"),
            "note": forms.get("note") or MessageForm(prefix="note"),
            "extend": forms.get("extend") or ReasonForm(prefix="extend"),
            "decide": decision,
            "send_back": forms.get("send_back") or ReasonForm(prefix="send_back"),
            "confirm": ConfirmForm(),
            "lift": forms.get("lift") or MessageForm(prefix="lift"),
        },
    ), status


def _account_id(value: str | None) -> int:
    """An account id from a form; 0 (no account) for anything that is not a small number."""
    value = value or ""
    return int(value) if value.isascii() and value.isdigit() and len(value) <= 12 else 0


# Each action: the form it reads, and the operation it calls with that form.
ACTIONS = {
    "assign": (
        lambda: AssignForm(),
        lambda r, f: ops.assign(r.id, _account_id(f.assignee.data), current_user.id),
    ),
    "take": (
        lambda: ConfirmForm(),
        lambda r, f: ops.assign(r.id, current_user.id, current_user.id),
    ),
    "ask": (
        lambda: MessageForm(prefix="ask"),
        lambda r, f: ops.ask_student(r.id, f.body.data, current_user.id),
    ),
    "message": (
        lambda: MessageForm(prefix="message"),
        lambda r, f: ops.desk_message(r.id, f.body.data, current_user.id),
    ),
    "note": (
        lambda: MessageForm(prefix="note"),
        lambda r, f: ops.desk_message(r.id, f.body.data, current_user.id, internal=True),
    ),
    "extend": (
        lambda: ReasonForm(prefix="extend"),
        lambda r, f: ops.extend(r.id, f.reason.data, current_user.id),
    ),
    "decide": (
        lambda: DecisionForm(),
        lambda r, f: ops.decide(
            r.id, f.outcome.data, f.ground.data or None, f.message.data, current_user.id
        ),
    ),
    "approve": (lambda: ConfirmForm(), lambda r, f: ops.approve(r.id, current_user.id)),
    "send_back": (
        lambda: ReasonForm(prefix="send_back"),
        lambda r, f: ops.send_back(r.id, f.reason.data, current_user.id),
    ),
    "close": (lambda: ConfirmForm(), lambda r, f: ops.close(r.id, current_user.id)),
}
DONE = {
    "assign": lambda: _("The request has been assigned."),
    "take": lambda: _("You now handle this request."),
    "ask": lambda: _(
        "Your question has been sent; the period stands still until the student answers."
    ),
    "message": lambda: _("Your message has been sent to the student."),
    "note": lambda: _("The internal note has been saved. The student does not see it."),
    "extend": lambda: _("The period has been extended; the student sees the reason."),
    "decide": lambda: _("The decision has been saved."),
    "approve": lambda: _("The decision has been approved and takes effect."),
    "send_back": lambda: _("The proposal has been sent back."),
    "close": lambda: _("The request has been closed."),
}


@bp.post("/requests/<reference>/<action>")
def act(reference: str, action: str):
    """Carry out one step on the request, in one transaction, recorded on its timeline.

    :raise 404: for an unknown reference or action.
    """
    if action not in ACTIONS:
        abort(404)
    found = _request(reference)
    make_form, operation = ACTIONS[action]
    form = make_form()
    if form.validate_on_submit():
        if action == "decide":
            form.fill_choices(current_language())
        try:
            operation(found, form)
        except RequestError as error:
            if action in ("approve", "close", "take"):
                flash(message(error), "error")
                return redirect(url_for("desk.detail", reference=reference), code=303)
            put_on_form(form, error)
        else:
            flash(DONE[action](), "info")
            return redirect(url_for("desk.detail", reference=reference), code=303)
    return _detail_page(queries.by_reference(reference), {action: form}, 422)


@bp.route("/new", methods=["GET", "POST"])
def new():
    """File a request that arrived by letter, e-mail or at the counter."""
    form = OnBehalfForm()
    form.fill_choices(current_language())
    status = 200
    if request.method == "POST":
        status = 422
        if form.validate_on_submit():
            person = people.by_student_number(form.student_number.data)
            if person is None:
                form.student_number.errors = [_("No student has this number.")]
            else:
                try:
                    filed = ops.file_request(
                        person.id,
                        form.request_type.data,
                        form.details(form.request_type.data),
                        language=current_language(),
                        channel=form.channel.data,
                        actor=current_user.id,
                        received_on=form.received_on.data,
                        uploads=uploads(form.attachments.data),
                    )
                except RequestError as error:
                    put_on_form(form, error)
                else:
                    flash(
                        _(
                            "Request %(reference)s has been filed.",
                            reference=filed.request.reference,
                        ),
                        "info",
                    )
                    return redirect(
                        url_for("desk.detail", reference=filed.request.reference), code=303
                    )
    return render_template("desk/new.html", form=form), status


@bp.get("/requests/<reference>/files/<int:file_id>")
def attachment(reference: str, file_id: int):
    """Download a file of a request; it is the student's data, so it is audited.

    :raise 404: for an unknown request or file.
    """
    found = _request(reference)
    item = queries.attachment(found.id, file_id) or abort(404)
    audit.record(
        current_user,
        "download:request_attachment",
        [found.person_id],
        f"{found.reference}, file {item.id}",
    )
    response = send_file(
        BytesIO(item.data),
        mimetype=item.content_type,
        as_attachment=True,
        download_name=item.file_name,
        max_age=0,
    )
    response.headers["Cache-Control"] = "no-store"
    return response
