"""Fixtures of the domain tests: a database of its own to migrate step by step."""

import pytest
from playhouse.migrations import Runner

from domain.core.db import make_database
from domain.core.schema import MIGRATIONS

UPGRADE_SCHEMA = "upgrade_test"


@pytest.fixture(params=["sqlite", "postgres"])
def old_db(request, tmp_path):
    """An empty database of its own (not the shared proxy), to migrate step by step."""
    if request.param == "sqlite":
        db = make_database(f"sqlite:///{tmp_path / 'upgrade.sqlite3'}")
        db.connect()
        try:
            yield db, Runner(db, directory=str(MIGRATIONS))
        finally:
            db.close()
        return
    db = make_database(request.getfixturevalue("postgres_url"))
    db.connect()
    db.execute_sql(f"DROP SCHEMA IF EXISTS {UPGRADE_SCHEMA} CASCADE")
    db.execute_sql(f"CREATE SCHEMA {UPGRADE_SCHEMA}")
    # The migrations create unqualified tables (search_path); the runner's history and
    # introspection look in the schema it is given.
    db.execute_sql(f"SET search_path TO {UPGRADE_SCHEMA}")
    try:
        yield db, Runner(db, directory=str(MIGRATIONS), schema=UPGRADE_SCHEMA)
    finally:
        db.execute_sql("SET search_path TO public")
        db.execute_sql(f"DROP SCHEMA {UPGRADE_SCHEMA} CASCADE")
        db.close()
