"""Identity-document copies (rug §2.1): only masked, deleted once processed, never kept for ever."""

import datetime as dt

import pytest

from domain import models as m
from domain.records.identity import UnmaskedCopyError, mark_processed, store_copy
from domain.register import RULES
from domain.retention import engine
from domain.retention.terms import due_date

KEY = "test-pseudonym-key"


def run(today):
    return engine.run(today, pseudonym_key=KEY)


def exists(record) -> bool:
    return type(record).select().where(type(record).id == record.id).exists()


def copy(person, received_on=dt.date(2024, 3, 1), **masks):
    values = {"bsn_masked": True, "photo_masked": True, **masks}
    return store_copy(
        person_id=person.id,
        document_type="passport",
        received_on=received_on,
        title="Kopie paspoort",
        **values,
    )


@pytest.mark.parametrize(
    "masks, unmasked",
    [
        ({"bsn_masked": False}, ("bsn",)),
        ({"photo_masked": False}, ("photo",)),
        ({"bsn_masked": False, "photo_masked": False}, ("bsn", "photo")),
    ],
)
def test_an_unmasked_copy_is_refused(db, data, masks, unmasked):
    p = data.person()
    with pytest.raises(UnmaskedCopyError) as caught:
        copy(p, **masks)
    assert caught.value.unmasked == unmasked
    assert "not masked" in caught.value.message.en and "niet afgeschermd" in caught.value.message.nl
    assert m.IdentityDocumentCopy.select().count() == 0


def test_a_masked_copy_is_stored(db, data):
    stored = copy(data.person())
    assert stored.bsn_masked and stored.photo_masked and stored.processed_on is None


@pytest.mark.parametrize("processing", ["enrolment", "withdrawn", "rejected"])
def test_processing_withdrawal_or_rejection_ends_the_copy_that_day(db, data, processing):
    p = data.person()
    item = copy(p, received_on=dt.date(2024, 3, 1))
    assert mark_processed(p.id, dt.date(2024, 6, 30), processing) == 1
    run(dt.date(2024, 6, 29))
    assert exists(item)
    run(dt.date(2024, 6, 30))
    assert not exists(item)


def test_marking_leaves_other_persons_and_processed_copies_alone(db, data):
    p, other = data.person(), data.person()
    done = copy(p)
    mark_processed(p.id, dt.date(2024, 5, 1), "enrolment")
    later = copy(p)
    mark_processed(p.id, dt.date(2024, 6, 1), "withdrawn")
    theirs = copy(other)

    def fresh(item):
        return m.IdentityDocumentCopy.get_by_id(item.id)

    assert (fresh(done).processed_on, fresh(done).processing) == (dt.date(2024, 5, 1), "enrolment")
    assert fresh(later).processing == "withdrawn"
    assert fresh(theirs).processed_on is None
    with pytest.raises(ValueError):
        mark_processed(p.id, dt.date(2024, 6, 1), "lost")


def test_a_copy_never_processed_is_deleted_one_year_after_receipt(db, data):
    item = copy(data.person(), received_on=dt.date(2024, 2, 29))
    run(dt.date(2025, 2, 27))
    assert exists(item)
    run(dt.date(2025, 2, 28))  # 29 Feb + 1 year clamps to 28 Feb
    assert not exists(item)


def test_the_earlier_of_processing_and_backstop_counts():
    rule = RULES["identity_document"]
    row = {"received_on": dt.date(2024, 3, 1), "processed_on": None}
    assert due_date(rule, row, None) == dt.date(2025, 3, 1)
    assert due_date(rule, {**row, "processed_on": dt.date(2024, 4, 1)}, None) == dt.date(2024, 4, 1)
    assert "uiterlijk 1 jaar na de ontvangst" in rule.in_words("nl")
    assert "at the latest 1 year after receipt" in rule.in_words("en")
