"""Terms on timestamps count from the Amsterdam date of the timestamp, not the UTC date."""

import datetime as dt

import pytest

from domain import models as m
from domain.audit import trail
from domain.register import RULES
from domain.retention import engine, terms
from tests import factories as f

# (stored UTC timestamp, its Amsterdam date): just after local midnight, winter and summer.
NEAR_MIDNIGHT = [
    (dt.datetime(2024, 1, 15, 23, 30), dt.date(2024, 1, 16)),  # CET, 00:30 local
    (dt.datetime(2024, 7, 15, 22, 30), dt.date(2024, 7, 16)),  # CEST, 00:30 local
    (dt.datetime(2024, 7, 15, 23, 59), dt.date(2024, 7, 16)),  # CEST, 01:59 local
    (dt.datetime(2024, 1, 15, 22, 59), dt.date(2024, 1, 15)),  # CET, 23:59 local
]


@pytest.mark.parametrize("stamp, local_date", NEAR_MIDNIGHT)
def test_python_term_counts_from_the_local_date(stamp, local_date):
    rule = RULES["login_attempts"]
    assert terms.due_date(rule, {"attempted_at": stamp}, None) == local_date + dt.timedelta(days=30)


@pytest.mark.parametrize("stamp, local_date", NEAR_MIDNIGHT)
def test_login_attempt_is_kept_until_30_days_after_its_local_date(db, stamp, local_date):
    attempt = m.LoginAttempt.create(username="x", ip_address="192.0.2.1", attempted_at=stamp)
    due = local_date + dt.timedelta(days=30)
    engine.run(due - dt.timedelta(days=1), pseudonym_key="k")
    assert m.LoginAttempt.select().where(m.LoginAttempt.id == attempt.id).exists()
    engine.run(due, pseudonym_key="k")
    assert not m.LoginAttempt.select().where(m.LoginAttempt.id == attempt.id).exists()


@pytest.mark.parametrize("stamp, local_date", NEAR_MIDNIGHT[:2])
def test_audit_event_is_kept_until_2_years_after_its_local_date(db, stamp, local_date):
    actor = f.staff("admin")
    trail.record(actor, "view:x", [None], at=stamp)
    event = m.AuditEvent.get()
    due = local_date.replace(year=local_date.year + 2)
    engine.run(due - dt.timedelta(days=1), pseudonym_key="k")
    assert m.AuditEvent.select().where(m.AuditEvent.id == event.id).exists()
    engine.run(due, pseudonym_key="k")
    assert not m.AuditEvent.select().where(m.AuditEvent.id == event.id).exists()
