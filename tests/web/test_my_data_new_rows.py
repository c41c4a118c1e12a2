"""My data shows the record types added for issue 7 §5, read from the register."""

import datetime as dt

from domain.records.models import (
    AccreditationDocument,
    AdmissionEmail,
    EvaluationForm,
    EvaluationRecording,
    SummerSchoolParticipation,
)


def html_of(response):
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def test_the_new_records_appear_on_my_data(portal, data):
    person, _ = data.student(first_name="Anna", surname="Dijk")
    data.enrolment(person, end=dt.date(2024, 8, 31), reason="graduated")
    common = {"person": person, "content_text": None}
    SummerSchoolParticipation.create(
        **common,
        title="Aanmelding Summer School Robotics",
        school_name="Summer School Robotics",
        school_ended_on=dt.date(2024, 7, 26),
    )
    AdmissionEmail.create(
        **common,
        title="Voorlopig studieadvies 2021-2022",
        topic="bsa",
        cohort=2021,
        sent_on=dt.date(2021, 12, 15),
    )
    EvaluationRecording.create(
        **common,
        title="Opname college Academic Writing",
        course_name="Academic Writing",
        recorded_on=dt.date(2024, 3, 5),
    )
    EvaluationForm.create(
        **common,
        title="Evaluatie Ondernemerschap",
        course_name="Ondernemerschap",
        submitted_on=dt.date(2024, 1, 26),
    )
    AccreditationDocument.create(
        **common,
        title="Accreditatie: scriptie",
        programme=data.programme(),
        document_kind="scriptie",
    )
    portal.login(person.student_number)

    overview = html_of(portal.client.get("/student/my-data"))
    assert 'id="cat-evaluation"' in overview and "Onderwijsevaluatie en accreditatie" in overview
    exchange = html_of(portal.client.get("/student/my-data/exchange"))
    assert "Summer School Robotics" in exchange
    assert "26 jul 2025" in exchange  # at the latest one year after the school
    admission = html_of(portal.client.get("/student/my-data/admission"))
    assert "Voorlopig studieadvies 2021-2022" in admission and "bindend studieadvies" in admission
    assert "31 aug 2024" in admission  # before the cohort's fourth academic year
    evaluation = html_of(portal.client.get("/student/my-data/evaluation"))
    for title in (
        "Opname college Academic Writing",
        "Evaluatie Ondernemerschap",
        "Accreditatie: scriptie",
    ):
        assert title in evaluation
    portal.client.set_cookie("portal_lang", "en")
    english = html_of(portal.client.get("/student/my-data/evaluation"))
    assert "Teaching evaluation and accreditation" in english
    assert "the final accreditation decision" in english
