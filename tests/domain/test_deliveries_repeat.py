"""A delivery's run token makes it once; earlier deliveries of the same party, year and day."""

import datetime as dt

import pytest

from domain.consent import parties
from domain.consent.vocabulary import GIVEN
from domain.deliveries import records
from domain.deliveries.bedrijvendagen import plan_bedrijvendagen
from domain.deliveries.kivi import plan_kivi
from domain.deliveries.visitors import parse_visitors
from domain.models import Delivery, Disclosure
from tests import factories

TODAY = dt.date(2025, 6, 1)
TOKEN = "t" * 32


@pytest.fixture
def graduate(db):
    kivi = {p.key: p for p in parties.ensure_parties()}["kivi"]
    p = factories.person(student_number="s2000001")
    factories.degree(p, exam_date=dt.date(2024, 7, 15))
    factories.choose(p.id, kivi.id, GIVEN, dt.datetime(2025, 1, 2, 9))
    return p


def kivi(year=2024, day=dt.date(2025, 1, 15)):
    return plan_kivi(year, day, today=TODAY)


def test_a_token_makes_one_delivery(graduate):
    made = records.run(kivi(), None, "web", TOKEN)
    assert records.made_with(TOKEN) == made.id
    with pytest.raises(records.AlreadyMade) as again:
        records.run(kivi(), None, "web", TOKEN)
    assert again.value.delivery_id == made.id
    assert Delivery.select().count() == 1 and Disclosure.select().count() == 1


def test_runs_without_a_token_are_not_limited(graduate):
    records.run(kivi(), None, "cli")
    records.run(kivi(), None, "cli")
    assert Delivery.select().count() == 2
    assert records.made_with(TOKEN) is None


def test_earlier_deliveries_of_the_same_party_year_and_reference_date(graduate):
    first = records.run(kivi(), None, "cli")
    records.run(kivi(2023), None, "cli")
    records.run(kivi(day=dt.date(2025, 1, 16)), None, "cli")
    second = records.run(kivi(), None, "cli")
    assert [d.id for d in records.same_as_before(kivi(), ["year"])] == [first.id, second.id]
    assert records.same_as_before(kivi(2022), ["year"]) == []


def test_a_kind_without_a_year_is_compared_on_party_and_day(graduate):
    factories.enrolment(graduate)
    visitors = parse_visitors(b"s2000001\n")
    plan = plan_bedrijvendagen(visitors, dt.date(2025, 3, 15), today=TODAY)
    assert records.same_as_before(plan, []) == []
    made = records.run(plan, None, "cli")
    assert [d.id for d in records.same_as_before(plan, [])] == [made.id]


def test_a_confirmation_arriving_twice_at_once_makes_one_delivery(graduate, monkeypatch):
    # The second request checked the token before the first one stored it: the unique
    # column refuses it, and it is led to the delivery the first one made.
    made = records.run(kivi(), None, "web", TOKEN)
    lookups = iter([None])
    real = records.made_with
    monkeypatch.setattr(records, "made_with", lambda token: next(lookups, real(token)))
    with pytest.raises(records.AlreadyMade) as again:
        records.run(kivi(), None, "web", TOKEN)
    assert again.value.delivery_id == made.id
    assert Delivery.select().count() == 1 and Disclosure.select().count() == 1
