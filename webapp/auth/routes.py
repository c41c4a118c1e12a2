import math

from flask import current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required

from domain.accounts import passwords, sessions
from domain.accounts.signin import SignInOutcome, authenticate
from webapp.auth import bp
from webapp.auth.forms import PasswordChangeForm, SignInForm
from webapp.auth.session import (
    client_address,
    current_token,
    end_session,
    lifetime,
    rate_limit,
    start_session,
)
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
            client_address(),
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
        elif result.outcome is SignInOutcome.DELAYED:
            seconds = max(1, math.ceil(result.retry_after.total_seconds()))
            form.form_errors.append(
                ngettext(
                    "This account has had many failed attempts. Wait %(num)d second and try again.",
                    "This account has had many failed attempts. Wait %(num)d seconds and "
                    "try again.",
                    seconds,
                )
            )
            html = render_template("auth/login.html", form=form)
            return html, 429, {"Retry-After": str(seconds)}
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


def _device(user_agent: str) -> str:
    browser, system = sessions.device_parts(user_agent)
    if browser and system:
        return _("%(browser)s on %(system)s", browser=browser, system=system)
    return browser or system or _("Unknown device")


@bp.get("/sessions")
@login_required
def sessions_page():
    """The signed-in user's active sessions: device, started, last active; end any of them."""
    return _session_list("auth/sessions.html")


def _session_list(template: str):
    return render_template(
        template,
        sessions=sessions.active(current_user.id, lifetime()),
        current_id=g.sign_in_session.id,
        device=_device,
    )


@bp.post("/sessions/<int:session_id>/end")
@login_required
def end_one(session_id: int):
    """End one of the user's own sessions (this one too: that signs out)."""
    if session_id == g.sign_in_session.id:
        end_session()
        flash(_("You have been signed out."), "info")
        if request.htmx:
            return "", 204, {"HX-Redirect": url_for("auth.login")}
        return redirect(url_for("auth.login"), code=303)
    ended = sessions.end_one(current_user.id, session_id)
    if request.htmx:
        return _session_list("auth/_sessions.html")
    if ended:
        flash(_("That session has been ended."), "info")
    return redirect(url_for("auth.sessions_page"), code=303)


@bp.post("/sessions/end-all")
@login_required
def end_everywhere():
    """Sign out everywhere: every session of the account ends, this one too."""
    sessions.end_all(current_user.id)
    end_session()
    flash(_("You have been signed out everywhere."), "info")
    return redirect(url_for("auth.login"), code=303)


@bp.route("/password", methods=["GET", "POST"])
@login_required
def password():
    """Change one's own password; the other sessions end, this one stays signed in.

    Only for accounts with a password of the portal: an SSO account's password lives at
    the institution. The current password is checked like a sign-in (rate limited).
    """
    usable = current_user.password_hash is not None and current_app.config.get(
        "LOCAL_PASSWORDS", True
    )
    form = PasswordChangeForm()
    if not usable:
        return render_template("auth/password.html", form=None), 403 if form.is_submitted() else 200
    status = 200
    if form.validate_on_submit():
        result = authenticate(
            current_user.username,
            form.current_password.data,
            client_address(),
            rate_limit(),
            allow_demo_password=current_app.config["PORTAL_ENV"] != "production",
        )
        if result.outcome is SignInOutcome.OK:
            ended = passwords.change(
                current_user.id, form.new_password.data, keep_token=current_token()
            )
            flash(
                ngettext(
                    "Your password has been changed. %(num)d other session has been ended.",
                    "Your password has been changed. %(num)d other sessions have been ended.",
                    ended,
                )
                if ended
                else _("Your password has been changed."),
                "info",
            )
            return redirect(url_for("auth.sessions_page"), code=303)
        if result.outcome is SignInOutcome.REFUSED:
            # 200, as a wrong sign-in answers: an error status would roll the recorded
            # failure back, and the rate limit would never see it.
            form.current_password.errors = [_("Your current password is not correct.")]
        else:
            form.form_errors.append(_("Too many failed attempts. Wait a while and try again."))
            status = 429
    elif form.is_submitted():
        status = 422
    return render_template("auth/password.html", form=form), status
