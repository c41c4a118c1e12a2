"""Lookups the views call instead of querying models: accounts, persons, the health ping."""

import pytest

from domain.accounts.lookup import active_account
from domain.people.lookup import person
from domain.people.models import Person
from tests import factories


def test_active_account_finds_only_active_accounts(db):
    _, account = factories.student()
    assert active_account(str(account.id)) == account
    account.is_active = False
    account.save()
    assert active_account(str(account.id)) is None


@pytest.mark.parametrize("raw", ["", "abc", "-1", "1.5", "999999"])
def test_active_account_refuses_odd_or_unknown_ids(db, raw):
    factories.student()
    assert active_account(raw) is None


def test_person_by_id(db):
    p, _ = factories.student()
    assert person(p.id).student_number == p.student_number
    with pytest.raises(Person.DoesNotExist):
        person(p.id + 1)


def test_ping_answers_on_a_live_database(db):
    from domain.core import health

    health.ping()


def test_ping_raises_when_the_database_is_gone(tmp_path):
    from domain.core import health
    from domain.core.db import connect_database

    (tmp_path / "gone").mkdir()
    connect_database(f"sqlite:///{tmp_path / 'gone'}")  # a directory: cannot be opened
    with pytest.raises(Exception):  # noqa: B017  (whatever the driver raises)
        health.ping()
