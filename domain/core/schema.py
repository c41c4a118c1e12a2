"""Schema migrations: numbered files in ``migrations/``, run by peewee's own runner."""

from __future__ import annotations

from pathlib import Path

from playhouse.migrations import Runner

MIGRATIONS = Path(__file__).resolve().parents[2] / "migrations"


def runner(db) -> Runner:
    return Runner(db, directory=str(MIGRATIONS))


def upgrade(db) -> list[str]:
    """Apply every pending migration; return the names applied."""
    return runner(db).up()


def pending(db) -> list[str]:
    return [m.name for m in runner(db).status() if not m.applied]
