"""Every audit action reads well for the student and names real register categories."""

import pytest

from domain.audit import vocabulary
from domain.consent.vocabulary import PARTY_FIELDS
from domain.deliveries import records
from domain.register import CATEGORIES


def test_every_default_category_is_a_register_category():
    for key, action in vocabulary.ACTIONS.items():
        assert set(action.categories) <= set(CATEGORIES), key
        assert action.label.nl and action.label.en, key


def test_every_field_a_party_can_receive_has_a_register_category():
    assert set(records.delivery_categories(PARTY_FIELDS)) <= set(CATEGORIES)


def test_a_party_field_without_a_category_is_refused(monkeypatch):
    monkeypatch.delitem(records.DERIVED_CATEGORIES, "first_year_ec")
    with pytest.raises(KeyError):
        records.delivery_categories(["first_year_ec"])


def test_an_action_declared_nowhere_still_reads_as_handling_data():
    assert vocabulary.action("rectify:something").label.en == "worked with your data"


def test_categories_are_stored_once_each_in_register_order():
    assert vocabulary.encode_categories(["results", "identity", "results"]) == "identity,results"
    assert vocabulary.decode_categories("identity,results") == ["identity", "results"]
    assert vocabulary.decode_categories("") == []
