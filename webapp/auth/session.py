"""What happens once any sign-in method has established who the user is.

A future OIDC (SURFconext) callback resolves its claims to an ``Account`` and calls
``start_session``; the views behind sign-in never learn how the user signed in.
"""

from __future__ import annotations

import datetime as dt

from flask import current_app, session
from flask_login import login_user, logout_user

from domain.accounts.signin import RateLimit
from domain.models import Account


def rate_limit() -> RateLimit:
    config = current_app.config
    return RateLimit(
        per_account=config["LOGIN_MAX_FAILURES_PER_ACCOUNT"],
        per_ip=config["LOGIN_MAX_FAILURES_PER_IP"],
        window=dt.timedelta(minutes=config["LOGIN_FAILURE_WINDOW_MINUTES"]),
    )


def start_session(account: Account) -> None:
    """Sign ``account`` in on a fresh session (no fixation of a pre-login session)."""
    session.clear()
    session.permanent = True
    login_user(account)


def end_session() -> None:
    logout_user()
    session.clear()
