from io import BytesIO

from flask import abort, render_template, request, send_file

from domain.audit import log as access_log
from domain.core.clock import local_today
from domain.people.lookup import greeting
from domain.register import subject_data
from domain.requests.vocabulary import REQUEST_TYPES
from domain.rights import objection
from webapp.access import own_person_id
from webapp.student import bp
from webapp.urls import page_number


@bp.get("/")
def home():
    """Greet the student: My data, consent, their rights, the privacy desk, complaints."""
    return render_template(
        "student/home.html",
        person=greeting(own_person_id()),
        rights=REQUEST_TYPES.values(),
    )


@bp.get("/my-data")
@bp.get("/my-data/<category>")
def my_data(category: str | None = None):
    """Show every category of the student's data; open one in place with HTMX.

    Below them: who on the staff looked at the student's data, a page at a time.

    :raise 404: for a category the register does not have.
    """
    if category is not None and category not in subject_data.categories():
        abort(404)
    person_id = own_person_id()
    opened = subject_data.load_category(person_id, category, local_today()) if category else None
    if request.htmx and opened:
        return render_template("student/_category.html", view=opened, open=True)
    counts = subject_data.category_counts(person_id)
    looked = access_log.accesses_of(person_id, request.args.get("looked", 1, type=page_number))
    return render_template(
        "student/my_data.html",
        counts=counts,
        next_deletion=subject_data.next_deletion(person_id, local_today()),
        today=local_today(),
        opened=opened,
        summaries=_summaries(),
        objections=objection.of_person(person_id),
        looked=looked,
    )


def _summaries():
    return {c: subject_data.outline(c) for c in subject_data.categories()}


@bp.get("/my-data/file/<model>/<int:record_id>")
def download(model: str, record_id: int):
    """Download a file kept on one of the student's own records.

    :raise 404: if the record is not the student's or has no file.
    """
    found = subject_data.file_of(model, record_id, own_person_id())
    if found is None:
        abort(404)
    name, data = found
    return send_file(BytesIO(data), download_name=name, as_attachment=True)
