"""The administrator finds an account and ends its sessions (a stolen laptop, a leaver)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import ngettext

from domain.accounts import sessions
from domain.models import Account
from webapp.admin import bp
from webapp.auth.session import lifetime


@bp.get("/accounts")
def accounts():
    """Find an account by username; show its active sessions and the button to end them."""
    username = request.args.get("username", "").strip().lower()[:100]
    account = Account.get_or_none(Account.username == username) if username else None
    active = sessions.active(account.id, lifetime()) if account else []
    return render_template(
        "admin/accounts.html", username=username, account=account, sessions=active
    )


@bp.post("/accounts/<int:account_id>/end-sessions")
def end_account_sessions(account_id: int):
    """End every session of the account at once: it must sign in again.

    :raise 404: for an unknown account.
    """
    account = Account.get_or_none(Account.id == account_id)
    if account is None:
        abort(404)
    ended = sessions.end_all(account.id)
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
