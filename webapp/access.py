"""The one place that decides who may reach what."""
from __future__ import annotations

from functools import wraps

from flask import abort
from flask_login import current_user, login_required

from domain.accounts.roles import STUDENT


def roles_required(*roles: str):
    """Allow a view only to signed-in users with one of ``roles``.

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


student_required = roles_required(STUDENT)


def own_person_id() -> int:
    """The person the signed-in student is; student views never take it from the URL."""
    return current_user.person_id
