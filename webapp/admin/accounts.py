"""The administrator finds an account, ends its sessions (a stolen laptop, a leaver) and
gives a staff account another role. Both are written to the audit trail."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from domain.accounts import sessions
from domain.accounts.roles import STAFF_ROLES
from domain.audit import trail
from domain.core.db import writing
from domain.models import Account
from webapp.admin import bp
from webapp.admin.forms import RoleForm
from webapp.auth.session import lifetime
from webapp.labels import text


def _role_form(account: Account | None) -> RoleForm | None:
    """The role form for a staff account other than one's own (no locking oneself out)."""
    if account is None or account.person_id is not None or account.id == current_user.id:
        return None
    form = RoleForm(role=account.role)
    form.role.choices = [(key, text(label)) for key, label in STAFF_ROLES.items()]
    return form


@bp.get("/accounts")
def accounts():
    """Find an account by username; show its active sessions, the button to end them, and
    for a staff account its role."""
    username = request.args.get("username", "").strip().lower()[:100]
    account = Account.get_or_none(Account.username == username) if username else None
    active = sessions.active(account.id, lifetime()) if account else []
    return render_template(
        "admin/accounts.html",
        username=username,
        account=account,
        sessions=active,
        role_form=_role_form(account),
    )


def _account_or_404(account_id: int) -> Account:
    account = Account.get_or_none(Account.id == account_id)
    if account is None:
        abort(404)
    return account


@bp.post("/accounts/<int:account_id>/end-sessions")
def end_account_sessions(account_id: int):
    """End every session of the account at once: it must sign in again.

    :raise 404: for an unknown account.
    """
    account = _account_or_404(account_id)
    with writing():
        ended = sessions.end_all(account.id)
        trail.record(current_user, "end:sessions", [account.person_id], detail=account.username)
    flash(
        ngettext(
            "%(num)d session of %(name)s has been ended.",
            "%(num)d sessions of %(name)s have been ended.",
            ended,
            name=account.display_name,
        ),
        "info",
    )
    return redirect(url_for("admin.accounts", username=account.username), code=303)


@bp.post("/accounts/<int:account_id>/role")
def change_account_role(account_id: int):
    """Give a staff account another role; its sessions end so the new role holds at once.

    :raise 404: for an unknown account, a student's account or one's own.
    """
    account = _account_or_404(account_id)
    form = _role_form(account)
    if form is None:
        abort(404)
    if not form.validate_on_submit():
        page = render_template(
            "admin/accounts.html",
            username=account.username,
            account=account,
            sessions=sessions.active(account.id, lifetime()),
            role_form=form,
        )
        return page, 422
    with writing():
        sessions.change_role(account.id, form.role.data)
        trail.record(
            current_user,
            "change:role",
            [None],
            detail=f"{account.username}: {account.role} -> {form.role.data}",
        )
    flash(
        _(
            "%(name)s now has the role %(role)s and signs in again.",
            name=account.display_name,
            role=text(STAFF_ROLES[form.role.data]),
        ),
        "info",
    )
    return redirect(url_for("admin.accounts", username=account.username), code=303)
