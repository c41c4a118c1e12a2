"""The web app reuses its connections (PostgreSQL and SQLite); the limits come from the
environment."""

import pytest
from playhouse.pool import PooledPostgresqlDatabase, PooledSqliteDatabase

from domain.core.db import database
from tests.support import html_of


def test_requests_share_one_pooled_connection(portal, sign_in, backend):
    sign_in()
    pooled = PooledSqliteDatabase if backend == "sqlite" else PooledPostgresqlDatabase
    assert isinstance(database.obj, pooled)
    database.close()
    seen = set()
    for _ in range(3):
        html_of(portal.client.get("/student/"))
        assert database.is_closed()  # handed back at the end of the request
        assert len(database.obj._connections) == 1
        seen.add(id(database.obj._connections[0][2]))
    assert len(seen) == 1


def test_a_transaction_left_open_is_rolled_back_when_the_connection_goes_back(postgres_url):
    from webapp import create_app

    create_app({"TESTING": True, "DATABASE_URL": postgres_url})
    database.connect(reuse_if_open=True)
    first = database.connection()
    database.execute_sql("BEGIN")
    database.execute_sql("CREATE TEMPORARY TABLE left_open (n integer)")
    database.close()
    database.connect()
    try:
        assert database.connection() is first
        found = database.execute_sql(
            "SELECT count(*) FROM pg_tables WHERE tablename = 'left_open'"
        ).fetchone()[0]
        assert found == 0
    finally:
        database.close()


def test_the_pool_limits_come_from_the_environment(monkeypatch, db_url):
    from webapp import create_app

    monkeypatch.setenv("PORTAL_DB_MAX_CONNECTIONS", "3")
    monkeypatch.setenv("PORTAL_DB_STALE_TIMEOUT", "42")
    app = create_app({"TESTING": True, "DATABASE_URL": db_url})
    assert app.config["DB_MAX_CONNECTIONS"] == 3 and app.config["DB_STALE_TIMEOUT"] == 42
    assert database.obj._max_connections == 3 and database.obj._stale_timeout == 42


@pytest.mark.parametrize(
    ("name", "value"),
    [("PORTAL_DB_MAX_CONNECTIONS", "0"), ("PORTAL_DB_STALE_TIMEOUT", "0")],
)
def test_pool_limits_below_one_are_named(monkeypatch, name, value):
    from webapp.config import ConfigError, from_environment

    monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError, match=name):
        from_environment()
