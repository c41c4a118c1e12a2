"""Lookups the views call instead of querying models: accounts behind a session, persons."""
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
