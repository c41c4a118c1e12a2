"""The NSE's link file and support-needs file (issue 13 §2): linked only through the
hand-over copy, unknown / deleted / duplicate rows counted and never stored, a malformed
file refused with line numbers and nothing stored, summaries without groups under 5, the
register's terms enforced on their day, and the answers on the student's My data."""

import datetime as dt

import pytest

from domain.consent import parties
from domain.deliveries import records as deliveries
from domain.deliveries.nse import plan_nse
from domain.models import Person, SurveyHandover, SurveyLinkedAnswer, SurveySupportAnswer
from domain.register import subject_data
from domain.retention import engine
from domain.surveys import links
from tests import factories

REF = dt.date(2025, 1, 15)
HANDED = dt.date(2025, 1, 20)
DELETE_ON = dt.date(2025, 10, 14)
TODAY = dt.date(2025, 6, 2)


def enrolled(number, prog):
    p = factories.person(student_number=number, surname=f"Student {number}", prefix="")
    factories.enrolment(p, start=dt.date(2022, 9, 1), end=dt.date(2025, 8, 31), prog=prog)
    return p


@pytest.fixture
def handed(db):
    """Three students handed over for NSE 2025, with the deletion date 14 October 2025."""
    parties.ensure_parties()
    prog = factories.programme()
    people = [enrolled(f"s200000{i}", prog) for i in range(1, 4)]
    deliveries.run(plan_nse(2025, DELETE_ON, REF, today=HANDED), None, "cli")
    return people


def email(p):
    return f"{p.student_number}@student.utwente.nl"


def test_rows_are_linked_by_the_handed_over_address_and_the_rest_counted(handed):
    a, b, c = handed
    # c's copy is already past its deletion date (but not yet removed by the worker).
    SurveyHandover.update(delete_on=TODAY).where(SurveyHandover.person == c.id).execute()
    data = (
        "respondent;email;question;score\n"
        f"R1;{email(a).upper()};Q1;4\n"  # the address is compared without case
        f"R1;{email(a)};Q2;5\n"
        f"R1;{email(a)};Q2;3\n"  # the same question twice: a duplicate
        f"R2;{email(b)};Q1;2\n"
        f"R9;{email(b)};Q3;2\n"  # a second respondent key for one address: a duplicate
        "R3;someone@example.org;Q1;3\n"  # never handed over: unknown
        f"R4;{email(c)};Q1;1\n"  # past the deletion date: deleted
    ).encode()
    counts = links.import_file(links.LINKED, 2025, data, today=TODAY)
    assert (counts.rows, counts.linked, counts.persons) == (7, 3, 2)
    assert (counts.unknown, counts.deleted, counts.duplicate) == (1, 1, 2)
    stored = sorted(
        (r.person_id, r.respondent_key, r.question, r.score, r.imported_on)
        for r in SurveyLinkedAnswer.select()
    )
    assert stored == [
        (a.id, "R1", "Q1", 4, TODAY),
        (a.id, "R1", "Q2", 5, TODAY),
        (b.id, "R2", "Q1", 2, TODAY),
    ]
    assert SurveySupportAnswer.select().count() == 0  # a separate file, a separate table


def test_one_student_answering_at_both_addresses_is_a_duplicate(handed):
    a = handed[0]
    SurveyHandover.create(
        person=a,
        title="tweede adres",
        survey_name="NSE 2025",
        email_address="anna@example.org",
        handed_over_on=HANDED,
        delete_on=DELETE_ON,
    )
    data = f"respondent,email,question,score\nR1,{email(a)},Q1,4\nR2,anna@example.org,Q1,2\n"
    counts = links.import_file(links.LINKED, 2025, data.encode(), today=TODAY)
    assert (counts.linked, counts.duplicate) == (1, 1)
    assert [r.respondent_key for r in SurveyLinkedAnswer.select()] == ["R1"]


def test_after_the_surveys_deletion_date_nothing_can_be_linked(handed):
    a = handed[0]
    engine.run(DELETE_ON, pseudonym_key="k")  # the worker removed the copy on its day
    assert SurveyHandover.select().count() == 0
    data = f"respondent,email,question,score\nR1,{email(a)},Q1,4\nR2,x@example.org,Q1,4\n"
    counts = links.import_file(links.LINKED, 2025, data.encode(), today=DELETE_ON)
    assert (counts.linked, counts.deleted, counts.unknown) == (0, 2, 0)
    assert SurveyLinkedAnswer.select().count() == 0


def test_a_malformed_file_is_refused_with_line_numbers_and_stores_nothing(handed):
    a = handed[0]
    good = f"respondent,email,question,score\nR1,{email(a)},Q1,4\n"
    links.import_file(links.LINKED, 2025, good.encode(), today=TODAY)
    bad = (
        "respondent,email,question,score\n"
        f"R1,{email(a)},Q1,4\n"
        f"R1,{email(a)},Q2,6\n"  # line 3: score out of range
        "R2,not-an-address,Q1,3\n"  # line 4
        "\n"
        "R 3,x@example.org,Q1,3\n"  # line 6: a space in the key
        "R4,x@example.org,Q1\n"  # line 7: three columns
        f"R5,{email(a)},,2\n"  # line 8: no question
    )
    with pytest.raises(links.LinkFileError) as raised:
        links.import_file(links.LINKED, 2025, bad.encode(), today=TODAY)
    assert raised.value.code == "invalid_lines" and raised.value.count == 5
    assert raised.value.lines == [
        (3, "score"),
        (4, "email"),
        (6, "respondent"),
        (7, "columns"),
        (8, "question"),
    ]
    # The earlier import is untouched: a refusal neither stores nor removes.
    assert [(r.question, r.score) for r in SurveyLinkedAnswer.select()] == [("Q1", 4)]


def test_a_line_the_csv_reader_cannot_read_is_named_not_a_traceback(handed):
    huge = "x" * 200_000  # over the csv module's field limit
    data = f"respondent,email,question,score\nR1,a@b.nl,Q1,4\nR2,{huge},Q1,4\n".encode()
    with pytest.raises(links.LinkFileError) as raised:
        links.import_file(links.LINKED, 2025, data, today=TODAY)
    assert raised.value.lines == [(3, "columns")]
    assert SurveyLinkedAnswer.select().count() == 0


@pytest.mark.parametrize("address", ["@b.nl", "a@", "a@b", "a@b@c.nl", "a b@c.nl", "a@.nl"])
def test_what_is_not_an_address_is_refused(handed, address):
    data = f"respondent,email,question,score\nR1,{address},Q1,4\n".encode()
    with pytest.raises(links.LinkFileError) as raised:
        links.import_file(links.LINKED, 2025, data, today=TODAY)
    assert raised.value.lines == [(2, "email")]


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "empty"),
        (b"respondent,email,question,score\n", "empty"),
        (b"email,respondent,question,score\nx,y,z,1\n", "header"),
        (b"\xff\xfe\x00r", "not_text"),
        (b"respondent,email,question,score\n" + b"R1,a@b.nl,Q1,1\n" * 20, "too_large"),
    ],
)
def test_files_that_are_not_a_link_file_are_refused(handed, data, code):
    with pytest.raises(links.LinkFileError) as raised:
        links.import_file(links.LINKED, 2025, data, today=TODAY, max_bytes=200)
    assert raised.value.code == code
    assert SurveyLinkedAnswer.select().count() == 0


def test_importing_a_year_again_replaces_only_that_kind(handed):
    a, b, _ = handed
    first = f"respondent,email,question,score\nR1,{email(a)},Q1,4\n"
    links.import_file(links.LINKED, 2025, first.encode(), today=TODAY)
    links.import_file(links.SUPPORT, 2025, first.encode(), today=TODAY)
    again = f"respondent,email,question,score\nR2,{email(b)},Q1,3\n"
    counts = links.import_file(links.LINKED, 2025, again.encode(), today=TODAY)
    assert counts.replaced == 1
    assert [r.person_id for r in SurveyLinkedAnswer.select()] == [b.id]
    assert [r.person_id for r in SurveySupportAnswer.select()] == [a.id]


@pytest.mark.parametrize(("n", "shown"), [(4, False), (5, True), (6, True)])
def test_a_summary_never_shows_a_group_under_five(db, n, shown):
    parties.ensure_parties()
    prog = factories.programme()
    people = [enrolled(f"s21{i:05d}", prog) for i in range(n)]
    deliveries.run(plan_nse(2025, DELETE_ON, REF, today=HANDED), None, "cli")
    lines = "".join(f"R{i},{email(p)},Q1,{1 + i % 5}\n" for i, p in enumerate(people))
    links.import_file(
        links.LINKED, 2025, f"respondent,email,question,score\n{lines}".encode(), TODAY
    )
    (q1,) = links.summary(2025)
    assert q1.respondents == n and (q1.mean is not None) is shown
    assert links.imported_years() == [2025]
    # A restricted student's answers are kept but not used: the group shrinks by one.
    Person.update(is_restricted=True).where(Person.id == people[0].id).execute()
    (q1,) = links.summary(2025)
    assert q1.respondents == n - 1 and (q1.mean is not None) is (n - 1 >= 5)
    assert SurveyLinkedAnswer.select().count() == n


def test_linked_answers_are_deleted_by_the_worker_on_their_day(handed):
    a = handed[0]
    data = f"respondent,email,question,score\nR1,{email(a)},Q1,4\n".encode()
    links.import_file(links.LINKED, 2025, data, today=TODAY)
    links.import_file(links.SUPPORT, 2025, data, today=TODAY)
    engine.run(dt.date(2026, 6, 1), pseudonym_key="k")  # the day before the support term
    assert SurveySupportAnswer.select().count() == 1
    engine.run(dt.date(2026, 6, 2), pseudonym_key="k")  # one year after the import
    assert SurveySupportAnswer.select().count() == 0
    assert SurveyLinkedAnswer.select().count() == 1
    engine.run(dt.date(2027, 6, 1), pseudonym_key="k")
    assert SurveyLinkedAnswer.select().count() == 1
    engine.run(dt.date(2027, 6, 2), pseudonym_key="k")  # two years after the import
    assert SurveyLinkedAnswer.select().count() == 0


def test_the_student_sees_both_on_my_data_and_only_a_counsellor_sees_the_support_block(handed):
    a = handed[0]
    data = f"respondent,email,question,score\nR1,{email(a)},Q7,4\n".encode()
    links.import_file(links.LINKED, 2025, data, today=TODAY)
    links.import_file(links.SUPPORT, 2025, data, today=TODAY)
    view = subject_data.load_category(a.id, "surveys", TODAY)
    models = {v.record_type.model: v for v in view.parts}
    assert [r.values["question"] for r in models[SurveyLinkedAnswer].rows] == ["Q7"]
    assert [r.values["score"] for r in models[SurveySupportAnswer].rows] == [4]
    assert models[SurveyLinkedAnswer].rows[0].due == dt.date(2027, 6, 2)

    def seen_by(role):
        return {
            v.record_type.model
            for c in subject_data.staff_record(a.id, role, TODAY)
            for v in c.parts
            if v.rows
        }

    assert SurveySupportAnswer in seen_by("counsellor")
    for role in ("desk", "disclosure", "admin"):
        assert SurveySupportAnswer not in seen_by(role)
    assert SurveyLinkedAnswer in seen_by("desk")
