"""The three deliveries on demo data, checked against an independent oracle.

The oracle decides who may be delivered the plain way — every person, every event, in
Python — and each delivery (set-based SQL) must name exactly those persons.
"""

import datetime as dt
from collections import defaultdict

import pytest

from domain.consent.parties import party_by_key
from domain.core.clock import end_of_day
from domain.deliveries.bedrijvendagen import plan_bedrijvendagen
from domain.deliveries.kivi import plan_kivi
from domain.deliveries.schools import plan_schools
from domain.deliveries.visitors import parse_visitors
from domain.demo import people as demo
from domain.demo.consent import seed_consent
from domain.models import ConsentEvent, Degree, Enrolment, NoticeVersion, Person

TODAY = dt.date(2025, 10, 15)
REFERENCE = dt.date(2025, 6, 30)


@pytest.fixture
def demo_world(db):
    demo.seed(300, 11, TODAY)
    seed_consent(11, TODAY)
    return db


def consenting_oracle(party_key: str, day: dt.date) -> set[int]:
    """Persons whose last choice before ``day`` ended, and whose last choice of all, is
    "given" to a covering version (a withdrawal since the day leaves them out)."""
    party = party_by_key(party_key)
    versions = {v.id: v for v in NoticeVersion.select().where(NoticeVersion.party == party.id)}
    current = max(versions.values(), key=lambda v: v.version)
    covering = {vid for vid, v in versions.items() if set(current.fields) <= set(v.fields)}
    on_day: dict[int, ConsentEvent] = {}
    now: dict[int, ConsentEvent] = {}
    events = (
        ConsentEvent.select()
        .where(ConsentEvent.party == party.id)
        .order_by(ConsentEvent.occurred_at, ConsentEvent.id)
    )
    for event in events:
        if event.occurred_at < end_of_day(day):
            on_day[event.person_id] = event
        now[event.person_id] = event
    restricted = {p.id for p in Person.select(Person.id).where(Person.is_restricted)}

    def yes(e):
        return e is not None and e.decision == "given" and e.notice_version_id in covering

    return {
        pid for pid, e in on_day.items() if yes(e) and yes(now.get(pid)) and pid not in restricted
    }


def test_kivi_on_demo_data(demo_world):
    year = 2024
    graduates = {
        d.person_id
        for d in Degree.select().where(
            Degree.exam_type.in_(["bachelor", "master"])
            & (Degree.exam_date >= dt.date(year, 1, 1))
            & (Degree.exam_date <= dt.date(year, 12, 31))
        )
    }
    expected = graduates & consenting_oracle("kivi", REFERENCE)
    plan = plan_kivi(year, REFERENCE, today=TODAY)
    assert graduates and expected, "the demo data should exercise this delivery"
    assert set(plan.person_ids) == expected
    assert plan.candidates == len(graduates)


def test_schools_on_demo_data(demo_world):
    cohort = 2023
    first_start: dict[int, dt.date] = {}
    for e in Enrolment.select().where(Enrolment.enrolment_type == "bachelor"):
        first_start[e.person_id] = min(first_start.get(e.person_id, e.start_date), e.start_date)
    in_cohort = {
        pid
        for pid, start in first_start.items()
        if dt.date(cohort, 9, 1) <= start <= dt.date(cohort + 1, 8, 31)
    }
    brin = {p.id: p.school_brin for p in Person.select() if p.school_brin}
    allowed = consenting_oracle("schools", REFERENCE)
    expected: dict[str, set[int]] = defaultdict(set)
    for pid in in_cohort & allowed:
        if pid in brin:
            expected[brin[pid]].add(pid)
    plan = plan_schools(cohort, REFERENCE, today=TODAY)
    assert expected, "the demo data should exercise this delivery"
    got = {f.file_name: {pid for pid, _ in f.rows} for f in plan.files}
    assert sorted(map(len, got.values())) == sorted(map(len, expected.values()))
    for school, pupils in expected.items():
        [name] = [n for n in got if school in n]
        assert got[name] == pupils


def test_bedrijvendagen_on_demo_data(demo_world):
    people = list(Person.select(Person.id, Person.student_number).order_by(Person.id))
    scanned = people[::3]
    text = "\r\n".join([p.student_number.upper() for p in scanned] + ["s9999999", ""])
    visitors = parse_visitors(("\ufeff" + text).encode())
    expected = {p.id for p in scanned} & consenting_oracle("bedrijvendagen", REFERENCE)
    plan = plan_bedrijvendagen(visitors, REFERENCE, today=TODAY)
    assert expected, "the demo data should exercise this delivery"
    assert set(plan.person_ids) == expected
