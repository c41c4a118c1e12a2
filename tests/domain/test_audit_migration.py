"""Migration 0013 seals the audit events already there into a chain the live code verifies."""

from domain.audit import chain
from domain.models import ALL_MODELS, AuditEvent
from tests.support import insert_person_and_programme

SEALING = "0013_audit_chain"


def test_existing_events_are_numbered_in_order_and_verify(old_db):
    db, runner = old_db
    runner.up(target=max(m.name for m in runner.migrations() if m.name < SEALING))
    p = db.param
    insert_person_and_programme(db)
    db.execute_sql(
        "INSERT INTO account (username, role, display_name, is_active, created_at) "
        f"VALUES ({p}, {p}, {p}, {p}, {p})",
        ("admin", "admin", "Beheerder", True, "2024-09-01 00:00:00"),
    )
    for action, person, stamp, detail in [
        ("view:legal_holds", 1, "2024-10-01 08:00:00", None),
        ("approve:destruction_list", None, "2024-10-02 09:30:00.250000", "list 1 (x)"),
        ("place:legal_hold", 1, "2024-10-03 10:00:00", None),
    ]:
        db.execute_sql(
            "INSERT INTO audit_event (actor_id, action, person_id, occurred_at, detail) "
            f"VALUES (1, {p}, {p}, {p}, {p})",
            (action, person, stamp, detail),
        )

    assert SEALING in runner.up()
    with db.bind_ctx(ALL_MODELS):
        rows = list(AuditEvent.select().order_by(AuditEvent.id))
        assert [(e.seq, e.actor_role, e.categories) for e in rows] == [
            (1, "admin", ""),
            (2, "admin", ""),
            (3, "admin", ""),
        ]
        assert rows[0].subject_digest == rows[2].subject_digest and rows[1].subject_digest is None
        assert chain.verify().ok
        # Sealed means sealed: the live check notices a change to a migrated event.
        AuditEvent.update(detail="x").where(AuditEvent.id == rows[1].id).execute()
        assert chain.verify().broken_seq == 2
