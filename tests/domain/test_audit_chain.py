"""The audit trail is a hash chain: any edit, removal or insertion shows; retention does not."""

from __future__ import annotations

import datetime as dt
import threading

import pytest

from domain import models as m
from domain.audit import chain, trail
from domain.audit.chain import ALTERED, MISSING, SUBJECT, UNLINKED
from domain.core.db import database
from domain.retention import engine, holds
from tests.support import count_queries

OLD = dt.datetime(2020, 3, 1, 9, 0)


@pytest.fixture
def desk(data):
    return data.staff("desk")


def events():
    return list(m.AuditEvent.select().order_by(m.AuditEvent.seq))


def test_each_event_is_chained_to_the_one_before(db, data, desk):
    anna, bram = data.person(), data.person()
    trail.record(desk, "view:student", [anna.id], categories=["identity"], reason="Taak")
    trail.record(desk, "download:delivery_file", [anna.id, bram.id, anna.id], "file 3")
    rows = events()
    assert [e.seq for e in rows] == [1, 2, 3]  # one event per person, repeats once
    assert [e.person_id for e in rows] == [anna.id, anna.id, bram.id]
    assert rows[0].actor_role == "desk" and rows[0].reason == "Taak"
    assert rows[0].categories == "identity" and rows[1].detail == "file 3"
    assert rows[0].subject_digest == rows[1].subject_digest != rows[2].subject_digest
    verdict = chain.verify()
    assert verdict.ok and verdict.checked == 3
    assert (verdict.head_seq, verdict.head_hash) == (3, rows[2].record_hash)


def test_the_hash_is_sha256_over_sorted_compact_json_as_the_migration_computes_it(db, data, desk):
    import hashlib
    import json

    trail.record(desk, "view:student", [data.person().id], "détail", reason="Zoë's taak")
    event = m.AuditEvent.select().dicts().get()
    body = {
        "v": 1,
        "seq": 1,
        "at": event["occurred_at"].isoformat(timespec="microseconds"),
        "actor": desk.id,
        "role": "desk",
        "action": "view:student",
        "subject": event["subject_digest"],
        "categories": "",
        "reason": "Zoë's taak",
        "detail": "détail",
        "prev": chain.GENESIS,
    }
    text = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    assert event["record_hash"] == hashlib.sha256(text.encode()).hexdigest()


def test_an_unloaded_account_records_its_role(db, data, desk):
    trail.record(m.Account(id=desk.id), "run:delivery", [data.person().id])
    assert m.AuditEvent.get().actor_role == "desk"


def test_categories_must_come_from_the_register(db, data, desk):
    with pytest.raises(ValueError, match="not a register category"):
        trail.record(desk, "view:student", [data.person().id], categories=["gossip"])


def chained(data, desk, n=4):
    p = data.person()
    for i in range(n):
        trail.record(desk, "view:student", [p.id], reason=f"taak {i}")
    return p, events()


def test_an_edited_event_is_named(db, data, desk):
    _, rows = chained(data, desk)
    m.AuditEvent.update(reason="iets anders").where(m.AuditEvent.id == rows[2].id).execute()
    verdict = chain.verify()
    assert (verdict.problem, verdict.broken_seq, verdict.broken_id) == (ALTERED, 3, rows[2].id)
    assert verdict.checked == 2


def test_an_edited_time_or_role_is_named(db, data, desk):
    _, rows = chained(data, desk)
    m.AuditEvent.update(occurred_at=OLD).where(m.AuditEvent.id == rows[1].id).execute()
    assert (chain.verify().problem, chain.verify().broken_seq) == (ALTERED, 2)


def test_a_deleted_event_is_named(db, data, desk):
    _, rows = chained(data, desk)
    m.AuditEvent.delete().where(m.AuditEvent.id == rows[1].id).execute()
    verdict = chain.verify()
    assert (verdict.problem, verdict.broken_seq, verdict.broken_id) == (MISSING, 2, rows[2].id)


def test_an_event_slipped_in_with_a_correct_hash_breaks_the_next_link(db, data, desk):
    p, rows = chained(data, desk)
    # Make room at seq 2 (highest first: seq is unique), then forge a well-hashed event.
    for row in reversed(rows[1:]):
        m.AuditEvent.update(seq=row.seq + 1).where(m.AuditEvent.id == row.id).execute()
    forged = {
        "seq": 2,
        "occurred_at": rows[0].occurred_at,
        "actor": desk.id,
        "actor_role": "desk",
        "action": "view:student",
        "person": p.id,
        "subject_digest": rows[0].subject_digest,
        "categories": "",
        "reason": "verzonnen",
        "detail": None,
    }
    forged["record_hash"] = chain.link(forged, rows[0].record_hash)
    m.AuditEvent.insert(forged).execute()
    verdict = chain.verify()
    # The forged event itself chains; the genuine one after it no longer does.
    assert (verdict.problem, verdict.broken_seq, verdict.broken_id) == (ALTERED, 3, rows[1].id)


def test_an_event_appended_by_hand_is_named(db, data, desk):
    p, rows = chained(data, desk)
    m.AuditEvent.insert(
        seq=5, actor=desk, actor_role="desk", action="view:student", person=p,
        subject_digest=rows[0].subject_digest, record_hash="f" * 64,
    ).execute()  # fmt: skip
    assert (chain.verify().problem, chain.verify().broken_seq) == (ALTERED, 5)


def test_moving_an_event_to_another_person_is_named(db, data, desk):
    _, rows = chained(data, desk)
    other = data.person()
    trail.record(desk, "view:student", [other.id])
    m.AuditEvent.update(person=other.id).where(m.AuditEvent.id == rows[1].id).execute()
    assert (chain.verify().problem, chain.verify().broken_seq) == (SUBJECT, 2)


def test_emptying_the_person_of_someone_who_still_exists_is_named(db, data, desk):
    _, rows = chained(data, desk)
    m.AuditEvent.update(person=None).where(m.AuditEvent.id == rows[3].id).execute()
    verdict = chain.verify()
    assert (verdict.problem, verdict.broken_seq, verdict.broken_id) == (UNLINKED, 4, rows[3].id)


def test_erasing_the_person_unlinks_their_events_and_the_chain_still_verifies(db, data, desk):
    p, rows = chained(data, desk)
    m.Person.delete().where(m.Person.id == p.id).execute()
    assert m.AuditEvent.select().where(m.AuditEvent.person.is_null()).count() == 4
    assert not m.AuditSubject.select().exists()  # the salt went with the person
    assert chain.verify().ok


# --- Retention ---------------------------------------------------------------------------------


def run(today):
    return engine.run(today, pseudonym_key="k")


def test_retention_removes_the_oldest_events_and_the_chain_still_verifies(db, data, desk):
    p = data.person()
    trail.record(desk, "view:student", [p.id], at=OLD)
    trail.record(desk, "view:student", [p.id, data.person().id], at=OLD + dt.timedelta(days=1))
    trail.record(desk, "view:student", [p.id])
    run(dt.date(2023, 1, 1))
    assert [e.seq for e in events()] == [4]
    checkpoint = m.AuditCheckpoint.get()
    assert (checkpoint.first_seq, checkpoint.last_seq, checkpoint.removed_count) == (1, 3, 3)
    assert chain.verify().ok
    # New events continue the chain after the checkpoint.
    trail.record(desk, "view:student", [p.id])
    assert [e.seq for e in events()] == [4, 5] and chain.verify().ok


def test_when_every_event_is_removed_the_chain_continues_from_the_checkpoint(db, data, desk):
    p = data.person()
    trail.record(desk, "view:student", [p.id, None], at=OLD)
    run(dt.date(2023, 1, 1))
    assert not events() and chain.verify().ok
    assert chain.head() == (2, m.AuditCheckpoint.get().last_hash)
    trail.record(desk, "view:student", [p.id])
    assert [e.seq for e in events()] == [3] and chain.verify().ok


def test_held_events_stay_and_the_removed_ones_around_them_are_bridged(db, data, desk):
    admin = data.staff("admin")
    free, held = data.person(), data.person()
    trail.record(desk, "view:student", [free.id], at=OLD)
    trail.record(desk, "view:student", [held.id], at=OLD)
    trail.record(desk, "view:student", [free.id], at=OLD)
    hold = holds.place_legal_hold(held, "Procedure bij het CBE", admin)
    run(dt.date(2023, 1, 1))
    remaining = [(e.seq, e.person_id) for e in events()]
    assert remaining[0] == (2, held.id)  # the held event; the free ones around it are gone
    assert [(c.first_seq, c.last_seq) for c in m.AuditCheckpoint.select()] == [(1, 1), (3, 3)]
    assert chain.verify().ok
    # Once the hold is lifted, its event goes too, and the checkpoints merge into one.
    holds.lift_legal_hold(hold, "Procedure afgerond", admin)
    run(dt.date(2025, 1, 1))  # the hold's own events (placed, lifted) are recent: they stay
    assert 2 not in {e.seq for e in events()}
    assert [(c.first_seq, c.last_seq) for c in m.AuditCheckpoint.select()] == [(1, 3)]
    assert chain.verify().ok


def test_a_retention_batch_removes_its_share_with_one_checkpoint(db, data, desk):
    p = data.person()
    trail.record(desk, "view:student", [p.id] + [data.person().id for _ in range(9)], at=OLD)
    report = engine.run(dt.date(2023, 1, 1), pseudonym_key="k", batch_size=4)
    assert report.total("deleted") == 10 and not events()
    assert [(c.first_seq, c.last_seq) for c in m.AuditCheckpoint.select()] == [(1, 10)]
    assert chain.verify().ok


# --- Appending ---------------------------------------------------------------------------------


def test_many_persons_are_chained_in_one_insert(db, data, desk):
    persons = [data.person().id for _ in range(30)]
    with count_queries() as statements:
        assert trail.record(desk, "download:delivery_file", persons) == 30
    inserts = [s for s in statements if s.startswith('INSERT INTO "audit_event"')]
    assert len(inserts) == 1
    with count_queries() as again:
        trail.record(desk, "download:delivery_file", persons)
    # The salts exist the second time: the same statements, and the same salts.
    assert len(again) == len(statements)
    assert m.AuditSubject.select().count() == 30
    rows = events()
    assert [e.subject_digest for e in rows[:30]] == [e.subject_digest for e in rows[30:]]
    assert chain.verify().ok and len(rows) == 60


def test_concurrent_appends_stay_one_valid_chain(db_url, data, desk):
    persons = [data.person().id for _ in range(5)]
    errors = []

    def work(offset):
        try:
            database.connect(reuse_if_open=True)
            for i in range(15):
                trail.record(desk, "view:student", [persons[(offset + i) % 5]])
        except Exception as exc:  # reported below, with the thread's failure
            errors.append(exc)
        finally:
            database.close()

    threads = [threading.Thread(target=work, args=(n,)) for n in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    assert [e.seq for e in events()] == list(range(1, 91))
    assert chain.verify().ok
