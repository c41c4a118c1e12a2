"""One list of hold reasons drives the counts, the history and the pages; overdue lists."""

import datetime as dt

import pytest

from domain import models as m
from domain.core.db import utcnow
from domain.core.text import Text
from domain.retention import engine, holds, review


@pytest.fixture
def throwaway_reason():
    """A hold reason registered the way a new feature would: one call, nothing else."""
    reason = holds.register_reason(
        "test_hold",
        Text("proefblokkade", "trial hold"),
        m.Person.id,
        lambda: m.Person.surname == "Vastgehouden",
    )
    yield reason
    del holds.REASONS["test_hold"]


def due_mandate(data, **person):
    p = data.person(**person)
    data.enrolment(p, end=dt.date(2012, 8, 31), reason="graduated")
    data.record(m.DirectDebitMandate, p, signed_on=dt.date(2010, 1, 1))
    return p


def test_a_new_hold_reason_is_counted_stored_and_shown(portal, data, throwaway_reason):
    held, free = due_mandate(data, surname="Vastgehouden"), due_mandate(data)
    [line] = [
        x for x in engine.plan(dt.date(2024, 1, 1)) if x.target.rule.key == "direct_debit_mandate"
    ]
    assert line.held["test_hold"] == 1 and line.due == 1
    report = engine.run(dt.date(2024, 1, 1), pseudonym_key="k")
    assert m.DirectDebitMandate.select().where(m.DirectDebitMandate.person == held.id).exists()
    assert not m.DirectDebitMandate.select().where(m.DirectDebitMandate.person == free.id).exists()
    stored = {
        h.run_rule.rule: h.count
        for h in m.RetentionRunHold.select().where(m.RetentionRunHold.reason == "test_hold")
    }
    assert stored["direct_debit_mandate"] == 1
    data.staff("admin")
    portal.login("admin")
    for url in ("/admin/retention", f"/admin/retention/runs/{report.run_id}"):
        assert "proefblokkade" in portal.client.get(url).get_data(as_text=True), url


def test_run_history_totals_the_held_counts_of_every_reason(db, data, throwaway_reason):
    from domain.retention import history

    due_mandate(data, surname="Vastgehouden")
    restricted = due_mandate(data)
    m.Person.update(is_restricted=True).where(m.Person.id == restricted.id).execute()
    engine.run(dt.date(2024, 1, 1), pseudonym_key="k")
    [summary] = history.recent_runs()
    by_reason = {}
    for h in m.RetentionRunHold.select():
        by_reason[h.reason] = by_reason.get(h.reason, 0) + h.count
    assert by_reason.keys() == {"test_hold", "restricted"}
    assert summary.held == sum(by_reason.values()) and summary.deleted == 0


def test_approving_a_list_is_in_the_audit_trail(db, data):
    p = data.person()
    data.enrolment(p, end=dt.date(2010, 8, 31), reason="graduated")
    data.counselling(p)
    engine.run(dt.date(2024, 1, 1), pseudonym_key="k")
    listed = m.DestructionList.get()
    review.approve(listed.id, data.staff("admin"), "gecontroleerd")
    event = m.AuditEvent.get(m.AuditEvent.action == "approve:destruction_list")
    assert str(listed.id) in event.detail


def test_lists_unapproved_for_30_days_are_flagged(portal, data):
    today = dt.date.today()
    # Created at 00:30 Amsterdam time, 30 and 29 days ago.
    for days in (30, 29):
        local = dt.datetime.combine(today - dt.timedelta(days=days), dt.time(0, 30))
        m.DestructionList.create(
            rule="counselling_dossier",
            record_type="CounsellingEntry",
            created_at=_amsterdam_to_utc(local),
        )
    for item in m.DestructionList.select():
        m.DestructionItem.create(destruction_list=item, record_id=item.id)
    assert review.overdue_count(today) == 1
    assert [x.overdue for x in review.pending_lists(today)] == [True, False]
    report = engine.run(today, pseudonym_key="k")
    assert m.RetentionRun.get_by_id(report.run_id).overdue_lists == 1
    data.staff("admin")
    portal.login("admin")
    for url in ("/admin/retention", "/admin/retention/runs", "/admin/retention/reviews"):
        assert 'id="overdue-lists"' in portal.client.get(url).get_data(as_text=True), url
    detail = portal.client.get(f"/admin/retention/runs/{report.run_id}").get_data(as_text=True)
    assert 'id="run-overdue-lists"' in detail
    reviews = portal.client.get("/admin/retention/reviews").get_data(as_text=True)
    assert reviews.count('notice overdue"') == 1
    m.DestructionList.update(approved_at=utcnow()).execute()
    assert review.overdue_count(today) == 0


def _amsterdam_to_utc(local: dt.datetime) -> dt.datetime:
    from domain.core.clock import AMSTERDAM

    return local.replace(tzinfo=AMSTERDAM).astimezone(dt.UTC).replace(tzinfo=None)


def test_held_counts_are_per_reason_and_count_a_person_once_per_reason(db, data, throwaway_reason):
    """A person held for two reasons is counted under each; two rows of one reason once."""
    both = due_mandate(data, surname="Vastgehouden")
    m.Person.update(is_restricted=True).where(m.Person.id == both.id).execute()
    only_restricted = due_mandate(data)
    m.Person.update(is_restricted=True).where(m.Person.id == only_restricted.id).execute()
    due_mandate(data)
    [line] = [
        x for x in engine.plan(dt.date(2024, 1, 1)) if x.target.rule.key == "direct_debit_mandate"
    ]
    assert line.held == {"restricted": 2, "legal_hold": 0, "open_request": 0, "test_hold": 1}
    assert line.due == 1
