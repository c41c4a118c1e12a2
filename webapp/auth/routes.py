from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from domain.accounts.signin import SignInOutcome, authenticate
from webapp.auth import bp
from webapp.auth.forms import SignInForm
from webapp.auth.session import end_session, rate_limit, start_session
from webapp.urls import safe_next


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Show the sign-in form and sign in with a local account."""
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = SignInForm(next=request.args.get("next", ""))
    status = 200
    if request.method == "POST" and not current_app.config.get("LOCAL_PASSWORDS", True):
        # Production with SSO: passwords of the portal are switched off (README, SSO).
        form.form_errors.append(
            _(
                "Signing in with a password is switched off: sign in with %(provider)s.",
                provider=current_app.config.get("OIDC_PROVIDER_NAME", "SURFconext"),
            )
        )
        return render_template("auth/login.html", form=form), 403
    if form.validate_on_submit():
        result = authenticate(
            form.username.data,
            form.password.data,
            request.remote_addr or "unknown",
            rate_limit(),
            allow_demo_password=current_app.config["PORTAL_ENV"] != "production",
        )
        if result.outcome is SignInOutcome.OK:
            start_session(result.account)
            return redirect(safe_next(form.next.data), code=303)
        if result.outcome is SignInOutcome.RATE_LIMITED:
            form.form_errors.append(
                _("Too many failed attempts. Wait a quarter of an hour and try again.")
            )
            status = 429
        else:
            form.form_errors.append(_("The student number or password is not correct."))
    elif form.is_submitted():
        status = 422  # a field is missing or wrong, as every form of the portal answers
    return render_template("auth/login.html", form=form), status


@bp.post("/logout")
@login_required
def logout():
    """Sign out (POST only, so no link or image can sign a user out)."""
    end_session()
    flash(_("You have been signed out."), "info")
    return redirect(url_for("auth.login"), code=303)
