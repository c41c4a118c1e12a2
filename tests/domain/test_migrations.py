"""Migrations create exactly the schema the models declare, on SQLite and PostgreSQL."""

import pytest
from peewee import IntegrityError, sort_models
from playhouse.schema_diff import diff_models

from domain.core.db import connect_database, is_postgres
from domain.core.schema import pending
from domain.core.text import Text
from domain.models import ALL_MODELS, ExternalParty


def _shape(db):
    """Tables with their columns (type, nullability), indexes and foreign keys."""
    shape = {}
    for table in sorted(t for t in db.get_tables() if t != "schema_migration"):
        shape[table] = {
            "columns": sorted(
                (c.name, c.data_type.lower(), c.null, c.primary_key) for c in db.get_columns(table)
            ),
            "indexes": sorted(
                (tuple(i.columns), i.unique)
                for i in db.get_indexes(table)
                if not i.name.endswith("_pkey")
            ),
            "foreign_keys": sorted(
                (fk.column, fk.dest_table, fk.dest_column) for fk in db.get_foreign_keys(table)
            ),
        }
    return shape


def test_migrated_schema_equals_the_models(db):
    assert not diff_models(db, ALL_MODELS), str(diff_models(db, ALL_MODELS))
    assert pending(db) == []
    migrated = _shape(db)

    # Build the same schema straight from the models in a second, empty place.
    if is_postgres(db):
        db.execute_sql("CREATE SCHEMA IF NOT EXISTS from_models")
        db.execute_sql("SET search_path TO from_models")
        try:
            db.create_tables(sort_models(ALL_MODELS))
            from_models = dict(_shape_in(db, "from_models"))
        finally:
            db.execute_sql("SET search_path TO public")
            db.execute_sql("DROP SCHEMA from_models CASCADE")
        assert migrated == from_models
    else:
        import tempfile

        with tempfile.TemporaryDirectory() as tmp:
            other = connect_database(f"sqlite:///{tmp}/models.sqlite3")
            with other.connection_context():
                other.create_tables(sort_models(ALL_MODELS))
                from_models = _shape(other)
            connect_database(f"sqlite:///{db.database}")
        assert migrated == from_models


def _shape_in(db, schema):
    shape = {}
    for table in sorted(db.get_tables(schema=schema)):
        shape[table] = {
            "columns": sorted(
                (c.name, c.data_type.lower(), c.null, c.primary_key)
                for c in db.get_columns(table, schema=schema)
            ),
            "indexes": sorted(
                (tuple(i.columns), i.unique)
                for i in db.get_indexes(table, schema=schema)
                if not i.name.endswith("_pkey")
            ),
            "foreign_keys": sorted(
                (fk.column, fk.dest_table, fk.dest_column)
                for fk in db.get_foreign_keys(table, schema=schema)
            ),
        }
    return shape


def test_upgrade_command_is_idempotent(app):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["db", "upgrade"])
    assert result.exit_code == 0, result.output
    assert "schema is up to date" in result.output
    status = runner.invoke(args=["db", "status"])
    assert status.exit_code == 0 and "up to date" in status.output


# --- Upgrading a database that holds data ---------------------------------------------------

BEFORE_CONTACT_LANGUAGES = "0003_retention"
CONTACT_LANGUAGES = "0004_party_contact_languages"


def test_upgrading_keeps_a_partys_contact_in_both_languages(old_db):
    db, runner = old_db
    assert runner.up(target=BEFORE_CONTACT_LANGUAGES) == [
        "0001_initial",
        "0002_consent",
        "0003_retention",
    ]
    old = "De contactpersoon van de eigen school, via een afgeschermde SharePoint-omgeving"
    p = db.param
    db.execute_sql(
        "INSERT INTO external_party (key, contact, frequency, created_at) "
        f"VALUES ({p}, {p}, {p}, {p})",
        ("schools", old, "once_after_first_year", "2024-09-01 00:00:00"),
    )

    assert CONTACT_LANGUAGES in runner.up()
    assert db.execute_sql("SELECT key, contact_nl, contact_en FROM external_party").fetchall() == [
        ("schools", old, old)
    ]
    with db.bind_ctx([ExternalParty]):
        assert ExternalParty.get().contact == Text(old, old)
    # contact_en is NOT NULL, as the model declares.
    with pytest.raises(IntegrityError), db.atomic():
        db.execute_sql(
            "INSERT INTO external_party (key, contact_nl, contact_en, frequency, "
            f"created_at) VALUES ({p}, {p}, NULL, {p}, {p})",
            ("kivi", "KIVI", "every_january", "2024-09-01 00:00:00"),
        )

    # And back: the Dutch contact is the one contact again.
    assert runner.down(target=CONTACT_LANGUAGES)[-1] == CONTACT_LANGUAGES
    assert db.execute_sql("SELECT key, contact FROM external_party").fetchall() == [
        ("schools", old)
    ]
