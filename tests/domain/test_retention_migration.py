"""Migration 0006 turns the held_* columns into rows of retention_run_hold, and back."""

import pytest
from playhouse.migrations import Runner

from domain.core.db import is_postgres, make_database
from domain.core.schema import MIGRATIONS

BEFORE = "0004_party_contact_languages"
HOLD_ROWS = "0006_retention_run_holds"
SCHEMA = "upgrade_holds"


@pytest.fixture(params=["sqlite", "postgres"])
def fresh(request, tmp_path):
    """An empty database of its own, and a migration runner for it."""
    if request.param == "sqlite":
        db = make_database(f"sqlite:///{tmp_path / 'holds.sqlite3'}")
        db.connect()
        yield db, Runner(db, directory=str(MIGRATIONS))
        db.close()
        return
    db = make_database(request.getfixturevalue("postgres_url"))
    db.connect()
    db.execute_sql(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE")
    db.execute_sql(f"CREATE SCHEMA {SCHEMA}")
    db.execute_sql(f"SET search_path TO {SCHEMA}")
    try:
        yield db, Runner(db, directory=str(MIGRATIONS), schema=SCHEMA)
    finally:
        db.execute_sql("SET search_path TO public")
        db.execute_sql(f"DROP SCHEMA {SCHEMA} CASCADE")
        db.close()


def test_held_counts_survive_the_upgrade_and_the_downgrade(fresh):
    db, runner = fresh
    schema = SCHEMA if is_postgres(db) else None
    runner.up(target=BEFORE)
    p = db.param
    db.execute_sql(
        "INSERT INTO retention_run (started_at, today, dry_run, trigger, outcome) "
        f"VALUES ({p}, {p}, {p}, {p}, {p})",
        ("2024-01-01 01:30:00", "2024-01-01", False, "schedule", "succeeded"),
    )
    db.execute_sql(
        "INSERT INTO retention_run_rule (run_id, rule, record_type, deleted, "
        "anonymised, listed_for_review, held_restricted, held_legal_hold, "
        f"held_open_request) VALUES (1, {p}, {p}, 4, 0, 0, 2, 0, 1)",
        ("direct_debit_mandate", "DirectDebitMandate"),
    )

    assert HOLD_ROWS in runner.up()
    rows = db.execute_sql(
        "SELECT run_rule_id, reason, count FROM retention_run_hold ORDER BY reason"
    ).fetchall()
    assert rows == [(1, "open_request", 1), (1, "restricted", 2)]
    assert not {c.name for c in db.get_columns("retention_run_rule", schema)} & {
        "held_restricted",
        "held_legal_hold",
        "held_open_request",
    }
    assert db.execute_sql(
        "SELECT persons_done_to, overdue_lists FROM retention_run"
    ).fetchall() == [(None, 0)]

    runner.down(target=BEFORE)
    assert db.execute_sql(
        "SELECT deleted, held_restricted, held_legal_hold, held_open_request "
        "FROM retention_run_rule"
    ).fetchall() == [(4, 2, 0, 1)]
    assert "retention_run_hold" not in db.get_tables(schema)
