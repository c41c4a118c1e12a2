"""Signing in with a code by e-mail (former students): ask for a code, then enter it.

Step 1 always gives the same answer ("if we know you, we sent a code"); the student number
or address typed is kept in the signed session cookie for step 2 only. A good code ends in
the same ``start_session`` as every sign-in, marked ``by_code``.
"""

from __future__ import annotations

import datetime as dt

from flask import current_app, redirect, render_template, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms import StringField
from wtforms.validators import InputRequired, Length, Regexp

from domain.accounts import codes
from webapp.auth import bp
from webapp.auth.session import client_address, start_session
from webapp.fields import PortalForm

PENDING_KEY = "code_for"


class CodeRequestForm(PortalForm):
    identifier = StringField(
        _l("Student number or private e-mail address"),
        validators=[
            InputRequired(message=_l("Enter your student number or private e-mail address.")),
            Length(max=codes.IDENTIFIER_MAX),
        ],
    )


class CodeForm(PortalForm):
    code = StringField(
        _l("Code"),
        validators=[
            InputRequired(message=_l("Enter the code from the e-mail.")),
            Regexp(r"^\s*\d{6}\s*$", message=_l("The code has 6 digits.")),
        ],
    )


def code_limits() -> codes.CodeLimits:
    config = current_app.config
    return codes.CodeLimits(
        per_address=config["CODE_SENDS_PER_ADDRESS"],
        per_ip=config["CODE_SENDS_PER_IP"],
        window=dt.timedelta(minutes=config["CODE_SEND_WINDOW_MINUTES"]),
    )


@bp.route("/code", methods=["GET", "POST"])
def code_request():
    """Step 1: the student number or private e-mail address a code goes to."""
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = CodeRequestForm()
    if form.validate_on_submit():
        outcome = codes.request_code(
            form.identifier.data, client_address(), current_app.secret_key, code_limits()
        )
        if outcome is codes.RequestOutcome.RATE_LIMITED:
            form.form_errors.append(
                _("Too many codes were asked for from here. Wait an hour and try again.")
            )
            return render_template("auth/code_request.html", form=form), 429
        session[PENDING_KEY] = codes.normal_identifier(form.identifier.data)
        return redirect(url_for("auth.code_enter"), code=303)
    status = 422 if form.is_submitted() else 200
    return render_template("auth/code_request.html", form=form), status


@bp.route("/code/enter", methods=["GET", "POST"])
def code_enter():
    """Step 2: the code from the e-mail signs in."""
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    identifier = session.get(PENDING_KEY)
    if not identifier:
        return redirect(url_for("auth.code_request"))
    form = CodeForm()
    status = 200
    if form.validate_on_submit():
        account = codes.verify_code(
            identifier, form.code.data, current_app.secret_key, code_limits()
        )
        if account is not None:
            start_session(account, by_code=True)  # clears the pending identifier too
            return redirect(url_for("main.home"), code=303)
        form.form_errors.append(
            _(
                "The code is not correct, or no longer valid. Check the e-mail or ask for "
                "a new code."
            )
        )
    elif form.is_submitted():
        status = 422
    return render_template("auth/code_enter.html", form=form), status
