"""``flask audit verify`` names the first broken link and fails; an intact chain passes."""

from domain.audit import trail
from domain.models import AuditEvent


def test_an_intact_chain_passes(runner, data):
    desk, p = data.staff("desk"), data.person()
    trail.record(desk, "view:student", [p.id, data.person().id], reason="Taak")
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 0, result.output
    head = AuditEvent.get(AuditEvent.seq == 2).record_hash
    assert "2 event(s) checked" in result.output and head in result.output


def test_an_empty_trail_passes(runner, db_url):
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 0 and "0 event(s) checked" in result.output


def test_a_broken_chain_is_named_and_fails(runner, data):
    desk = data.staff("desk")
    trail.record(desk, "view:student", [data.person().id for _ in range(3)], reason="Taak")
    second = AuditEvent.get(AuditEvent.seq == 2)
    AuditEvent.update(reason="Iets anders").where(AuditEvent.id == second.id).execute()
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 1
    assert f"event 2 (row id {second.id}) does not match its hash" in result.output


def test_a_missing_event_is_named(runner, data):
    desk = data.staff("desk")
    trail.record(desk, "view:student", [data.person().id for _ in range(3)])
    AuditEvent.delete().where(AuditEvent.seq == 2).execute()
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 1 and "event 2 and any after it" in result.output
