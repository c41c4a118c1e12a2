import secrets
from io import BytesIO

from flask import (
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import gettext as _

from domain.core.db import utcnow
from domain.core.text import Text
from domain.exports import files as exports
from domain.requests import details as request_details
from domain.requests import operations as ops
from domain.requests import queries
from domain.requests.attachments import MAX_BYTES, MAX_FILES
from domain.requests.errors import RequestError
from domain.requests.vocabulary import (
    DECIDED,
    ERASURE,
    OPEN_STATUSES,
    RECTIFICATION,
    REQUEST_TYPES,
)
from domain.rights import erasure
from webapp.access import own_person_id
from webapp.i18n import current_language
from webapp.requests import bp
from webapp.requests.forms import ConfirmForm, ReplyForm, RequestForm
from webapp.requests.messages import put_on_form

# Three attachments of 5 MB and the form around them.
UPLOAD_LIMIT = MAX_FILES * MAX_BYTES + 1024 * 1024


@bp.before_request
def _allow_attachments():
    """Requests may carry larger uploads than the portal's default limit."""
    request.max_content_length = UPLOAD_LIMIT


def uploads(files) -> list[tuple[str, bytes]]:
    """The uploaded files as (name, bytes); one byte over the limit is enough to refuse."""
    return [(f.filename, f.read(MAX_BYTES + 1)) for f in files or [] if f and f.filename]


@bp.get("/")
def index():
    """Explain each right in plain language, and list the student's own requests."""
    mine = queries.of_student(own_person_id())
    return render_template(
        "requests/index.html",
        rights=REQUEST_TYPES.values(),
        mine=mine,
        deadlines={r.id: ops.deadline_of(r) for r in mine},
    )


@bp.route("/new/<request_type>", methods=["GET", "POST"])
def new(request_type: str):
    """Ask what this type of request needs, then file it once.

    :raise 404: for a type of request that does not exist.
    """
    right = REQUEST_TYPES.get(request_type) or abort(404)
    form = RequestForm()
    form.fill_choices(current_language())
    status = 200
    if request.method == "GET":
        form.submission_key.data = secrets.token_urlsafe(24)
    elif form.validate_on_submit():
        try:
            filed = ops.file_request(
                own_person_id(),
                right.key,
                form.details(right.key),
                language=current_language(),
                submission_key=form.submission_key.data or None,
                uploads=uploads(form.attachments.data),
            )
        except RequestError as error:
            put_on_form(form, error)
            status = 422
        else:
            return redirect(
                url_for("requests.detail", reference=filed.request.reference, sent=1), code=303
            )
    else:
        status = 422
    return render_template(
        "requests/new.html", right=right, form=form, **_before_filing(right.key)
    ), status


def _before_filing(request_type: str) -> dict:
    """What the form shows from the register: the erasure plan, where else data is corrected."""
    if request_type == ERASURE:
        plan = erasure.erasure_plan(own_person_id())
        return {"erasure": {"lines": plan.lines(), "parties": plan.parties, "done": False}}
    if request_type == RECTIFICATION:
        elsewhere = [c for c in request_details.rectification_fields() if not c.correctable]
        return {"elsewhere": elsewhere}
    return {}


def erasure_view(found) -> dict | None:
    """An erasure request's plan while it is open, or its outcome once carried out."""
    if found.request_type != ERASURE:
        return None
    outcome = erasure.outcome_of(found.id)
    if outcome is not None:
        return {
            "lines": erasure.outcome_lines(outcome),
            "parties": [Text(p["nl"], p["en"]) for p in outcome.withdrawn_parties],
            "done": True,
            "finished": outcome.finished_at is not None,
        }
    if found.status in OPEN_STATUSES and found.status != DECIDED:
        plan = erasure.plan_for(found)
        return {"lines": plan.lines(), "parties": plan.parties, "done": False}
    return None


def _own(reference: str):
    """:raise 404: unless the reference is one of the student's own requests."""
    return queries.student_request(own_person_id(), reference) or abort(404)


@bp.get("/<reference>")
def detail(reference: str):
    """The request's timeline, messages and decision; reply or withdraw from here.

    :raise 404: for another student's request or an unknown reference.
    """
    found = _own(reference)
    return _detail_page(found, ReplyForm(), 200)


def _detail_page(found, reply_form, status: int):
    return render_template(
        "requests/detail.html",
        item=found,
        deadline=ops.deadline_of(found),
        right=REQUEST_TYPES[found.request_type],
        sent=request.args.get("sent") == "1",
        timeline=queries.timeline(found.id, for_student=True),
        messages=queries.messages(found.id, for_student=True),
        files=queries.attachments(found.id),
        reply_form=reply_form,
        withdraw_form=ConfirmForm(),
        open=ops.is_open(found),
        erasure=erasure_view(found),
        # A granted access or portability request offers the student the export.
        exports=exports.of_person(own_person_id(), found.id) if exports.answerable(found) else None,
        now=utcnow(),
    ), status


@bp.post("/<reference>/reply")
def reply(reference: str):
    """Send the desk a message (with attachments); a waiting request runs again.

    :raise 404: for another student's request.
    """
    found = _own(reference)
    form = ReplyForm()
    if form.validate_on_submit():
        try:
            ops.student_reply(
                found.id, own_person_id(), form.body.data, uploads(form.attachments.data)
            )
        except RequestError as error:
            put_on_form(form, error)
        else:
            flash(_("Your message has been sent to the privacy desk."), "info")
            return redirect(url_for("requests.detail", reference=reference), code=303)
    return _detail_page(found, form, 422)


@bp.post("/<reference>/withdraw")
def withdraw(reference: str):
    """Withdraw an open request.

    :raise 404: for another student's request.
    """
    found = _own(reference)
    if ConfirmForm().validate_on_submit():
        try:
            ops.withdraw(found.id, own_person_id())
        except RequestError:
            flash(_("This request can no longer be withdrawn."), "error")
        else:
            flash(_("You have withdrawn your request."), "info")
    return redirect(url_for("requests.detail", reference=reference), code=303)


@bp.post("/<reference>/export")
def export(reference: str):
    """Make the export a granted access or portability request gives the student.

    :raise 404: for another student's request, or one that gives no export.
    """
    found = _own(reference)
    if not exports.answerable(found):
        abort(404)
    if ConfirmForm().validate_on_submit():
        exports.produce_for_request(
            own_person_id(), found, link_days=current_app.config["EXPORT_LINK_DAYS"]
        )
        flash(_("Your download is ready."), "info")
    return redirect(url_for("requests.detail", reference=reference, _anchor="export"), code=303)


@bp.get("/<reference>/files/<int:file_id>")
def attachment(reference: str, file_id: int):
    """Download a file of one of the student's own requests.

    :raise 404: for another student's request or file.
    """
    found = _own(reference)
    item = queries.attachment(found.id, file_id) or abort(404)
    response = send_file(
        BytesIO(item.data),
        mimetype=item.content_type,
        as_attachment=True,
        download_name=item.file_name,
        max_age=0,
    )
    response.headers["Cache-Control"] = "no-store"
    return response
