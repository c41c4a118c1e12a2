"""A student's export never holds another student's data (issue 10 §2).

On the demo set, with consent choices, a KIVI delivery, requests with messages and staff
views of several students: for every student, no identifier of any other demo student
(student number, e-mail addresses, phone, postal address, IBAN, full name) appears in
their access export, nor in their portability export.
"""

from __future__ import annotations

import datetime as dt
import json

from domain import models as m
from domain.audit import trail as audit
from domain.deliveries import records
from domain.deliveries.kivi import plan_kivi
from domain.demo import people as demo
from domain.demo.consent import seed_consent
from domain.exports import document
from domain.requests import operations as ops

TODAY = dt.date(2025, 10, 15)
NOW = dt.datetime(2025, 10, 15, 9, 0)


def _identifiers() -> dict[int, set[str]]:
    """Per person, the values that identify them."""
    found: dict[int, set[str]] = {}
    for p in m.Person.select():
        name = " ".join(part for part in (p.first_name, p.prefix, p.surname) if part)
        values = {p.student_number, p.university_email, p.private_email, p.phone, name}
        values |= set((p.postal_address or "").splitlines()[:1])
        found[p.id] = {v for v in values if v}
    for mandate in m.DirectDebitMandate.select():
        found[mandate.person_id].add(mandate.iban)
    for handover in m.SurveyHandover.select():
        found[handover.person_id].add(handover.email_address)
    return found


def _activity(desk) -> list[int]:
    """Requests, messages and staff views for a handful of students; a KIVI delivery."""
    people = [p.id for p in m.Person.select(m.Person.id).order_by(m.Person.id).limit(8)]
    for index, pid in enumerate(people):
        filed = ops.file_request(pid, "access", {}, language="nl").request
        ops.desk_message(filed.id, f"Bericht over verzoek {filed.reference}", desk)
        if index % 2:
            ops.decide(filed.id, "granted", None, "Hierbij je gegevens.", desk)
        audit.record(desk, "view:rights_request", [pid], filed.reference)
    for year in (2023, 2024):
        plan = plan_kivi(year, dt.date(year + 1, 1, 10), TODAY)
        if plan.person_count:
            records.run(plan, desk, "test")
    return people


def test_no_export_holds_another_students_identifiers(db):
    demo.seed(40, 11, TODAY)
    seed_consent(11, TODAY)
    desk = m.Account.get(m.Account.username == "desk")
    active = _activity(desk)
    identifiers = _identifiers()
    assert m.Disclosure.select().exists() and m.ConsentEvent.select().exists()

    for pid, own in identifiers.items():
        for kind in ("access", "portability"):
            text = json.dumps(document.build(pid, kind, NOW), ensure_ascii=False)
            leaked = {
                value
                for other, values in identifiers.items()
                if other != pid
                for value in values - own
                if value in text
            }
            assert not leaked, (pid, kind, sorted(leaked)[:5])
        if pid in active:  # the test has something to find in these
            access = document.build(pid, "access", NOW)
            assert access["requests"] and access["staff_access"]
