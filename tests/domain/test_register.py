"""The register is complete, consistent and the single source of field knowledge."""

import datetime as dt

import pytest

from domain.accounts.roles import CONFIDENTIAL_ROLES, COUNSELLOR, DESK, STAFF_ROLES
from domain.core.academic_year import academic_year_end, academic_year_start
from domain.models import ALL_MODELS
from domain.register import (
    BY_MODEL,
    CATEGORIES,
    FIELDS,
    LEGAL_BASES,
    NON_PERSONAL_MODELS,
    PURPOSES,
    RECORD_TYPES,
    RULES,
    Action,
    Event,
    Period,
    Strategy,
    Unit,
    fields_by_category,
)
from domain.register.export import as_records
from domain.register.rules import add_months


def undeclared_fields(models, record_types, non_personal):
    """Model fields that are neither declared nor marked technical."""
    by_model = {rt.model: rt for rt in record_types}
    missing = []
    for model in models:
        if model in non_personal:
            continue
        rt = by_model.get(model)
        declared = {f.name for f in rt.fields} | set(rt.technical) if rt else set()
        missing += [
            f"{model.__name__}.{name}" for name in model._meta.fields if name not in declared
        ]
    return missing


def unknown_declarations(record_types):
    """Declarations that name a field the model does not have."""
    return [
        f"{rt.model.__name__}.{name}"
        for rt in record_types
        for name in [f.name for f in rt.fields] + sorted(rt.technical)
        if name not in rt.model._meta.fields
    ]


def test_every_model_field_is_declared():
    assert undeclared_fields(ALL_MODELS, RECORD_TYPES, NON_PERSONAL_MODELS) == []


def test_an_undeclared_field_is_detected():
    from peewee import CharField

    from domain.models import Person

    field = CharField(null=True)
    Person._meta.add_field("shoe_size", field)
    try:
        undeclared = undeclared_fields(ALL_MODELS, RECORD_TYPES, NON_PERSONAL_MODELS)
        assert undeclared == ["Person.shoe_size"]
    finally:
        Person._meta.remove_field("shoe_size")


def test_every_declaration_names_an_existing_field():
    assert unknown_declarations(RECORD_TYPES) == []


def test_a_declaration_of_a_missing_field_is_detected():
    from domain.core.text import Text
    from domain.models import Person
    from domain.register.declarations import record_type

    bogus = record_type(
        Person,
        Text("x", "x"),
        category="identity",
        purpose=1,
        basis="consent",
        retention="basic_study_data",
        shoe_size=Text("s", "s"),
    )
    assert unknown_declarations([bogus]) == ["Person.shoe_size"]


def test_every_model_is_either_declared_or_non_personal():
    assert set(ALL_MODELS) == set(BY_MODEL) | set(NON_PERSONAL_MODELS)
    assert not set(BY_MODEL) & set(NON_PERSONAL_MODELS)


def test_no_field_is_both_declared_and_technical():
    for rt in RECORD_TYPES:
        assert not {f.name for f in rt.fields} & set(rt.technical), rt.model.__name__


def test_declarations_use_the_fixed_vocabularies():
    assert len(PURPOSES) == 26 and len(LEGAL_BASES) == 6
    for f in FIELDS:
        assert f.purpose in PURPOSES, f.key
        assert f.legal_basis in LEGAL_BASES, f.key
        assert f.category in CATEGORIES, f.key
        assert f.staff_roles <= set(STAFF_ROLES), f.key
        assert f.label.nl and f.label.en, f.key


def test_each_field_is_declared_once():
    keys = [f.key for f in FIELDS]
    assert len(keys) == len(set(keys))


def test_retention_rules_point_at_real_fields():
    for rt in RECORD_TYPES:
        names = set(rt.model._meta.fields)
        for rule in {f.retention for f in rt.fields}:
            if rule.counts_from in (
                Event.RECORD_DATE,
                Event.ACADEMIC_YEAR_START,
                Event.ACADEMIC_YEAR_END,
            ):
                assert rule.date_field in names, (rule.key, rt.model.__name__)
            if rule.action is Action.ANONYMISE:
                assert set(rule.anonymise) <= names, rule.key
                for spec in rule.anonymise.values():
                    if spec.strategy is Strategy.PSEUDONYM:
                        assert spec.source in names


def test_internal_notes_and_pseudonyms_are_never_shown_to_students():
    shown = {f.key for fields in fields_by_category().values() for f in fields}
    assert "CounsellingEntry.is_internal_note" not in shown
    assert "MatchingResult.subject_pseudonym" not in shown
    assert "LoginAttempt.ip_address" not in shown
    assert "Person.surname" in shown


def test_counselling_content_is_special_category():
    special = {f.key for f in FIELDS if f.special_category}
    assert "CounsellingEntry.content_text" in special


def test_special_category_data_is_only_for_roles_bound_to_confidentiality():
    special = [f for f in FIELDS if f.special_category]
    assert special and all(f.staff_roles <= CONFIDENTIAL_ROLES for f in special)
    content = next(f for f in special if f.key == "CounsellingEntry.content_text")
    assert COUNSELLOR in content.staff_roles and DESK not in content.staff_roles


def test_export_has_both_languages_for_every_text():
    records = as_records()
    assert len(records) == len(FIELDS)
    for r in records:
        for key in ("label", "category", "purpose", "legal_basis", "retention"):
            assert r[key]["nl"] and r[key]["en"], (r["field"], key)
            assert r[key]["nl"] != r[key]["en"] or key == "label", (r["field"], key)


@pytest.mark.parametrize(
    "start, months, expected",
    [
        (dt.date(2024, 1, 31), 1, dt.date(2024, 2, 29)),  # leap year
        (dt.date(2023, 1, 31), 1, dt.date(2023, 2, 28)),
        (dt.date(2024, 2, 29), 12, dt.date(2025, 2, 28)),  # leap day + 1 year
        (dt.date(2024, 8, 31), 3, dt.date(2024, 11, 30)),
        (dt.date(2024, 12, 15), 1, dt.date(2025, 1, 15)),
        (dt.date(2024, 3, 31), -1, dt.date(2024, 2, 29)),
    ],
)
def test_month_arithmetic_clamps_to_month_end(start, months, expected):
    assert add_months(start, months) == expected


def test_periods():
    assert Period(30, Unit.DAYS).after(dt.date(2024, 2, 15)) == dt.date(2024, 3, 16)
    assert Period(7, Unit.YEARS).after(dt.date(2020, 2, 29)) == dt.date(2027, 2, 28)
    assert Period(2, Unit.MONTHS).after(academic_year_start(2024)) == dt.date(2024, 11, 1)
    assert academic_year_end(2024) == dt.date(2025, 8, 31)


def test_rules_in_words_both_languages():
    rule = RULES["exchange_documents"]
    assert rule.in_words("en") == (
        "Delete 7 years after the end of the academic year of the exchange"
    )
    assert rule.in_words("nl") == (
        "Verwijderen 7 jaar na het einde van het studiejaar van de uitwisseling"
    )
    assert "Bewaard" in RULES["basic_study_data"].in_words("nl")


def test_rules_due_dates():
    assert RULES["identity_document"].due_date(dt.date(2024, 9, 2)) == dt.date(2024, 9, 2)
    assert RULES["identity_document"].due_date(None) is None
    assert RULES["basic_study_data"].due_date(dt.date(2024, 1, 1)) is None
    assert RULES["direct_debit_mandate"].due_date(dt.date(2016, 2, 29)) == dt.date(2025, 2, 28)


# issue 7 §3: the legal bases and purposes the seeds give.
@pytest.mark.parametrize(
    "model, basis, purpose",
    [
        ("SurveyHandover", "legal_obligation", 13),  # NSE FAQ: the WHW obliges taking part
        ("ExchangeDocument", "public_task", 18),  # rug §2.2: taak van algemeen belang
        ("Account", "contract", 10),  # an IT facility, not securing IT
    ],
)
def test_legal_bases_and_purposes_follow_the_seeds(model, basis, purpose):
    rt = next(rt for rt in RECORD_TYPES if rt.model.__name__ == model)
    assert {(f.legal_basis, f.purpose) for f in rt.fields} == {(basis, purpose)}


def test_disclosure_records_serve_each_partys_purpose():
    for key in ("ConsentEvent.decision", "Disclosure.field_keys", "Disclosure.rows"):
        f = next(f for f in FIELDS if f.key == key)
        assert dict(f.party_purposes) == {"kivi": 20, "schools": 13, "bedrijvendagen": 17}, key
        assert 22 not in dict(f.party_purposes).values()
    rows = next(r for r in as_records() if r["field"] == "Disclosure.rows")
    assert rows["purpose_by_party"]["schools"]["number"] == 13
    assert rows["purpose_by_party"]["schools"]["en"] == PURPOSES[13].en
