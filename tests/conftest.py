"""Fixtures every layer shares: every database test runs on SQLite and on PostgreSQL.

PostgreSQL is at ``TEST_DATABASE_URL`` (default the local server's ``test`` database).
When it is unreachable its tests are skipped with the reason, except under ``CI=true``,
where they fail: CI must prove both backends.
"""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("SECRET_KEY", "test-secret-key")
os.environ.setdefault("PORTAL_ENV", "test")

from domain.core.db import connect_database  # noqa: E402
from domain.core.schema import upgrade  # noqa: E402
from domain.models import ALL_MODELS  # noqa: E402
from tests.support import Portal  # noqa: E402

PG_URL = os.environ.get("TEST_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/test")
IN_CI = os.environ.get("CI", "").lower() == "true"


def _postgres_problem() -> str | None:
    try:
        import psycopg2

        psycopg2.connect(
            PG_URL.replace("postgresql://", "postgres://", 1)
            if PG_URL.startswith("postgresql+")
            else PG_URL,
            connect_timeout=3,
        ).close()
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
    extra = [
        t
        for t in db.get_tables()
        if t not in {m._meta.table_name for m in ALL_MODELS} and t != "schema_migration"
    ]
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


@pytest.fixture
def portal(client):
    """The test client wrapped to sign in and post with CSRF tokens (tests/support.py)."""
    return Portal(client)


@pytest.fixture
def backend(db_url) -> str:
    return "postgres" if db_url.startswith("postgres") else "sqlite"
