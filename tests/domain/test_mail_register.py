"""The outbox in the register: declared with purpose and basis, and removed on its term."""

import datetime as dt

from domain import models as m
from domain.register import BY_MODEL, RULES
from domain.register.export import as_records
from domain.retention import engine

TODAY = dt.date(2026, 9, 9)  # six months after 9 March: mail of that day goes


def mail(person=None, written=dt.datetime(2026, 3, 10, 9, 0), **values):
    """An outbox row written at ``written`` (directly: enqueue always writes "now")."""
    defaults = dict(
        kind="request_received" if person else "desk_digest",
        person=person,
        recipient=person.university_email if person else "privacyloket@example.org",
        language="nl",
        subject="Onderwerp",
        body="Tekst",
        status="sent",
        next_attempt_at=written,
        sent_at=written,
        created_at=written,
    )
    defaults.update(values)
    return m.OutboxMail.create(**defaults)


def test_the_outbox_is_declared_with_purpose_basis_and_term():
    rt = BY_MODEL[m.OutboxMail]
    fields = {f.name: f for f in rt.fields}
    assert {"recipient", "subject", "body", "last_error"} <= set(fields)
    assert {(f.purpose, f.legal_basis, f.category) for f in rt.fields} == {
        (22, "legal_obligation", "requests")
    }
    assert not any(f.shown_to_student for f in rt.fields)
    rule = RULES["outbox_mail"]
    assert rule.in_words("en") == "Delete 6 months after the day the e-mail was written"
    assert rule.in_words("nl") == "Verwijderen 6 maanden na de dag waarop de e-mail werd opgesteld"
    records = [r for r in as_records() if r["field"].startswith("OutboxMail.")]
    assert {r["field"] for r in records} >= {"OutboxMail.recipient", "OutboxMail.body"}


def test_retention_removes_mail_six_months_after_it_was_written(db, data):
    student = data.person()
    data.enrolment(student)
    old = mail(student, written=dt.datetime(2026, 3, 9, 22, 0))  # 9 March, 23:00 Amsterdam
    digest = mail(written=dt.datetime(2026, 3, 9, 22, 0))  # the desk's digest: no person
    day_after = mail(student, written=dt.datetime(2026, 3, 9, 23, 30))  # 10 March, 00:30
    failed = mail(student, status="failed", sent_at=None, written=dt.datetime(2026, 2, 1, 9, 0))
    report = engine.run(TODAY, pseudonym_key="k")
    assert report.outcome == "succeeded"
    left = {row.id for row in m.OutboxMail.select()}
    assert left == {day_after.id}  # 10 March (Amsterdam) + 6 months: due tomorrow
    assert old.id not in left and digest.id not in left and failed.id not in left
    engine.run(TODAY + dt.timedelta(days=1), pseudonym_key="k")
    assert not m.OutboxMail.select().exists()


def test_a_held_persons_mail_stays(db, data):
    held = data.person(is_restricted=True)  # restriction: a hold reason
    data.enrolment(held)
    kept = mail(held)
    engine.run(TODAY, pseudonym_key="k")
    assert m.OutboxMail.select().where(m.OutboxMail.id == kept.id).exists()


def test_a_removed_person_takes_their_mail_along(db, data):
    gone = data.person()
    mail(gone, written=dt.datetime(2026, 9, 1, 9, 0))
    m.Person.delete().where(m.Person.id == gone.id).execute()
    assert not m.OutboxMail.select().exists()
