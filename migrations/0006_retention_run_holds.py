"""Hold counts per reason in their own table; runs record their progress and overdue lists."""

# Written by hand against the frozen 0003 schema; it imports no live model. The three
# held_* columns become rows of retention_run_hold (zero counts are not stored), so a
# new hold reason needs no schema change.
from peewee import CharField, ForeignKeyField, IntegerField, Model

OLD_REASONS = ("restricted", "legal_hold", "open_request")


def up(migrator, db):
    class RetentionRunRule(Model):
        class Meta:
            database = db
            table_name = "retention_run_rule"

    class RetentionRunHold(Model):
        run_rule = ForeignKeyField(RetentionRunRule, on_delete="CASCADE")
        reason = CharField(max_length=30)
        count = IntegerField()

        class Meta:
            database = db
            table_name = "retention_run_hold"
            indexes = ((("run_rule", "reason"), True),)

    db.create_tables([RetentionRunHold])
    for reason in OLD_REASONS:
        db.execute_sql(
            "INSERT INTO retention_run_hold (run_rule_id, reason, count) "
            f"SELECT id, '{reason}', held_{reason} FROM retention_run_rule "
            f"WHERE held_{reason} > 0"
        )
    migrator.migrate(
        *[migrator.drop_column("retention_run_rule", f"held_{reason}") for reason in OLD_REASONS],
        migrator.add_column("retention_run", "persons_done_to", IntegerField(null=True)),
        migrator.add_column("retention_run", "overdue_lists", IntegerField(default=0)),
    )


def down(migrator, db):
    # Counts of reasons other than the three old ones are lost: they had no column.
    migrator.migrate(
        *[
            migrator.add_column("retention_run_rule", f"held_{reason}", IntegerField(default=0))
            for reason in OLD_REASONS
        ],
        migrator.drop_column("retention_run", "persons_done_to"),
        migrator.drop_column("retention_run", "overdue_lists"),
    )
    for reason in OLD_REASONS:
        db.execute_sql(
            f"UPDATE retention_run_rule SET held_{reason} = COALESCE((SELECT h.count FROM "
            "retention_run_hold h WHERE h.run_rule_id = retention_run_rule.id "
            f"AND h.reason = '{reason}'), 0)"
        )
    migrator.migrate(migrator.drop_table("retention_run_hold"))
