"""The synthetic data generator: deterministic, complete, and safe to run twice."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from domain.accounts.roles import STAFF_ROLES
from domain.accounts.signin import DEMO_PASSWORD, password_matches
from domain.core.academic_year import academic_year_end, academic_year_of
from domain.demo import people as demo
from domain.models import (
    ALL_MODELS,
    RECORD_MODELS,
    Account,
    CourseResult,
    Degree,
    Enrolment,
    Person,
    Programme,
)
from domain.people.vocabulary import ENROLMENT_END_REASONS
from domain.register import BY_MODEL
from domain.retention.terms import due_date, enrolment_end

TODAY = dt.date(2025, 10, 15)


def _fresh_database(path):
    from domain.core.db import connect_database
    from domain.core.schema import upgrade

    database = connect_database(f"sqlite:///{path}")
    database.connect()
    upgrade(database)
    return database


@pytest.fixture
def demo_db(tmp_path):
    database = _fresh_database(tmp_path / "t.sqlite3")
    yield database
    database.close()


def _dump() -> dict[str, list[tuple]]:
    """Every row of every table, in id order, with blobs as bytes."""

    def plain(value):
        return bytes(value) if isinstance(value, memoryview) else value

    return {
        model._meta.table_name: [
            tuple(plain(v) for v in row) for row in model.select().order_by(model.id).tuples()
        ]
        for model in ALL_MODELS
    }


def _seeded_dump(path, **kwargs) -> dict[str, list[tuple]]:
    database = _fresh_database(path)
    try:
        demo.seed(**{"students": 40, "seed": 7, "today": TODAY, **kwargs})
        return _dump()
    finally:
        database.close()


def test_same_seed_gives_identical_data(tmp_path):
    first = _seeded_dump(tmp_path / "a.sqlite3")
    second = _seeded_dump(tmp_path / "b.sqlite3")
    assert first == second
    assert all(
        first[m._meta.table_name]
        for m in (Person, Enrolment, CourseResult, Degree, *RECORD_MODELS, Account)
    )


def test_batch_size_does_not_change_the_data(tmp_path):
    # Small batches cut transactions and INSERT statements in other places.
    assert _seeded_dump(tmp_path / "a.sqlite3") == _seeded_dump(
        tmp_path / "b.sqlite3", batch_size=7
    )


def test_another_seed_gives_other_data(tmp_path):
    first = _seeded_dump(tmp_path / "a.sqlite3")
    other = _seeded_dump(tmp_path / "b.sqlite3", seed=8)
    assert first["person"] != other["person"]
    assert first["course_result"] != other["course_result"]


def test_counts_match_the_database(demo_db):
    counts = demo.seed(30, 1, TODAY)
    for model in (Programme, Person, Enrolment, CourseResult, Degree, *RECORD_MODELS, Account):
        assert counts[model._meta.table_name] == model.select().count(), model
    assert counts["person"] == 30


def test_is_empty(demo_db):
    assert demo.is_empty()
    demo.seed(3, 1, TODAY)
    assert not demo.is_empty()


def test_every_end_reason_occurs(demo_db):
    demo.seed(50, 3, TODAY)
    reasons = {r for (r,) in Enrolment.select(Enrolment.end_reason).distinct().tuples()}
    assert set(ENROLMENT_END_REASONS) <= reasons
    assert reasons <= set(ENROLMENT_END_REASONS) | {None}


def test_graduates_leave_on_31_august_or_at_their_own_request(demo_db):
    demo.seed(80, 3, TODAY)
    ends = {}
    for degree in Degree.select().where(Degree.exam_type != "propedeuse"):
        enrolment = (
            Enrolment.select()
            .where((Enrolment.person == degree.person) & (Enrolment.programme == degree.programme))
            .get()
        )
        if enrolment.end_date and enrolment.end_date <= TODAY:
            ends.setdefault(enrolment.end_reason, []).append((degree.exam_date, enrolment.end_date))
    assert set(ends) == {"end_of_year", "own_request"}  # art. 2.8.1; never "graduated"
    for exam, end in ends["own_request"]:
        assert end.day == 1 and exam < end <= dt.date(end.year, 9, 1)


def test_end_dates_follow_the_enrolment_regulations(demo_db):
    demo.seed(60, 4, TODAY)
    for enrolment in Enrolment.select():
        assert enrolment.end_date > enrolment.start_date
        assert enrolment.start_date <= TODAY
        assert (enrolment.start_date.month, enrolment.start_date.day) in ((9, 1), (2, 1))
        if enrolment.end_reason is None:  # still running: until 31 August of this year
            assert enrolment.end_date == academic_year_end(academic_year_of(TODAY)), enrolment
        elif enrolment.end_reason == "end_of_year":
            assert (enrolment.end_date.month, enrolment.end_date.day) == (8, 31), enrolment
        else:
            assert enrolment.end_date.day == 1, enrolment
            assert enrolment.end_date <= TODAY
    # Every end date is known (art. 2.7): running enrolments end on 31 August ahead.
    assert Enrolment.select().where(Enrolment.end_reason.is_null()).exists()
    assert Enrolment.select().where(Enrolment.end_date > TODAY).exists()


def test_results_and_degrees_lie_in_the_past(demo_db):
    demo.seed(60, 5, TODAY)
    assert not CourseResult.select().where(CourseResult.result_date > TODAY).exists()
    assert not Degree.select().where(Degree.exam_date > TODAY).exists()
    exam_types = {t for (t,) in Degree.select(Degree.exam_type).distinct().tuples()}
    assert exam_types == {"propedeuse", "bachelor", "master"}
    for result in CourseResult.select():
        assert result.ec in (5, 15)
        assert 1 <= result.grade <= 10


def test_student_numbers_are_well_formed_and_unique(demo_db):
    demo.seed(60, 6, TODAY)
    numbers = [p.student_number for p in Person.select()]
    assert all(re.fullmatch(r"s\d{7}", n) for n in numbers)
    assert len(set(numbers)) == len(numbers) == 60
    emails = [p.university_email for p in Person.select()]
    assert len(set(emails)) == len(emails)
    assert all(re.fullmatch(r"[a-z0-9]+\.[a-z0-9]+@student\.utwente\.nl", e) for e in emails)


def test_international_students_have_no_school(demo_db):
    demo.seed(60, 9, TODAY)
    foreign = Person.select().where(Person.nationality != "Nederlandse")
    assert foreign.exists()
    assert all(p.school_brin is None and p.school_name is None for p in foreign)
    schools = Person.select().where(Person.school_brin.is_null(False))
    assert schools.count() > len({p.school_brin for p in schools})  # schools are shared


def test_every_record_type_has_records_past_and_within_their_term(demo_db):
    demo.seed(60, 2, TODAY)
    for model in RECORD_MODELS:
        rule = BY_MODEL[model].retention
        past = within = 0
        for row in model.select().dicts():
            due = due_date(rule, row, enrolment_end(row["person"], TODAY))
            if due is not None and due <= TODAY:
                past += 1
            else:
                within += 1
        assert past and within, f"{model.__name__}: {past} past, {within} within"


def test_records_carry_the_expected_details(demo_db):
    from domain.models import (
        CounsellingEntry,
        ForeignAdmissionDecision,
        IdentityDocumentCopy,
        MatchingResult,
    )

    demo.seed(60, 2, TODAY)
    foreign = ForeignAdmissionDecision.select(ForeignAdmissionDecision, Person).join(Person)
    assert all(d.person.nationality != "Nederlandse" for d in foreign)
    pseudonymised = MatchingResult.subject_pseudonym.is_null(False)
    assert not MatchingResult.select().where(pseudonymised).exists()
    entries = list(CounsellingEntry.select())
    assert any(e.is_special_category for e in entries)
    assert any(e.is_internal_note for e in entries)
    assert not any(e.shared_further and not e.is_internal_note for e in entries)
    files = [c for c in IdentityDocumentCopy.select() if c.file_data is not None]
    assert all(bytes(c.file_data).startswith(b"%PDF-1.4") and c.file_name for c in files)


def test_staff_accounts_exist(demo_db):
    demo.seed(5, 1, TODAY)
    for role in STAFF_ROLES:
        account = Account.get(Account.username == role)
        assert account.role == role and account.person is None


def test_every_student_can_sign_in_with_the_demo_password(demo_db):
    demo.seed(25, 1, TODAY)
    students = list(Account.select().where(Account.role == "student"))
    assert len(students) == Person.select().count() == 25
    assert all(a.username == a.person.student_number.lower() for a in students)
    # One shared hash, so verifying each distinct hash once covers every account.
    hashes = {a.password_hash for a in Account.select()}
    assert len(hashes) == 1
    assert all(password_matches(h, DEMO_PASSWORD) for h in hashes)


def test_seeding_twice_adds_students_without_collisions(demo_db):
    first = demo.seed(30, 1, TODAY)
    second = demo.seed(30, 1, TODAY)
    assert first["programme"] > 0 and second["programme"] == 0
    assert first["account"] == 35 and second["account"] == 30  # staff only once
    assert Person.select().count() == 60
    numbers = {p.student_number for p in Person.select()}
    emails = {p.university_email for p in Person.select()}
    assert len(numbers) == len(emails) == 60
    assert Account.select().count() == 65
    # The database can still number new persons itself.
    Person.create(
        student_number="s9999999",
        initials="T.",
        first_name="Test",
        surname="Last",
        date_of_birth=dt.date(2000, 1, 1),
        university_email="t@example.org",
        nationality="Nederlandse",
    )


def test_identity_copies_are_all_masked_and_say_what_processed_them(demo_db):
    from domain.models import IdentityDocumentCopy

    demo.seed(60, 2, TODAY)
    copies = list(IdentityDocumentCopy.select())
    assert copies and all(c.bsn_masked and c.photo_masked for c in copies)
    assert all((c.processed_on is None) == (c.processing is None) for c in copies)
    assert {c.processing for c in copies} >= {"enrolment", None}
