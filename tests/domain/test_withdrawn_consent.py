"""A withdrawal stops a delivery at once (GDPR art. 7(3); seeds/ut-permission-portal).

A person is delivered only if their consent counted on the reference date *and* still
counts when the file is made; a later grant never adds anyone to a delivery; a file
downloaded again leaves out whoever withdrew since it was made.
"""

import datetime as dt

import pytest

from domain.consent import ledger as consent
from domain.consent import parties
from domain.consent.vocabulary import GIVEN, WITHDRAWN
from domain.deliveries import records as deliveries
from domain.deliveries.bedrijvendagen import plan_bedrijvendagen
from domain.deliveries.kivi import plan_kivi
from domain.deliveries.schools import plan_schools
from domain.deliveries.visitors import parse_visitors
from domain.models import AuditEvent, DeliveryFile, Enrolment, Person
from tests import factories

TODAY = dt.date(2026, 6, 1)


@pytest.fixture
def parties_by_key(db):
    return {p.key: p for p in parties.ensure_parties()}


def choose(person, party, decision, at):
    consent.record_choice(
        person.id, party.id, decision, channel="web", language="nl", actor_id=None, now=at
    )


def graduate(number, exam_day=dt.date(2023, 7, 15)):
    from domain.models import Degree

    p = factories.person(student_number=number)
    Degree.create(
        person=p, programme=factories.programme(), exam_type="bachelor", exam_date=exam_day
    )
    return p


def kivi_plan(reference=dt.date(2023, 12, 31)):
    return plan_kivi(2023, reference, today=TODAY)


def delivered(plan) -> set[int]:
    return set(plan.person_ids)


def test_the_issue_reproduction_is_no_longer_delivered(parties_by_key):
    """Consent 2023-12-01, withdraw 2024-01-10, run with reference date 2023-12-31."""
    kivi = parties_by_key["kivi"]
    student = graduate("s3000001")
    choose(student, kivi, GIVEN, dt.datetime(2023, 12, 1, 9))
    choose(student, kivi, WITHDRAWN, dt.datetime(2024, 1, 10, 9))
    plan = kivi_plan()
    assert delivered(plan) == set()
    assert plan.counts()["withdrawn"] == 1
    assert plan.counts()["not_consented"] == 0 and plan.counts()["candidates"] == 1


def test_a_later_grant_does_not_add_anyone_to_the_delivery(parties_by_key):
    kivi = parties_by_key["kivi"]
    late = graduate("s3000002")
    choose(late, kivi, GIVEN, dt.datetime(2024, 1, 2, 9))
    plan = kivi_plan()
    assert delivered(plan) == set() and plan.counts()["not_consented"] == 1
    assert plan.counts()["withdrawn"] == 0


def test_withdrawn_and_given_again_before_the_run_is_delivered(parties_by_key):
    kivi = parties_by_key["kivi"]
    student = graduate("s3000003")
    choose(student, kivi, GIVEN, dt.datetime(2023, 12, 1, 9))
    choose(student, kivi, WITHDRAWN, dt.datetime(2024, 1, 5, 9))
    choose(student, kivi, GIVEN, dt.datetime(2024, 1, 8, 9))
    assert delivered(kivi_plan()) == {student.id}


@pytest.mark.parametrize(
    "reference, withdrawn_at, counted_as",
    [
        # 23:30 Amsterdam on the reference date: not consenting on that day at all.
        (dt.date(2023, 12, 31), dt.datetime(2023, 12, 31, 22, 30), "not_consented"),
        # 00:30 Amsterdam the next day: consented on the day, withdrawn since.
        (dt.date(2023, 12, 31), dt.datetime(2023, 12, 31, 23, 30), "withdrawn"),
        # Summer time (UTC+2), and the 23-hour and 25-hour days.
        (dt.date(2024, 6, 14), dt.datetime(2024, 6, 14, 21, 30), "not_consented"),
        (dt.date(2024, 6, 14), dt.datetime(2024, 6, 14, 22, 30), "withdrawn"),
        (dt.date(2024, 3, 31), dt.datetime(2024, 3, 31, 21, 30), "not_consented"),
        (dt.date(2024, 3, 31), dt.datetime(2024, 3, 31, 22, 30), "withdrawn"),
        (dt.date(2024, 10, 27), dt.datetime(2024, 10, 27, 22, 30), "not_consented"),
        (dt.date(2024, 10, 27), dt.datetime(2024, 10, 27, 23, 30), "withdrawn"),
    ],
)
def test_a_withdrawal_at_the_day_edges(parties_by_key, reference, withdrawn_at, counted_as):
    kivi = parties_by_key["kivi"]
    student = graduate("s3000004")
    choose(student, kivi, GIVEN, dt.datetime(2023, 11, 1, 9))
    choose(student, kivi, WITHDRAWN, withdrawn_at)
    plan = kivi_plan(reference)
    assert delivered(plan) == set()
    assert plan.counts()[counted_as] == 1


def test_schools_leave_out_a_pupil_who_withdrew_after_the_reference_date(parties_by_key):
    schools = parties_by_key["schools"]
    pupils = []
    for number in ("s3000011", "s3000012"):
        p = factories.person(student_number=number, school_brin="01AB", school_name="Lyceum")
        Enrolment.create(
            person=p,
            programme=factories.programme(),
            enrolment_type="bachelor",
            form="voltijd",
            start_date=dt.date(2023, 9, 1),
            end_date=dt.date(2024, 8, 31),
        )
        choose(p, schools, GIVEN, dt.datetime(2024, 6, 1, 9))
        pupils.append(p)
    choose(pupils[1], schools, WITHDRAWN, dt.datetime(2024, 9, 20, 9))
    plan = plan_schools(2023, dt.date(2024, 9, 15), today=TODAY)
    assert delivered(plan) == {pupils[0].id} and plan.counts()["withdrawn"] == 1


def test_bedrijvendagen_leaves_out_a_visitor_who_withdrew_after_the_reference_date(parties_by_key):
    fair = parties_by_key["bedrijvendagen"]
    stays, leaves = (
        factories.person(student_number="s3000021"),
        factories.person(student_number="s3000022"),
    )
    for p in (stays, leaves):
        choose(p, fair, GIVEN, dt.datetime(2025, 3, 1, 9))
    choose(leaves, fair, WITHDRAWN, dt.datetime(2025, 3, 20, 9))
    visitors = parse_visitors(b"s3000021\ns3000022\n")
    plan = plan_bedrijvendagen(visitors, dt.date(2025, 3, 15), today=TODAY)
    assert delivered(plan) == {stays.id} and plan.counts()["withdrawn"] == 1


def test_a_file_downloaded_again_leaves_out_who_withdrew_since(parties_by_key):
    kivi = parties_by_key["kivi"]
    stays, leaves = graduate("s3000031"), graduate("s3000032")
    for p in (stays, leaves):
        choose(p, kivi, GIVEN, dt.datetime(2023, 12, 1, 9))
    made = deliveries.run(kivi_plan(), None, "cli")
    (file,) = DeliveryFile.select().where(DeliveryFile.delivery == made)
    assert set(deliveries.file_download(file.id).person_ids) == {stays.id, leaves.id}
    choose(leaves, kivi, WITHDRAWN, dt.datetime.utcnow())
    again = deliveries.file_download(file.id)
    assert again.person_ids == [stays.id] and again.withdrawn == 1
    assert "s3000032" not in again.text and "s3000031" in again.text
    _, text = deliveries.file_content(file.id)
    assert "s3000032" not in text
    (view,) = deliveries.delivery(made.id)[1]
    assert view.current_persons == 1 and view.file.person_count == 2


def test_a_file_downloaded_again_leaves_out_who_was_restricted_since(parties_by_key):
    kivi = parties_by_key["kivi"]
    student = graduate("s3000041")
    choose(student, kivi, GIVEN, dt.datetime(2023, 12, 1, 9))
    made = deliveries.run(kivi_plan(), None, "cli")
    Person.update(is_restricted=True).where(Person.id == student.id).execute()
    (file,) = DeliveryFile.select().where(DeliveryFile.delivery == made)
    again = deliveries.file_download(file.id)
    assert again.person_ids == [] and again.withdrawn == 1
    assert again.text == file.header


def test_the_web_download_serves_and_audits_only_who_still_consents(app, portal, data):
    kivi = {p.key: p for p in parties.ensure_parties()}["kivi"]
    stays, leaves = graduate("s3000051"), graduate("s3000052")
    for p in (stays, leaves):
        choose(p, kivi, GIVEN, dt.datetime(2023, 12, 1, 9))
    made = deliveries.run(kivi_plan(), None, "cli")
    choose(leaves, kivi, WITHDRAWN, dt.datetime.utcnow())
    (file,) = DeliveryFile.select().where(DeliveryFile.delivery == made)
    data.staff("disclosure")
    portal.login("disclosure")
    page = portal.client.get(f"/disclosure/deliveries/{made.id}").get_data(as_text=True)
    assert 'class="file-current">1<' in page
    response = portal.client.get(f"/disclosure/files/{file.id}")
    body = response.get_data().decode("utf-8-sig")
    assert response.status_code == 200
    assert "s3000051" in body and "s3000052" not in body
    audited = {
        e.person_id
        for e in AuditEvent.select().where(AuditEvent.action == deliveries.DOWNLOAD_ACTION)
    }
    assert audited == {stays.id}
