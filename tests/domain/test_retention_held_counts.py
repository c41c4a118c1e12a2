"""The run history's held counts in one query, and the batch's held persons in a temp table."""

import datetime as dt

from peewee import fn

from domain import models as m
from domain.audit import trail
from domain.retention import engine, holds
from domain.retention.due import due_condition

TODAY = dt.date(2024, 1, 1)


def graduated(data, **person):
    p = data.person(**person)
    data.enrolment(p, start=dt.date(2006, 9, 1), end=dt.date(2010, 8, 31), reason="graduated")
    return p


def held_people(data):
    """Due records under several rules (end of enrolment, record date, timestamps) held for
    every kind of reason, one person held for two, and free persons beside them."""
    admin = data.staff("admin")
    restricted, legal, both, free = (graduated(data) for _ in range(4))
    m.Person.update(is_restricted=True).where(m.Person.id.in_([restricted.id, both.id])).execute()
    for p in (legal, both):
        holds.place_legal_hold(p, "Procedure bij het CBE", admin)
    for p in (restricted, legal, both, free):
        data.record(m.DirectDebitMandate, p, signed_on=dt.date(2010, 1, 1))
        data.record(m.DirectDebitMandate, p, signed_on=dt.date(2011, 1, 1))
        data.counselling(p)
        data.record(m.MatchingResult, p, academic_year=2015)
        trail.record(admin, "view:student", [p.id], at=dt.datetime(2021, 1, 5, 12))
    m.LoginAttempt.create(
        username="x", ip_address="127.0.0.1", attempted_at=dt.datetime(2023, 1, 1, 12)
    )
    return restricted, legal, both, free


def per_reason_by_definition(target, today):
    """The counts as first defined: one COUNT per rule and reason, nothing shared."""
    model, column = target.model, target.person_column
    due = due_condition(target.rule, model, today)
    return {
        key: model.select(fn.COUNT(model.id)).where(due & column.in_(reason.person_ids())).scalar()
        for key, reason in holds.REASONS.items()
    }


def test_held_counts_of_all_rules_at_once_equal_each_rule_alone(db, data):
    held_people(data)
    targets = engine.targets()
    at_once = engine.held_counts(targets, TODAY)
    assert at_once.keys() == set(targets)
    for target in targets:
        alone = engine.held_counts([target], TODAY)[target]
        assert at_once[target] == alone, target
        if target.person_column is None:  # a log without persons: nothing to hold
            assert alone == {}
        else:
            assert alone == per_reason_by_definition(target, TODAY), target
    by_rule = {(t.rule.key, t.record_type): c for t, c in at_once.items()}
    # Two mandates each for three held persons; ``both`` counts under both reasons.
    assert by_rule["direct_debit_mandate", "DirectDebitMandate"] == {
        "restricted": 4,
        "legal_hold": 4,
        "open_request": 0,
    }
    assert by_rule["counselling_dossier", "CounsellingEntry"] == {
        "restricted": 2,
        "legal_hold": 2,
        "open_request": 0,
    }
    # The audit events of the held persons; the admin's own placing events are not due yet.
    assert by_rule["audit_trail", "AuditEvent"] == {
        "restricted": 2,
        "legal_hold": 2,
        "open_request": 0,
    }
    assert by_rule["login_attempts", "LoginAttempt"] == {}
    # The plan reports the same counts.
    assert {
        (line.target.rule.key, line.target.record_type): line.held for line in engine.plan(TODAY)
    } == by_rule


def test_no_holds_count_zero_for_every_reason(db, data):
    graduated(data)
    counts = engine.held_counts(engine.targets(), TODAY)
    for target, held in counts.items():
        expected = {} if target.person_column is None else dict.fromkeys(holds.REASONS, 0)
        assert held == expected, target


def test_held_persons_in_a_batch_are_left_alone_also_after_a_dry_run(db, data):
    """Batches of three with held and free persons mixed; a dry run first, whose temporary
    rows roll back with it, must leave the real run exactly as if it ran alone."""
    restricted, legal, both, free = held_people(data)
    others = [graduated(data) for _ in range(3)]
    applicant = data.person()  # never enrolled, records gone tonight, but held
    data.record(m.DeficiencyDocument, applicant, admission_decided_on=dt.date(2020, 5, 1))
    m.Person.update(is_restricted=True).where(m.Person.id == applicant.id).execute()
    for p in others:
        data.record(m.DirectDebitMandate, p, signed_on=dt.date(2010, 1, 1))
    dry = engine.run(TODAY, pseudonym_key="k", batch_size=3, dry_run=True)
    real = engine.run(TODAY, pseudonym_key="k", batch_size=3)
    for key in ("deleted", "anonymised", "listed_for_review"):
        assert dry.total(key) == real.total(key), key
    mandates = m.DirectDebitMandate.select(m.DirectDebitMandate.person)
    kept = {row.person_id for row in mandates}
    assert kept == {restricted.id, legal.id, both.id}
    assert m.DirectDebitMandate.select().count() == 6
    assert m.Person.select().where(m.Person.id == applicant.id).exists()
    assert m.DeficiencyDocument.select().where(m.DeficiencyDocument.person == applicant).exists()
    line = m.RetentionRunRule.get(
        (m.RetentionRunRule.run == real.run_id)
        & (m.RetentionRunRule.rule == "direct_debit_mandate")
    )
    assert line.deleted == 2 + len(others)  # the free person's two and one each of the others
    assert free.id not in kept
