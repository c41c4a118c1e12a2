"""The one place that decides who may reach what, read from ``webapp.navigation``."""

from __future__ import annotations

from functools import wraps

from flask import Flask, abort, request
from flask_login import current_user, login_required

from webapp.extensions import login_manager
from webapp.navigation import roles_for


def init_app(app: Flask) -> None:
    """Guard every blueprint that ``AUDIENCES`` gives to some roles; call after registering them."""
    for name in app.blueprints:
        roles = roles_for(name)
        if roles:
            app.before_request_funcs.setdefault(name, []).append(_guard(roles))


def _guard(roles: frozenset[str]):
    def check():
        """Send anonymous visitors to sign in; refuse other roles.

        :raise 403: for a signed-in user with another role.
        """
        if request.method == "OPTIONS":
            return None
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        if current_user.role not in roles:
            abort(403)
        return None

    return check


def roles_required(*roles: str):
    """Allow a view only to signed-in users with one of ``roles``.

    Blueprints are guarded from ``AUDIENCES`` already; this narrows one view further.

    :raise 403: for a signed-in user with another role.
    """

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


def own_person_id() -> int:
    """The person the signed-in student is; student views never take it from the URL."""
    return current_user.person_id
