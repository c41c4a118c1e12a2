from flask import render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from domain.core.clock import local_today
from domain.people import lookup as people
from domain.register import subject_data
from webapp.audit import record_view
from webapp.staff import bp
from webapp.staff.forms import LookupForm

VIEW_ACTION = "view:student"


@bp.route("/student", methods=["GET", "POST"])
def student():
    """Find a student by number; show every field of theirs the register lets the role see.

    The data comes only in answer to a posted form, so the student number stays out of
    addresses and server logs; each view leaves an audit record with the reason given.
    """
    form = LookupForm()
    if request.method == "GET":
        return render_template("staff/student.html", form=form)
    if form.validate_on_submit():
        person = people.by_student_number(form.student_number.data)
        if person is not None:
            role = current_user.role
            categories = subject_data.staff_record(person.id, role, local_today())
            record_view(
                VIEW_ACTION,
                [person.id],
                # The categories of which the page showed data, not the empty ones.
                categories=[c.key for c in categories if c.count],
                reason=form.reason.data,
            )
            return render_template(
                "staff/student.html", form=form, person=person, categories=categories
            )
        form.student_number.errors = [_("No student has this number.")]
    return render_template("staff/student.html", form=form), 422
