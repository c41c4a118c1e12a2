"""The desk lifts a restriction: the student is told first (GDPR art. 18(3))."""

from flask import abort, flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user

from domain.requests import queries
from domain.requests.errors import RequestError
from domain.rights import restriction
from webapp.desk import bp
from webapp.desk.routes import _detail_page
from webapp.requests.forms import MessageForm
from webapp.requests.messages import message, put_on_form


@bp.post("/requests/<reference>/lift-restriction")
def lift_restriction(reference: str):
    """Send the student the message, then lift the restriction, in one transaction.

    :raise 404: for an unknown reference.
    """
    found = queries.by_reference(reference) or abort(404)
    form = MessageForm(prefix="lift")
    if form.validate_on_submit():
        try:
            restriction.lift(found.id, form.body.data, current_user.id)
        except RequestError as error:
            if error.code == "not_restricted":
                flash(message(error), "error")
                return redirect(url_for("desk.detail", reference=reference), code=303)
            put_on_form(form, error)
        else:
            flash(_("The student has been told, and the restriction has been lifted."), "info")
            return redirect(url_for("desk.detail", reference=reference), code=303)
    return _detail_page(found, {"lift": form}, 422)
