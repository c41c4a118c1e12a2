"""Audit records of what a staff member was shown, also when the response rolls back.

A state-changing request commits only on a successful response (``webapp.database``).
A form that fails validation is answered with an error status and the page again, with
the student's data on it: the audit record of that view must not be rolled back with
the failed change. ``record_view`` writes it in the request's transaction as usual and,
when that transaction is rolled back, writes it again in a transaction of its own.
"""

from __future__ import annotations

from flask import Flask, g
from flask_login import current_user

from domain.audit import trail
from domain.core.db import write_transaction


def record_view(action: str, person_ids, detail: str | None = None, **details) -> None:
    """Record that the signed-in staff member was shown the persons' data (see the module)."""
    actor = current_user._get_current_object()
    person_ids = list(person_ids)
    trail.record(actor, action, person_ids, detail, **details)
    g.setdefault("audited_views", []).append((actor, action, person_ids, detail, details))


def init_app(app: Flask) -> None:
    """Register after ``webapp.database``: these hooks then run before its own."""

    @app.after_request
    def _keep_views_of_rolled_back_responses(response):
        if response.status_code >= 400 and g.get("write_transaction"):
            g.audit_again = g.pop("audited_views", [])
        return response

    @app.teardown_request
    def _write_them_again(exc) -> None:
        pending = g.pop("audit_again", None)
        if pending and exc is None:
            with write_transaction():
                for actor, action, person_ids, detail, details in pending:
                    trail.record(actor, action, person_ids, detail, **details)
