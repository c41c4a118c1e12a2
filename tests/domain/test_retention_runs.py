"""Retention runs that stop part-way: the history adds up, a rerun resumes, one list per rule."""

import datetime as dt

import pytest
from peewee import fn

from domain import models as m
from domain.retention import engine

TODAY = dt.date(2024, 1, 1)


def due_people(data, count):
    """Persons each with a due mandate and a counselling entry (a "review first" rule)."""
    people = []
    for _ in range(count):
        p = data.person()
        data.enrolment(p, start=dt.date(2000, 9, 1), end=dt.date(2012, 8, 31), reason="graduated")
        data.record(m.DirectDebitMandate, p, signed_on=dt.date(2010, 1, 1))
        data.record(m.CounsellingEntry, p)
        people.append(p)
    return people


def stop_after(batches, exc=None):
    """A should_stop that lets ``batches`` batches run, then stops (or raises ``exc``)."""
    calls = iter(range(10_000))

    def should_stop():
        if next(calls) < batches:
            return False
        if exc is not None:
            raise exc
        return True

    return should_stop


def recorded(rule, column="deleted"):
    r = m.RetentionRunRule
    return (
        r.select(fn.COALESCE(fn.SUM(getattr(r, column)), 0))
        .join(m.RetentionRun)
        .where((r.rule == rule) & ~m.RetentionRun.dry_run)
        .scalar()
    )


def run(**kwargs):
    return engine.run(TODAY, pseudonym_key="k", batch_size=1, **kwargs)


def test_a_stopped_run_is_resumed_after_its_last_committed_batch(db, data):
    people = due_people(data, 8)
    first = run(should_stop=stop_after(3))
    assert first.outcome == "interrupted" and first.total("deleted") == 3
    assert m.RetentionRun.get_by_id(first.run_id).persons_done_to == people[2].id
    second = run()
    assert second.outcome == "succeeded" and second.resumed_after == people[2].id
    assert second.total("deleted") == 5  # the rest only: nothing looked at twice
    assert m.DirectDebitMandate.select().count() == 0
    assert recorded("direct_debit_mandate") == 8


def test_a_run_stopped_again_and_again_still_finishes(db, data):
    due_people(data, 9)
    outcomes = []
    for _ in range(12):
        outcomes.append(run(should_stop=stop_after(2)).outcome)
        if outcomes[-1] == "succeeded":
            break
    # Each attempt does two batches more, fewer than there are system logs: the logs an
    # earlier attempt emptied cost nothing, so the run still gets to the end.
    assert len(engine.SYSTEM_MODELS) > 2
    assert outcomes[-1] == "succeeded" and set(outcomes[:-1]) == {"interrupted"}
    assert m.DirectDebitMandate.select().count() == 0
    assert recorded("direct_debit_mandate") == 9


def test_a_new_day_starts_from_the_first_person(db, data):
    due_people(data, 4)
    run(should_stop=stop_after(2))
    later = engine.run(TODAY + dt.timedelta(days=1), pseudonym_key="k", batch_size=1)
    assert later.resumed_after is None and later.total("deleted") == 2


@pytest.mark.parametrize("exc", [None, RuntimeError("crash")])
def test_an_interrupted_or_crashed_run_leaves_one_destruction_list_per_rule(db, data, exc):
    due_people(data, 6)
    if exc is None:
        run(should_stop=stop_after(2))
    else:
        with pytest.raises(RuntimeError):
            run(should_stop=stop_after(2, exc))
    run()
    lists = list(m.DestructionList.select().where(m.DestructionList.rule == "counselling_dossier"))
    assert len(lists) == 1
    assert lists[0].items.count() == 6 == recorded("counselling_dossier", "listed_for_review")


def test_a_crashed_run_records_what_its_committed_batches_did(db, data):
    due_people(data, 5)
    with pytest.raises(RuntimeError):
        run(should_stop=stop_after(3, RuntimeError("crash")))
    failed = m.RetentionRun.get()
    assert failed.outcome == "failed" and failed.error == "RuntimeError"
    assert recorded("direct_debit_mandate") == 5 - m.DirectDebitMandate.select().count() == 3


def test_a_dry_run_records_its_counts_but_changes_nothing(db, data):
    due_people(data, 3)
    report = run(dry_run=True)
    line = m.RetentionRunRule.get(
        (m.RetentionRunRule.run == report.run_id)
        & (m.RetentionRunRule.rule == "direct_debit_mandate")
    )
    assert line.deleted == 3 and m.DirectDebitMandate.select().count() == 3
    assert not m.DestructionList.select().exists()
    assert m.RetentionRun.get_by_id(report.run_id).persons_done_to is None


def test_what_keeps_a_person_is_read_from_the_basic_study_data_rule():
    from domain.register import RECORD_TYPES

    kept = {
        rt.model
        for rt in RECORD_TYPES
        if rt.model is not m.Person
        and any(f.retention.key == "basic_study_data" for f in rt.fields)
    }
    assert set(engine.study_data_models()) == kept == {m.Enrolment, m.CourseResult, m.Degree}
    # A request file keeps its person until its own term has run.
    assert set(engine.KEEPS_PERSON) == kept | set(m.RECORD_MODELS) | {m.RightsRequest}
