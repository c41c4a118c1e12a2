"""The five retention rows issue 7 §5 found unenforced, each on its day and not before."""

import datetime as dt

import pytest

from domain import models as m
from domain.records.models import (
    AccreditationDocument,
    AdmissionEmail,
    EvaluationForm,
    EvaluationRecording,
    SummerSchoolParticipation,
)
from domain.register import BY_MODEL, RULES
from domain.retention import engine

KEY = "test-pseudonym-key"


def run(today):
    return engine.run(today, pseudonym_key=KEY)


def exists(record) -> bool:
    return type(record).select().where(type(record).id == record.id).exists()


def graduated(data):
    p = data.person()
    data.enrolment(p, start=dt.date(2016, 9, 1), end=dt.date(2020, 8, 31), reason="graduated")
    return p


def record(model, person, **values):
    return model.create(
        person=person,
        title="record",
        content_text="free text",
        file_name="scan.pdf",
        file_data=b"%PDF-1.4",
        **values,
    )


def recording(p, done):
    return record(
        EvaluationRecording,
        p,
        course_name="Academic Writing",
        recorded_on=dt.date(2024, 3, 5),
        evaluation_done_on=done,
    )


def accreditation(p, decided):
    return record(
        AccreditationDocument,
        p,
        programme=m.Programme.select().first(),
        document_kind="scriptie",
        final_decision_on=decided,
    )


# (factory, the last day it is kept, the day it is due)
CASES = {
    "summer school, after its annual report": (
        lambda p: record(
            SummerSchoolParticipation,
            p,
            school_name="Summer School Robotics",
            school_ended_on=dt.date(2024, 7, 26),
            annual_report_on=dt.date(2024, 11, 4),
        ),
        dt.date(2024, 11, 3),
        dt.date(2024, 11, 4),
    ),
    "summer school without report, one year at most": (
        lambda p: record(
            SummerSchoolParticipation,
            p,
            school_name="Summer School Robotics",
            school_ended_on=dt.date(2024, 2, 29),
            annual_report_on=None,
        ),
        dt.date(2025, 2, 27),
        dt.date(2025, 2, 28),
    ),
    "e-mails of cohort 2021 before 2024-2025 begins": (
        lambda p: record(
            AdmissionEmail, p, topic="bsa", cohort=2021, sent_on=dt.date(2021, 12, 15)
        ),
        dt.date(2024, 8, 30),
        dt.date(2024, 8, 31),
    ),
    "recording once the evaluation is done": (
        lambda p: recording(p, dt.date(2024, 6, 30)),
        dt.date(2024, 6, 29),
        dt.date(2024, 6, 30),
    ),
    "accreditation documents on the final decision": (
        lambda p: accreditation(p, dt.date(2025, 1, 31)),
        dt.date(2025, 1, 30),
        dt.date(2025, 1, 31),
    ),
}


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_each_new_row_is_deleted_on_its_day_not_before(db, data, case):
    make, kept_until, due_on = CASES[case]
    data.programme()
    p = graduated(data)
    item = make(p)
    run(kept_until)
    assert exists(item)
    report = run(due_on)
    assert not exists(item)
    assert report.total("deleted") == 1
    assert m.Person.select().where(m.Person.id == p.id).exists()


def test_until_done_is_kept_while_the_event_has_not_happened(db, data):
    data.programme()
    p = graduated(data)
    items = [recording(p, None), accreditation(p, None)]
    run(dt.date(2099, 1, 1))
    assert all(exists(i) for i in items)


def test_evaluation_forms_are_anonymised_once_processed(db, data):
    p = graduated(data)
    form = record(
        EvaluationForm,
        p,
        course_name="Academic Writing",
        submitted_on=dt.date(2024, 1, 26),
        overall_score=4,
        processed_on=dt.date(2024, 3, 1),
    )
    unprocessed = record(
        EvaluationForm,
        p,
        course_name="Ondernemerschap",
        submitted_on=dt.date(2024, 1, 26),
        processed_on=None,
    )
    run(dt.date(2024, 2, 29))
    kept = EvaluationForm.get_by_id(form.id)
    assert kept.person_id == p.id and kept.content_text == "free text"
    report = run(dt.date(2024, 3, 1))
    after = EvaluationForm.get_by_id(form.id)
    assert after.person_id is None and after.content_text is None and after.file_data is None
    assert after.file_name is None
    assert after.submitted_on == dt.date(2024, 1, 1) and after.overall_score == 4
    assert after.course_name == "Academic Writing"  # still counts for the statistics
    assert report.total("anonymised") == 1
    assert EvaluationForm.get_by_id(unprocessed.id).person_id == p.id
    assert run(dt.date(2024, 3, 2)).total("anonymised") == 0  # once only


def test_every_new_row_is_in_the_register_with_a_rule():
    expected = {
        SummerSchoolParticipation: "summer_school",
        AdmissionEmail: "admission_emails",
        EvaluationRecording: "evaluation_recordings",
        EvaluationForm: "evaluation_forms",
        AccreditationDocument: "accreditation_documents",
    }
    for model, rule in expected.items():
        rt = BY_MODEL[model]
        assert rt.retention is RULES[rule]
        assert rt.label.nl and rt.label.en and rt.label.nl != rt.label.en
        assert {f.legal_basis for f in rt.fields} and {f.purpose for f in rt.fields}
