"""Fixtures: every database test runs on SQLite and on PostgreSQL.

PostgreSQL is at ``TEST_DATABASE_URL`` (default the local server's ``test`` database).
When it is unreachable its tests are skipped with the reason, except under ``CI=true``,
where they fail: CI must prove both backends.
"""
from __future__ import annotations

import os
import re
from contextlib import contextmanager

import pytest

os.environ.setdefault("SECRET_KEY", "test-secret-key")
os.environ.setdefault("PORTAL_ENV", "test")

from domain.core.db import connect_database, database  # noqa: E402
from domain.core.schema import upgrade  # noqa: E402
from domain.models import ALL_MODELS  # noqa: E402

PG_URL = os.environ.get("TEST_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/test")
IN_CI = os.environ.get("CI", "").lower() == "true"


def _postgres_problem() -> str | None:
    try:
        import psycopg2
        psycopg2.connect(PG_URL.replace("postgresql://", "postgres://", 1)
                         if PG_URL.startswith("postgresql+") else PG_URL,
                         connect_timeout=3).close()
        return None
    except Exception as exc:  # any failure to connect means "not reachable"
        return f"PostgreSQL not reachable at {PG_URL}: {exc}".strip()


@pytest.fixture(scope="session")
def postgres_url():
    problem = _postgres_problem()
    if problem:
        if IN_CI:
            pytest.fail(f"{problem} (PostgreSQL tests are mandatory under CI=true)")
        pytest.skip(problem)
    db = connect_database(PG_URL)
    with db.connection_context():
        db.execute_sql("DROP SCHEMA public CASCADE")
        db.execute_sql("CREATE SCHEMA public")
        upgrade(db)
    return PG_URL


def _empty_postgres(db) -> None:
    tables = ", ".join(f'"{m._meta.table_name}"' for m in ALL_MODELS)
    extra = [t for t in db.get_tables() if t not in {m._meta.table_name for m in ALL_MODELS}
             and t != "schema_migration"]
    names = tables + "".join(f', "{t}"' for t in extra)
    db.execute_sql(f"TRUNCATE {names} RESTART IDENTITY CASCADE")


@pytest.fixture(params=["sqlite", "postgres"])
def db_url(request, tmp_path):
    """A migrated, empty database: a fresh SQLite file, or the emptied PostgreSQL test db."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'portal.sqlite3'}"
        db = connect_database(url)
        with db.connection_context():
            upgrade(db)
        return url
    url = request.getfixturevalue("postgres_url")
    db = connect_database(url)
    with db.connection_context():
        _empty_postgres(db)
    return url


@pytest.fixture
def db(db_url):
    """The shared database proxy, connected, for domain tests."""
    handle = connect_database(db_url)
    handle.connect()
    yield handle
    if not handle.is_closed():
        handle.close()


@pytest.fixture
def app(db_url, tmp_path):
    from webapp import create_app
    app = create_app({"TESTING": True, "DATABASE_URL": db_url})
    yield app


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def data(app):
    """Factories writing through the app's database (see tests/factories.py).

    peewee connects on first use, so factories need no explicit connection.
    """
    from tests import factories
    return factories


CSRF_RE = re.compile(r'"X-CSRFToken": "([^"]+)"')


class Portal:
    """Drive the portal as a user would: sign in, then get and post with CSRF tokens."""

    def __init__(self, client):
        self.client = client

    def token(self) -> str:
        page = self.client.get("/auth/login", follow_redirects=True)
        match = CSRF_RE.search(page.get_data(as_text=True))
        assert match, "no CSRF token on the page"
        return match.group(1)

    def login(self, username: str, password: str = "demo"):
        return self.client.post("/auth/login", data={
            "username": username, "password": password, "csrf_token": self.token()})

    def post(self, url: str, data: dict | None = None, htmx: bool = False, **kwargs):
        headers = kwargs.pop("headers", {})
        payload = dict(data or {})
        if htmx:
            headers.update({"HX-Request": "true", "X-CSRFToken": self.token()})
        else:
            payload.setdefault("csrf_token", self.token())
        return self.client.post(url, data=payload, headers=headers, **kwargs)


@pytest.fixture
def portal(client):
    return Portal(client)


@contextmanager
def count_queries():
    """Count the SQL statements run inside the block."""
    statements: list[str] = []
    target = database.obj
    original = target.execute_sql

    def counting(sql, params=None, *args, **kwargs):
        statements.append(sql)
        return original(sql, params, *args, **kwargs)

    target.execute_sql = counting
    try:
        yield statements
    finally:
        del target.execute_sql


@pytest.fixture
def backend(db_url) -> str:
    return "postgres" if db_url.startswith("postgres") else "sqlite"
