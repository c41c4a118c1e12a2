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
        origin="student",
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
        assert dict(f.party_purposes) == {
            "kivi": 20,
            "schools": 13,
            "bedrijvendagen": 17,
            "nse": 13,
            "nse-second-email": 13,
        }, key
        assert 22 not in dict(f.party_purposes).values()
    rows = next(r for r in as_records() if r["field"] == "Disclosure.rows")
    assert rows["purpose_by_party"]["schools"]["number"] == 13
    assert rows["purpose_by_party"]["schools"]["en"] == PURPOSES[13].en


# --- issue 10 §1: what each right may do, declared or derived in the register ---------


def test_every_field_names_its_source_and_export_section():
    from domain.register.vocabulary import EXPORT_SECTIONS, ORIGINS

    for f in FIELDS:
        assert f.origin in ORIGINS, f.key
        assert f.section in EXPORT_SECTIONS, f.key


def test_every_field_is_in_the_export_or_left_out_with_a_reason():
    """A field is shown on My data (the export's data section), in a section of its own, or
    withheld with a declared reason in both languages."""
    for f in FIELDS:
        if f.withheld:
            assert not f.exported and not f.shown_to_student, f.key
            assert f.withheld.nl and f.withheld.en and f.withheld.nl != f.withheld.en, f.key
        else:
            assert f.exported, f.key
            assert (f.section == "data") == f.shown_to_student, f.key
    withheld = {f.key for f in FIELDS if not f.exported}
    assert {"CounsellingEntry.is_internal_note", "RequestMessage.internal"} <= withheld
    assert {"RightsRequest.proposed_message", "MatchingResult.subject_pseudonym"} <= withheld
    sections = {f.key: f.section for f in FIELDS if f.exported}
    assert sections["ConsentEvent.decision"] == "consent"
    assert sections["Disclosure.field_keys"] == "disclosures"
    assert sections["AuditEvent.action"] == "staff_access"
    assert sections["RequestMessage.body"] == "requests"


def test_portability_is_derived_from_source_and_basis():
    portable = {f.key for f in FIELDS if f.portable}
    for f in FIELDS:
        assert f.portable == (f.origin == "student" and f.legal_basis in ("consent", "contract"))
    assert {"Person.private_email", "Person.phone", "DirectDebitMandate.iban"} <= portable
    # From Studielink, or kept under a legal obligation: not portable.
    assert not {"Person.surname", "ConsentEvent.decision", "CourseResult.grade"} & portable


def test_whatever_the_law_makes_the_university_keep_names_the_ground_and_the_law():
    from domain.register.vocabulary import ERASURE_GROUNDS
    from domain.requests.vocabulary import GROUNDS

    # The duty behind the export file is to hand the copy over (art. 15), not to keep it.
    obliged_but_erasable = {"DataExport"}
    for f in FIELDS:
        if f.retention.key == "basic_study_data" or (
            f.legal_basis == "legal_obligation" and f.model.__name__ not in obliged_but_erasable
        ):
            assert not f.erasable, f.key
        if f.kept:
            # The desk can cite the same ground when it refuses (part of) an erasure.
            assert f.kept.ground in ERASURE_GROUNDS and f.kept.ground in GROUNDS, f.key
            text = f.kept.text()
            assert text.nl.startswith("art. 17 lid 3") and text.en.startswith("GDPR art. 17(3)")
    surname = next(f for f in FIELDS if f.key == "Person.surname")
    assert "WHW" in surname.kept.text().nl and "Archives Act" in surname.kept.text().en
    erasable = {f.key for f in FIELDS if f.erasable}
    assert {"Person.private_email", "MatchingResult.advice", "Account.username"} <= erasable


def test_correction_is_declared_with_where_when_the_source_is_elsewhere():
    by_key = {f.key: f for f in FIELDS}
    assert by_key["Person.phone"].correctable and by_key["Person.surname"].correctable
    birth = by_key["Person.date_of_birth"]
    assert not birth.correctable and "Studielink" in birth.correct_at.en
    assert "examencommissie" in by_key["CourseResult.grade"].correct_at.nl
    assert not by_key["Person.student_number"].correctable
    assert by_key["Person.student_number"].correct_at is None
    for f in FIELDS:
        assert not (f.correctable and f.correct_at), f.key


def test_the_rectification_form_reads_the_register(monkeypatch):
    """details.rectification_fields() offers what the register declares, nothing else."""
    import dataclasses

    from domain import register
    from domain.models import Person
    from domain.register.declarations import RecordType
    from domain.requests import details

    offered = {c.name: c for c in details.rectification_fields()}
    assert {n for n, c in offered.items() if c.correctable} == {
        f.name for f in register.student_fields(Person) if f.correctable
    }
    assert not offered["date_of_birth"].correctable
    assert offered["date_of_birth"].correct_at.en.startswith("in Studielink")
    assert offered["surname"].basic_study_data and offered["surname"].source.en.startswith(
        "Studielink"
    )

    person = register.BY_MODEL[Person]
    changed = tuple(
        dataclasses.replace(f, correctable=False) if f.name == "phone" else f for f in person.fields
    )
    monkeypatch.setitem(
        register.BY_MODEL, Person, RecordType(Person, person.label, changed, person.technical)
    )
    assert "phone" not in {c.name for c in details.rectification_fields()}


def test_objection_follows_the_basis_and_direct_marketing_always():
    from domain.requests import details

    for f in FIELDS:
        basis_allows = f.legal_basis in ("public_task", "legitimate_interest")
        assert f.objectable == (basis_allows or f.purpose in (3, 24)), f.key
    assert set(details.objectable_purposes()) == {f.purpose for f in FIELDS if f.objectable}
    assert 5 in details.objectable_purposes()  # admission: public task
    assert 20 not in details.objectable_purposes()  # study results: legal obligation


def test_art_30_export_states_the_rights_in_both_languages():
    records = {r["field"]: r for r in as_records()}
    surname = records["Person.surname"]
    assert surname["origin"] == "studielink" and not surname["portable"]
    assert not surname["erasable"] and surname["kept_because"]["en"].startswith("GDPR art. 17")
    assert surname["correctable"] and surname["objectable"] is False
    assert surname["export_section"] == "data"
    phone = records["Person.phone"]
    assert phone["portable"] and phone["erasable"] and phone["kept_because"] is None
    note = records["CounsellingEntry.is_internal_note"]
    assert note["export_section"] is None and "rug §3.2" in note["withheld_because"]["en"]
    birth = records["Person.date_of_birth"]
    assert birth["correct_at"]["nl"].startswith("in Studielink")
