"""The retention engine on SQLite and PostgreSQL: every rule on the right day, holds, reruns."""

import datetime as dt

import pytest
from peewee import fn

from domain import models as m
from domain.audit import chain, trail
from domain.models import RetentionRun, RetentionRunRule
from domain.retention import engine, holds, review
from domain.retention.anonymise import pseudonym

KEY = "test-pseudonym-key"


def run(today, **kwargs):
    return engine.run(today, pseudonym_key=KEY, **kwargs)


def exists(record) -> bool:
    return type(record).select().where(type(record).id == record.id).exists()


def graduated(data, end=dt.date(2020, 8, 31)):
    p = data.person()
    data.enrolment(p, start=dt.date(2016, 9, 1), end=end, reason="graduated")
    return p


# (model, values, the last day it is kept, the day it is due)
RECORD_DATE_CASES = [
    (
        m.IdentityDocumentCopy,
        {"received_on": dt.date(2024, 8, 1), "processed_on": dt.date(2024, 9, 2)},
        dt.date(2024, 9, 1),
        dt.date(2024, 9, 2),
    ),
    (
        m.ForeignAdmissionDecision,
        {"settled_on": dt.date(2021, 2, 28)},
        dt.date(2024, 2, 27),
        dt.date(2024, 2, 28),
    ),
    (
        m.DeficiencyDocument,
        {"admission_decided_on": dt.date(2024, 2, 29)},
        dt.date(2025, 2, 27),
        dt.date(2025, 2, 28),
    ),
    (
        m.ColloquiumDoctumDecision,
        {"decided_on": dt.date(2017, 1, 31)},
        dt.date(2024, 1, 30),
        dt.date(2024, 1, 31),
    ),
    (m.SelectionDocument, {"academic_year": 2024}, dt.date(2024, 11, 30), dt.date(2024, 12, 1)),
    (m.ExchangeDocument, {"academic_year": 2016}, dt.date(2024, 8, 30), dt.date(2024, 8, 31)),
    (
        m.CourseParticipantForm,
        {"course_year_start": dt.date(2017, 9, 1)},
        dt.date(2024, 8, 31),
        dt.date(2024, 9, 1),
    ),
    (
        m.DirectDebitMandate,
        {"signed_on": dt.date(2015, 12, 31)},
        dt.date(2024, 12, 30),
        dt.date(2024, 12, 31),
    ),
    (
        m.SurveyHandover,
        {"delete_on": dt.date(2024, 10, 14)},
        dt.date(2024, 10, 13),
        dt.date(2024, 10, 14),
    ),
]


@pytest.mark.parametrize(
    "model, values, kept_until, due_on",
    RECORD_DATE_CASES,
    ids=[c[0].__name__ for c in RECORD_DATE_CASES],
)
def test_each_rule_deletes_on_its_day_not_before(db, data, model, values, kept_until, due_on):
    p = graduated(data)
    item = data.record(model, p, **values)
    run(kept_until)
    assert exists(item)
    report = run(due_on)
    assert not exists(item)
    assert report.total("deleted") == 1
    assert m.Person.select().where(m.Person.id == p.id).exists()  # basic study data is kept


def test_records_whose_event_has_not_happened_are_kept(db, data):
    p = graduated(data)
    undecided = data.record(m.DeficiencyDocument, p, admission_decided_on=None)
    run(dt.date(2099, 1, 1))
    assert exists(undecided)  # identity copies have a backstop: tests/test_identity_copies.py


def test_counselling_counts_from_end_of_last_enrolment_and_needs_review(db, data, app):
    p = graduated(data, end=dt.date(2014, 2, 28))
    entry = data.record(m.CounsellingEntry, p)
    report = run(dt.date(2024, 2, 27))
    assert exists(entry) and report.total("listed_for_review") == 0
    report = run(dt.date(2024, 2, 28))
    assert exists(entry)  # listed, not deleted
    assert report.total("listed_for_review") == 1
    [pending] = list(review.pending_lists())
    assert pending.item_count == 1
    admin = data.staff("admin")
    review.approve(pending.id, admin, "checked with the study adviser")
    report = run(dt.date(2024, 2, 29))
    assert not exists(entry) and report.total("deleted") == 1
    approved = m.DestructionList.get_by_id(pending.id)
    assert approved.approved_by_id == admin.id and approved.approval_note
    assert m.DestructionItem.get().destroyed_at is not None


def test_open_enrolment_blocks_end_of_enrolment_terms(db, data):
    p = data.person()
    data.enrolment(p, start=dt.date(2000, 9, 1), end=dt.date(2001, 8, 31), reason="end_of_year")
    # Renewed through the academic year 2030-2031: it ends on 31 August 2031.
    data.enrolment(p, start=dt.date(2023, 9, 1), end=dt.date(2031, 8, 31))
    entry = data.record(m.CounsellingEntry, p)
    run(dt.date(2030, 1, 1))
    assert not m.DestructionItem.select().exists() and exists(entry)


def test_contact_details_are_anonymised_two_years_after_enrolment(db, data):
    p = graduated(data, end=dt.date(2022, 8, 31))
    run(dt.date(2024, 8, 30))
    assert m.Person.get_by_id(p.id).private_email is not None
    report = run(dt.date(2024, 8, 31))
    kept = m.Person.get_by_id(p.id)
    assert (kept.private_email, kept.phone, kept.postal_address) == (None, None, None)
    assert kept.surname == p.surname and kept.student_number == p.student_number
    assert report.total("anonymised") == 1


def test_matching_results_are_anonymised_but_still_count(db, data):
    people = [graduated(data) for _ in range(3)]
    for p in people:
        data.record(
            m.MatchingResult,
            p,
            academic_year=2023,
            advice="heroverwegingsadvies",
            file_name="advies.pdf",
            file_data=b"%PDF",
        )
    data.record(m.MatchingResult, people[0], academic_year=2023, advice="positief")
    run(dt.date(2023, 11, 1))
    rows = list(m.MatchingResult.select().dicts())
    assert len(rows) == 4
    for row in rows:
        assert row["person"] is None and row["content_text"] is None and row["file_data"] is None
        assert row["title"] == "matching"
        assert row["created_at"].month == 1 and row["created_at"].day == 1  # year only
    by_advice = dict(
        m.MatchingResult.select(m.MatchingResult.advice, fn.COUNT(m.MatchingResult.id))
        .group_by(m.MatchingResult.advice)
        .tuples()
    )
    assert by_advice == {"heroverwegingsadvies": 3, "positief": 1}
    # The same (unknown) student's rows share one keyed pseudonym.
    first = {r["subject_pseudonym"] for r in rows if r["advice"] == "positief"}
    assert first == {pseudonym(KEY, people[0].id)}
    assert len({r["subject_pseudonym"] for r in rows}) == 3


def test_holds_are_respected_and_reported(db, data):
    restricted, on_hold, free = graduated(data), graduated(data), graduated(data)
    m.Person.update(is_restricted=True).where(m.Person.id == restricted.id).execute()
    admin = data.staff("admin")
    holds.place_legal_hold(on_hold, "Procedure bij het CBE", admin)
    docs = {
        p.id: data.record(m.DirectDebitMandate, p, signed_on=dt.date(2010, 1, 1))
        for p in (restricted, on_hold, free)
    }
    report = run(dt.date(2024, 1, 1))
    assert exists(docs[restricted.id]) and exists(docs[on_hold.id]) and not exists(docs[free.id])
    line = RetentionRunRule.get(
        (RetentionRunRule.run == report.run_id) & (RetentionRunRule.rule == "direct_debit_mandate")
    )
    held = {h.reason: h.count for h in line.holds}
    assert (line.deleted, held) == (1, {"restricted": 1, "legal_hold": 1})
    # Lifting the hold releases the record on the next run.
    hold = m.LegalHold.get(m.LegalHold.person == on_hold.id)
    holds.lift_legal_hold(hold, "Procedure afgerond", admin)
    # Placing and lifting are in the audit trail, whoever calls them (web or CLI).
    assert [
        e.action
        for e in m.AuditEvent.select()
        .where(m.AuditEvent.person == on_hold.id)
        .order_by(m.AuditEvent.id)
    ] == ["place:legal_hold", "lift:legal_hold"]
    run(dt.date(2024, 1, 2))
    assert not exists(docs[on_hold.id])


def test_hold_needs_a_reason(db, data):
    with pytest.raises(holds.HoldError):
        holds.place_legal_hold(graduated(data), "   ", data.staff("admin"))


def snapshot():
    return {
        model.__name__: list(model.select().order_by(model.id).tuples())
        for model in m.ALL_MODELS
        if model not in (RetentionRun, RetentionRunRule)
    }


def test_second_run_on_the_same_day_changes_nothing(db, data):
    for _ in range(4):
        p = graduated(data, end=dt.date(2012, 8, 31))
        for model, values, _, _ in RECORD_DATE_CASES:
            data.record(model, p, **values)
        data.record(m.MatchingResult, p, academic_year=2020)
        data.record(m.CounsellingEntry, p)
    today = dt.date(2025, 1, 1)
    run(today)
    before = snapshot()
    report = run(today)
    assert snapshot() == before
    assert report.total("deleted") == report.total("anonymised") == 0
    assert report.total("listed_for_review") == 0


def test_dry_run_changes_nothing_but_reports(db, data):
    p = graduated(data)
    data.record(m.DirectDebitMandate, p, signed_on=dt.date(2010, 1, 1))
    data.record(m.CounsellingEntry, p)
    before = snapshot()
    report = run(dt.date(2035, 1, 1), dry_run=True)
    assert snapshot() == before
    assert report.total("deleted") == 1 and report.total("listed_for_review") == 1
    assert RetentionRun.get_by_id(report.run_id).dry_run


def test_plan_counts_per_rule_without_changing_anything(db, data):
    p = graduated(data)
    data.record(m.DirectDebitMandate, p, signed_on=dt.date(2010, 1, 1))
    data.record(m.DirectDebitMandate, p, signed_on=dt.date(2023, 1, 1))
    held = graduated(data)
    m.Person.update(is_restricted=True).where(m.Person.id == held.id).execute()
    data.record(m.DirectDebitMandate, held, signed_on=dt.date(2010, 1, 1))
    lines = {line.target.rule.key: line for line in engine.plan(dt.date(2024, 1, 1))}
    assert lines["direct_debit_mandate"].due == 1
    assert lines["direct_debit_mandate"].held["restricted"] == 1
    assert m.DirectDebitMandate.select().count() == 3


def test_applicant_with_nothing_left_is_removed_entirely(db, data):
    applicant, account = data.student()
    data.record(m.DeficiencyDocument, applicant, admission_decided_on=dt.date(2022, 5, 1))
    enrolled = graduated(data)
    data.record(m.DeficiencyDocument, enrolled, admission_decided_on=dt.date(2022, 5, 1))
    newcomer = data.person()  # no records yet: never touched
    report = run(dt.date(2024, 1, 1))
    assert not m.Person.select().where(m.Person.id == applicant.id).exists()
    assert not m.Account.select().where(m.Account.id == account.id).exists()
    assert m.Person.select().where(m.Person.id.in_([enrolled.id, newcomer.id])).count() == 2
    assert report.persons_removed == 1


def test_an_applicants_request_file_keeps_its_own_term(db, data):
    # Removing an emptied applicant must not take a request file along before its term.
    applicant = data.person()
    data.record(m.DeficiencyDocument, applicant, admission_decided_on=dt.date(2022, 5, 1))
    m.RightsRequest.create(
        reference="AVG-2023-TERM22",
        person=applicant,
        request_type="access",
        status="closed",
        channel="portal",
        language="nl",
        received_at=dt.datetime(2023, 5, 1, 10),
        received_on=dt.date(2023, 5, 1),
        due_on=dt.date(2023, 6, 1),
        closed_at=dt.datetime(2023, 5, 20, 10),
    )
    run(dt.date(2024, 1, 1))
    assert (
        not m.DeficiencyDocument.select().where(m.DeficiencyDocument.person == applicant).exists()
    )
    assert m.RightsRequest.select().where(m.RightsRequest.person == applicant).exists()
    report = run(dt.date(2025, 6, 1))  # two years after closing: the file goes, then the person
    assert not m.Person.select().where(m.Person.id == applicant.id).exists()
    assert report.persons_removed == 1


def test_login_attempts_and_audit_events_expire(db, data):
    # Stored in UTC; the term counts from the Amsterdam date (UTC+1 in January).
    old = m.LoginAttempt.create(
        username="x", ip_address="127.0.0.1", attempted_at=dt.datetime(2024, 1, 1, 22, 59)
    )
    recent = m.LoginAttempt.create(
        username="x", ip_address="127.0.0.1", attempted_at=dt.datetime(2024, 1, 1, 23, 0)
    )
    admin = data.staff("admin")
    trail.record(admin, "view:legal_holds", [None], at=dt.datetime(2022, 1, 31, 12))
    audit = m.AuditEvent.get()
    run(dt.date(2024, 1, 31))
    assert not exists(old) and exists(recent) and not exists(audit)
    assert chain.verify().ok  # removed with a checkpoint


def test_the_run_is_recorded_without_personal_data(db, data):
    p = graduated(data)
    data.record(m.DirectDebitMandate, p, signed_on=dt.date(2010, 1, 1))
    report = run(dt.date(2024, 1, 1), trigger="schedule")
    record = RetentionRun.get_by_id(report.run_id)
    assert record.outcome == "succeeded" and record.finished_at and record.trigger == "schedule"
    assert record.error is None
    rules = {r.rule for r in record.rules}
    assert {"direct_debit_mandate", "contact_details", "counselling_dossier"} <= rules


def test_a_failing_run_is_recorded_as_failed(db, data, monkeypatch):
    graduated(data)

    def explode(*args, **kwargs):
        raise RuntimeError("boom s1234567")

    monkeypatch.setattr(engine, "_apply_to_persons", explode)
    with pytest.raises(RuntimeError):
        run(dt.date(2024, 1, 1))
    record = RetentionRun.select().order_by(RetentionRun.id.desc()).get()
    assert record.outcome == "failed" and record.error == "RuntimeError"


def test_only_one_run_at_a_time(db, db_url, data):
    """Another connection (as another process would) holding the lock makes a run skip."""
    from domain.core.db import make_database
    from domain.retention.lock import exclusive_run

    other = make_database(db_url)
    other.connect()
    try:
        with exclusive_run(other) as first:
            assert first
            assert run(dt.date(2024, 1, 1)) is None
            assert not RetentionRun.select().exists()
    finally:
        other.close()
    assert run(dt.date(2024, 1, 1)) is not None


def test_stop_request_ends_after_the_current_batch(db, data):
    people = [graduated(data) for _ in range(6)]
    for p in people:
        data.record(m.DirectDebitMandate, p, signed_on=dt.date(2010, 1, 1))
    calls = []

    def stop_after_two():
        calls.append(1)
        return len(calls) > 2

    report = run(dt.date(2024, 1, 1), batch_size=2, should_stop=stop_after_two)
    assert report.outcome == "interrupted"
    assert m.DirectDebitMandate.select().count() == 2
    report = run(dt.date(2024, 1, 1), batch_size=2)
    assert report.outcome == "succeeded" and m.DirectDebitMandate.select().count() == 0


def test_sign_in_sessions_go_a_day_after_they_started(db, data):
    # The term counts from the Amsterdam date: 23:30 UTC on 31 January is 1 February there.
    _, account = data.student()
    values = dict(account=account, device="x", ip_address="192.0.2.1")
    started = dt.datetime(2024, 1, 31, 12)
    old = m.SignInSession.create(
        token_hash="a" * 64, started_at=started, last_seen_at=started, **values
    )
    started = dt.datetime(2024, 1, 31, 23, 30)
    young = m.SignInSession.create(
        token_hash="b" * 64, started_at=started, last_seen_at=started, **values
    )
    run(dt.date(2024, 2, 1))
    assert not exists(old) and exists(young)
