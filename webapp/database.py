"""One connection per request, and one transaction per state-changing request.

The connection (PostgreSQL or SQLite) comes from a pool kept per process and goes back to it at
the end of the request (``PORTAL_DB_MAX_CONNECTIONS``, ``PORTAL_DB_STALE_TIMEOUT``).

A POST either saves everything it did or nothing: the transaction commits only when
the view returns a non-error response, and rolls back on an error response or an
exception. Reads run without an explicit transaction.
"""

from __future__ import annotations

from flask import Flask, g, request

from domain.core.db import connect_database, database, write_transaction

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def init_app(app: Flask) -> None:
    pool = {
        "max_connections": app.config["DB_MAX_CONNECTIONS"],
        "stale_timeout": app.config["DB_STALE_TIMEOUT"],
    }
    connect_database(app.config["DATABASE_URL"], pool=pool)

    @app.before_request
    def _connect() -> None:
        if request.endpoint == "main.healthz":
            return  # the health check connects itself, to report a database that is down
        database.connect(reuse_if_open=True)
        if request.method not in SAFE_METHODS:
            write_transaction().__enter__()
            g.write_transaction = True

    @app.after_request
    def _finish(response):
        if g.pop("write_transaction", False):
            if response.status_code < 400:
                database.session_commit()
            else:
                database.session_rollback()
        return response

    @app.teardown_request
    def _close(exc) -> None:
        if g.pop("write_transaction", False):
            database.session_rollback()
        if not database.is_closed():
            database.close()
