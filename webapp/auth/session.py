"""What happens once any sign-in method has established who the user is.

Password sign-in and the SURFconext callback both end in ``start_session``; the views
behind sign-in never learn how the user signed in. The session itself lives on the
server (``domain.accounts.sessions``): the cookie carries only its token, under
``TOKEN_KEY``, so ending the row ends the session wherever the cookie is replayed.
"""

from __future__ import annotations

import datetime as dt

from flask import current_app, g, request, session

from domain.accounts import sessions
from domain.accounts.signin import RateLimit
from domain.models import Account

TOKEN_KEY = "sid"


def rate_limit() -> RateLimit:
    config = current_app.config
    return RateLimit(
        per_client=config["LOGIN_MAX_FAILURES_PER_CLIENT"],
        per_ip=config["LOGIN_MAX_FAILURES_PER_IP"],
        window=dt.timedelta(minutes=config["LOGIN_FAILURE_WINDOW_MINUTES"]),
        delay_after=config["LOGIN_DELAY_AFTER_FAILURES"],
        notify_after=config["LOGIN_NOTIFY_AFTER_FAILURES"],
    )


def lifetime() -> sessions.Lifetime:
    config = current_app.config
    return sessions.Lifetime(
        idle=dt.timedelta(minutes=config["SESSION_IDLE_MINUTES"]),
        absolute=dt.timedelta(hours=config["SESSION_MAX_HOURS"]),
    )


def client_address() -> str:
    """The client's address (the real one behind trusted proxies: see ``ProxyFix``)."""
    return request.remote_addr or "unknown"


def start_session(account: Account, *, by_code: bool = False) -> None:
    """Sign ``account`` in on a fresh session: a new token, nothing kept from before."""
    sessions.end(session.get(TOKEN_KEY, ""))
    session.clear()
    session.permanent = True  # the cookie lasts the absolute lifetime; the server decides
    token = sessions.start(account, request.user_agent.string, client_address(), by_code=by_code)
    session[TOKEN_KEY] = token
    g.pop("_login_user", None)


def current_token() -> str:
    return session.get(TOKEN_KEY, "")


def end_session() -> None:
    """Sign out: delete the server's session, then forget the cookie's contents."""
    sessions.end(current_token())
    session.clear()
    g.pop("_login_user", None)


def load_account(_request) -> Account | None:
    """Flask-Login's request loader: the account of the cookie's live session, or None."""
    found = sessions.find(current_token(), lifetime())
    if found is None:
        if TOKEN_KEY in session:
            session.pop(TOKEN_KEY)  # ended or expired: the cookie stops naming it
        return None
    g.sign_in_session = found
    return found.account
