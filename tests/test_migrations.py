"""Migrations create exactly the schema the models declare, on SQLite and PostgreSQL."""
from peewee import sort_models
from playhouse.schema_diff import diff_models

from domain.db import connect_database, is_postgres
from domain.models import ALL_MODELS
from domain.schema import pending


def _shape(db):
    """Tables with their columns (type, nullability), indexes and foreign keys."""
    shape = {}
    for table in sorted(t for t in db.get_tables() if t != "schema_migration"):
        shape[table] = {
            "columns": sorted((c.name, c.data_type.lower(), c.null, c.primary_key)
                              for c in db.get_columns(table)),
            "indexes": sorted((tuple(i.columns), i.unique) for i in db.get_indexes(table)
                              if not i.name.endswith("_pkey")),
            "foreign_keys": sorted((fk.column, fk.dest_table, fk.dest_column)
                                   for fk in db.get_foreign_keys(table)),
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
            from_models = {t: s for t, s in _shape_in(db, "from_models").items()}
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
            "columns": sorted((c.name, c.data_type.lower(), c.null, c.primary_key)
                              for c in db.get_columns(table, schema=schema)),
            "indexes": sorted((tuple(i.columns), i.unique) for i in db.get_indexes(table, schema=schema)
                              if not i.name.endswith("_pkey")),
            "foreign_keys": sorted((fk.column, fk.dest_table, fk.dest_column)
                                   for fk in db.get_foreign_keys(table, schema=schema)),
        }
    return shape


def test_upgrade_command_is_idempotent(app):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["db", "upgrade"])
    assert result.exit_code == 0, result.output
    assert "schema is up to date" in result.output
    status = runner.invoke(args=["db", "status"])
    assert status.exit_code == 0 and "up to date" in status.output
