"""The audit trail becomes a tamper-evident chain, and says who, what and why.

audit_event gains the actor's role, the register categories opened, the reason, and the
chain: its position (seq), the person's salted digest and the record hash. Existing
events are sealed here in id order, each actor's role taken from their account today.
audit_subject holds one random salt per person; audit_checkpoint bridges events that
retention removes.
"""

# Written by hand against the frozen schema of 0001-0010; it imports no live model. The
# hash below is a frozen copy of domain.audit.chain (serialisation version 1).
import datetime as dt
import hashlib
import json
import secrets

from peewee import (
    BigIntegerField,
    CharField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    Model,
)

GENESIS = "0" * 64


def _link(row: dict, prev: str) -> str:
    body = {
        "v": 1,
        "seq": row["seq"],
        "at": row["occurred_at"].isoformat(timespec="microseconds"),
        "actor": row["actor"],
        "role": row["actor_role"],
        "action": row["action"],
        "subject": row["subject_digest"],
        "categories": row["categories"],
        "reason": row["reason"],
        "detail": row["detail"],
        "prev": prev,
    }
    text = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def _as_datetime(value) -> dt.datetime:
    """SQLite hands raw timestamps back as text."""
    return value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(value)


def up(migrator, db):
    class Person(Model):
        class Meta:
            database = db
            table_name = "person"

    class AuditSubject(Model):
        person = ForeignKeyField(Person, unique=True, on_delete="CASCADE")
        salt = CharField(max_length=32)

        class Meta:
            database = db
            table_name = "audit_subject"

    class AuditCheckpoint(Model):
        first_seq = BigIntegerField(unique=True)
        last_seq = BigIntegerField(unique=True)
        last_hash = CharField(max_length=64)
        removed_count = IntegerField()
        removed_at = DateTimeField()

        class Meta:
            database = db
            table_name = "audit_checkpoint"

    db.create_tables([AuditSubject, AuditCheckpoint])
    migrator.migrate(
        migrator.add_column("audit_event", "actor_role", CharField(max_length=20, null=True)),
        migrator.add_column("audit_event", "categories", CharField(max_length=300, default="")),
        migrator.add_column("audit_event", "reason", CharField(max_length=200, null=True)),
        migrator.add_column("audit_event", "seq", BigIntegerField(null=True)),
        migrator.add_column("audit_event", "subject_digest", CharField(max_length=64, null=True)),
        migrator.add_column("audit_event", "record_hash", CharField(max_length=64, null=True)),
    )
    _seal_existing_events(db)
    migrator.migrate(
        migrator.add_not_null("audit_event", "actor_role"),
        migrator.add_not_null("audit_event", "seq"),
        migrator.add_not_null("audit_event", "record_hash"),
        migrator.add_index("audit_event", ("seq",), unique=True),
    )


def _seal_existing_events(db) -> None:
    """Number and chain the events already there, oldest (lowest id) first."""
    p = db.param
    events = db.execute_sql(
        "SELECT e.id, e.actor_id, a.role, e.action, e.person_id, e.occurred_at, e.detail "
        "FROM audit_event e JOIN account a ON a.id = e.actor_id ORDER BY e.id"
    ).fetchall()
    salts = {}
    for (person_id,) in db.execute_sql(
        "SELECT DISTINCT person_id FROM audit_event WHERE person_id IS NOT NULL"
    ).fetchall():
        salts[person_id] = secrets.token_hex(16)
    cursor = db.cursor()
    if salts:
        cursor.executemany(
            f"INSERT INTO audit_subject (person_id, salt) VALUES ({p}, {p})", list(salts.items())
        )
    prev, updates = GENESIS, []
    for seq, (event_id, actor, role, action, person_id, occurred_at, detail) in enumerate(
        events, start=1
    ):
        subject = (
            hashlib.sha256(f"{salts[person_id]}:{person_id}".encode()).hexdigest()
            if person_id is not None
            else None
        )
        row = {
            "seq": seq,
            "occurred_at": _as_datetime(occurred_at),
            "actor": actor,
            "actor_role": role,
            "action": action,
            "subject_digest": subject,
            "categories": "",
            "reason": None,
            "detail": detail,
        }
        prev = _link(row, prev)
        updates.append((role, seq, subject, prev, event_id))
    if updates:
        cursor.executemany(
            f"UPDATE audit_event SET actor_role = {p}, seq = {p}, subject_digest = {p}, "
            f"record_hash = {p} WHERE id = {p}",
            updates,
        )


def down(migrator, db):
    migrator.migrate(
        migrator.drop_index("audit_event", "audit_event_seq"),
        *[
            migrator.drop_column("audit_event", column)
            for column in (
                "actor_role",
                "categories",
                "reason",
                "seq",
                "subject_digest",
                "record_hash",
            )
        ],
        migrator.drop_table("audit_checkpoint"),
        migrator.drop_table("audit_subject"),
    )
