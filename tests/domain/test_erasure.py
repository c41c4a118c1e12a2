"""Erasure on request, planned and carried out from the register (issue 10 §3).

Every test compares the person's records before and after with the plan: what the plan
deletes is gone, what it anonymises or empties holds exactly what its strategies put
there, and everything else (what it keeps, and what was not asked) is unchanged.
"""

import datetime as dt

import pytest
from peewee import CharField, DateField, ForeignKeyField

from domain import register
from domain.consent import ledger, parties
from domain.consent.vocabulary import GIVEN, WITHDRAWN
from domain.core.db import BaseModel
from domain.core.text import Text
from domain.deliveries import records as deliveries
from domain.deliveries.kivi import plan_kivi
from domain.models import (
    MAIL_MODELS,
    REQUEST_MODELS,
    Account,
    AuditEvent,
    ConsentEvent,
    CounsellingEntry,
    CourseResult,
    Degree,
    DeliveryFile,
    Disclosure,
    Enrolment,
    ErasureOutcome,
    LegalHold,
    MatchingResult,
    Person,
    RightsRequest,
)
from domain.people.models import Person as PersonModel
from domain.records.models import AdmissionEmail, EvaluationForm, SummerSchoolParticipation
from domain.register.declarations import record_type
from domain.register.rules import Action, Event, Kept, Period, RetentionRule, Strategy, Unit
from domain.requests import operations as ops
from domain.retention import holds
from domain.retention.anonymise import pseudonym
from domain.rights import erasure
from domain.rights.erasure import ANONYMISE, DELETE, EMPTY, KEEP, PSEUDONYMISE
from tests import factories

KEY = "test-secret-key"  # the tests' SECRET_KEY, which PSEUDONYM_KEY falls back to
FILED_AT = dt.datetime(2026, 3, 10, 9, 0)


@pytest.fixture
def desk(db):
    return factories.staff("desk"), factories.staff("desk", "desk2")


@pytest.fixture
def student(db):
    """A demo-like student: study data, contact details, a counselling dossier (special
    category), records erasure may delete or anonymise, consent to KIVI and a delivery."""
    person, account = factories.student(student_number="s7000001")
    other, _ = factories.student(student_number="s7000002")
    factories.enrolment(person, start=dt.date(2020, 9, 1), end=dt.date(2024, 8, 31))
    factories.course_result(person)
    factories.degree(person, exam_date=dt.date(2024, 7, 15))
    factories.counselling(person, content_text="Gezondheid besproken", is_special_category=True)
    factories.record(MatchingResult, person)
    factories.record(MatchingResult, other)
    SummerSchoolParticipation.create(
        person=person,
        title="Zomerschool",
        school_name="Twente",
        school_ended_on=dt.date(2023, 7, 1),
    )
    AdmissionEmail.create(
        person=person, title="Matching", topic="matching", cohort=2020, sent_on=dt.date(2020, 5, 1)
    )
    EvaluationForm.create(
        person=person,
        title="Evaluatie",
        content_text="Goed vak",
        course_name="Programmeren 1",
        submitted_on=dt.date(2022, 2, 3),
        overall_score=4,
    )
    factories.degree(other, exam_date=dt.date(2024, 7, 15))
    kivi = {p.key: p for p in parties.ensure_parties()}["kivi"]
    factories.choose(other.id, kivi.id, GIVEN, dt.datetime(2025, 1, 10, 9))
    # The student's own choice in the portal names their account as its author.
    ledger.record_choice(
        person.id,
        kivi.id,
        GIVEN,
        channel="web",
        language="nl",
        actor_id=account.id,
        now=dt.datetime(2025, 1, 10, 9),
    )
    deliveries.run(plan_kivi(2024, dt.date(2025, 1, 15), today=dt.date(2025, 2, 1)), None, "cli")
    return {"person": person, "account": account, "other": other, "kivi": kivi}


def snapshot(person_id: int, ids=None) -> dict:
    """Every register record of the person (or the rows of ``ids``), by model and id."""
    found = {}
    for rt in register.RECORD_TYPES:
        column = erasure.person_column(rt.model)
        if column is None:
            continue
        model = rt.model
        where = column == person_id
        if ids and ids.get(model):
            where |= model.id.in_(list(ids[model]))
        found[model] = {r["id"]: r for r in model.select().where(where).dicts()}
    return found


def assert_plan_happened(plan, before: dict, after: dict) -> None:
    """What each step says happened, and nothing else changed (the account waits)."""
    touched: dict = {}
    for step in plan.steps:
        if step.at_close:
            continue
        model = step.model
        names = [f.name for f in step.fields]
        for rid, row in before[model].items():
            now = after[model].get(rid)
            if step.action == DELETE:
                assert now is None, (model, rid)
                continue
            assert now is not None, (step.action, model, rid)
            if step.action == KEEP:
                assert {n: now[n] for n in names} == {n: row[n] for n in names}
            elif step.action == EMPTY:
                assert all(now[n] is None for n in names), (model, names)
            else:  # anonymised by the rule's own strategies
                for name, spec in step.record_type.retention.anonymise.items():
                    if spec.strategy is Strategy.NULL:
                        assert now[name] is None
                    elif spec.strategy is Strategy.PSEUDONYM:
                        assert now[name] == pseudonym(KEY, row[spec.source])
            touched.setdefault(model, set()).update(names)
    for model, rows in before.items():
        untouched = {f.name for f in register.BY_MODEL[model].fields} - touched.get(model, set())
        for rid, row in rows.items():
            if rid in after[model]:
                same = {n: after[model][rid][n] for n in untouched}
                assert same == {n: row[n] for n in untouched}, (model, rid)


def run(person_id, categories=None, **kwargs):
    plan = erasure.erasure_plan(person_id, categories, exclude_request=kwargs.get("exclude"))
    before = snapshot(person_id)
    ids = {m: set(rows) for m, rows in before.items()}
    steps, withdrawn = erasure.erase(
        person_id, categories, pseudonym_key=KEY, exclude_request=kwargs.get("exclude")
    )
    assert_plan_happened(plan, before, snapshot(person_id, ids))
    return plan, steps, withdrawn


def by_type(steps) -> dict:
    return {(s.model, s.action, s.category): s for s in steps}


def test_the_plan_names_what_goes_what_is_anonymised_and_what_is_kept_with_its_law(student):
    plan = erasure.erasure_plan(student["person"].id)
    steps = by_type(plan.steps)
    assert steps[(SummerSchoolParticipation, DELETE, "exchange")].count == 1
    assert steps[(AdmissionEmail, DELETE, "admission")].count == 1
    assert steps[(EvaluationForm, ANONYMISE, "evaluation")].count == 1
    matching = steps[(MatchingResult, PSEUDONYMISE, "admission")]
    assert "17(3)(d)" in matching.why.en
    contact = steps[(Person, EMPTY, "contact")]
    assert [f.name for f in contact.fields] == ["private_email", "phone", "postal_address"]
    for model in (Enrolment, CourseResult, Degree):
        kept = steps[(model, KEEP, register.BY_MODEL[model].fields[0].category)]
        assert kept.why.en.startswith("GDPR art. 17(3)(b)") and "WHW" in kept.why.en
    dossier = steps[(CounsellingEntry, KEEP, "guidance")]
    assert "Archives Act" in dossier.why.en
    assert steps[(Disclosure, EMPTY, "account")].fields[0].name == "rows"
    assert steps[(Disclosure, KEEP, "account")].why.en.startswith("GDPR art. 17(3)(b)")
    account = steps[(Account, DELETE, "account")]
    assert account.at_close and account.count == 1
    assert len(plan.parties) == 1 and "KIVI" in plan.parties[0].en
    assert plan.holds == []


def test_erasure_does_exactly_the_plan_and_a_second_run_changes_nothing(student):
    person, other = student["person"], student["other"]
    others_before = snapshot(other.id)
    plan, steps, withdrawn = run(person.id)
    assert len(withdrawn) == 1
    done = by_type(steps)
    assert done[(SummerSchoolParticipation, DELETE, "exchange")].count == 1
    assert done[(MatchingResult, PSEUDONYMISE, "admission")].count == 1
    assert done[(Person, EMPTY, "contact")].count == 1
    assert done[(Disclosure, EMPTY, "account")].count == 1
    fresh = PersonModel.get_by_id(person.id)
    assert fresh.private_email is None and fresh.phone is None and fresh.postal_address is None
    assert fresh.surname == "Dijk" and fresh.university_email == person.university_email
    assert CounsellingEntry.get(CounsellingEntry.person == person.id).content_text == (
        "Gezondheid besproken"
    )
    # Consent is withdrawn through the desk; the ledger keeps the earlier choice.
    choice = ledger.choice_for(person.id, student["kivi"].id)
    assert choice.latest.decision == WITHDRAWN and choice.latest.channel == "desk"
    # The account waits for the request to close.
    assert Account.select().where(Account.person == person.id).count() == 1
    # The other student is untouched, and the delivery file still serves them.
    assert snapshot(other.id) == others_before
    (delivered,) = DeliveryFile.select()
    download = deliveries.file_download(delivered.id)
    assert download.person_ids == [other.id] and other.student_number in download.text
    assert person.student_number not in download.text

    again_before = snapshot(person.id)
    events = ConsentEvent.select().count()
    steps, withdrawn = erasure.erase(person.id, pseudonym_key=KEY)
    assert withdrawn == [] and ConsentEvent.select().count() == events
    assert all(s.count == 0 for s in steps if s.action != KEEP and not s.at_close)
    assert snapshot(person.id) == again_before


def test_chosen_categories_erase_only_those(student):
    person = student["person"]
    plan, steps, withdrawn = run(person.id, ["contact"])
    assert {s.category for s in plan.steps} == {"contact"}
    assert withdrawn == []  # the consent ledger is not in the chosen categories
    assert SummerSchoolParticipation.select().count() == 1
    assert Disclosure.get().rows is not None
    assert PersonModel.get_by_id(person.id).phone is None


def test_a_legal_hold_keeps_everything_and_the_plan_says_why(student, desk):
    person = student["person"]
    holds.place_legal_hold(person, "Lopende procedure bij de rechtbank", desk[0])
    plan, steps, _ = run(person.id)
    assert plan.holds == [holds.REASONS["legal_hold"]]
    assert {s.action for s in plan.steps} == {KEEP}
    summer = by_type(plan.steps)[(SummerSchoolParticipation, KEEP, "exchange")]
    assert "17(3)(e)" in summer.why.en
    assert SummerSchoolParticipation.select().count() == 1
    assert PersonModel.get_by_id(person.id).phone is not None
    assert LegalHold.select().count() == 1


def test_another_open_request_holds_but_the_erasure_request_itself_does_not(student):
    person = student["person"]
    erase_request = ops.file_request(
        person.id, "erasure", {"scope": "all"}, language="nl", now=FILED_AT
    ).request
    assert erasure.plan_for(erase_request).holds == []
    ops.file_request(person.id, "access", {}, language="nl", now=FILED_AT)
    plan = erasure.plan_for(erase_request)
    assert plan.holds == [holds.REASONS["open_request"]]
    assert "another request" in by_type(plan.steps)[(AdmissionEmail, KEEP, "admission")].why.en


def test_the_four_eyes_approval_carries_it_out_and_closing_removes_the_account(student, desk):
    person, first, second = student["person"], *desk
    request = ops.file_request(
        person.id, "erasure", {"scope": "all"}, language="en", now=FILED_AT
    ).request
    ops.decide(request.id, "partly_granted", "art_17_3_b", "Study data stays.", first)
    assert SummerSchoolParticipation.select().count() == 1  # only proposed so far
    ops.approve(request.id, second)
    assert SummerSchoolParticipation.select().count() == 0
    outcome = erasure.outcome_of(request.id)
    lines = {(line.record_type.en, line.action): line for line in erasure.outcome_lines(outcome)}
    assert lines[("summer school participation", DELETE)].count == 1
    assert lines[("account", DELETE)].at_close and outcome.finished_at is None
    kept = lines[("enrolment", KEEP)]
    assert "WHW" in kept.why.en and "WHW" in kept.why.nl
    assert [p["en"] for p in outcome.withdrawn_parties] and AuditEvent.select().where(
        (AuditEvent.action == "erase:person") & (AuditEvent.person == person.id)
    ).count() == 1

    ops.close(request.id, first)
    assert Account.select().where(Account.person == person.id).count() == 0
    # The consent choice the student made keeps its channel, no longer its author.
    own = ConsentEvent.select().where(ConsentEvent.person == person.id).order_by(ConsentEvent.id)
    assert [(e.channel, e.actor_id) for e in own] == [("web", None), ("desk", second.id)]
    outcome = ErasureOutcome.get()
    assert outcome.finished_at is not None
    account = [s for s in outcome.step_values if s["at_close"]]
    assert account == [
        {
            "category": "account",
            "record_type": {"nl": "account", "en": "account"},
            "action": DELETE,
            "fields": [],
            "count": 1,
            "why": None,
            "at_close": True,
        }
    ]
    assert RightsRequest.get().status == "closed"


def test_a_refused_erasure_changes_nothing(student, desk):
    person = student["person"]
    request = ops.file_request(
        person.id, "erasure", {"scope": "all"}, language="nl", now=FILED_AT
    ).request
    before = snapshot(person.id)
    ops.decide(request.id, "refused", "art_12_5", "Nee.", desk[0])
    assert erasure.outcome_of(request.id) is None
    after = snapshot(person.id)
    # The request file records the decision, and the outbox holds the mail telling the student.
    files = {*REQUEST_MODELS, *MAIL_MODELS}
    assert {m: v for m, v in after.items() if m not in files} == {
        m: v for m, v in before.items() if m not in files
    }


# --- A record type declared in the register, with no other code change ----------------------


class Poster(BaseModel):
    person = ForeignKeyField(PersonModel, on_delete="CASCADE")
    title = CharField(max_length=200)
    shown_on = DateField()

    class Meta:
        table_name = "throwaway_poster"


POSTER_RULE = RetentionRule(
    "throwaway_poster",
    Event.RECORD_DATE,
    Period(1, Unit.YEARS),
    Action.DELETE,
    Text("de posterdag", "the poster day"),
    date_field="shown_on",
)


@pytest.fixture(params=["erasable", "kept"])
def poster_type(request, db):
    db.create_tables([Poster])
    kept = Kept("art_17_3_b", Text("Archiefwet: posters", "Archives Act: posters"))
    rt = record_type(
        Poster,
        Text("poster", "poster"),
        category="evaluation",
        purpose=13,
        basis="public_task",
        retention=POSTER_RULE.key,
        rules={POSTER_RULE.key: POSTER_RULE},
        origin="student",
        kept=kept if request.param == "kept" else None,
        technical=("id", "person"),
        title=Text("titel", "title"),
        shown_on=Text("getoond op", "shown on"),
    )
    register.RECORD_TYPES.append(rt)
    register.FIELDS.extend(rt.fields)
    register.BY_MODEL[Poster] = rt
    try:
        yield request.param
    finally:
        register.RECORD_TYPES.remove(rt)
        for f in rt.fields:
            register.FIELDS.remove(f)
        del register.BY_MODEL[Poster]
        db.drop_tables([Poster])


def test_a_declared_record_type_is_erased_or_kept_by_its_declaration(student, poster_type):
    person = student["person"]
    Poster.create(person=person, title="Mijn poster", shown_on=dt.date(2024, 5, 1))
    plan, steps, _ = run(person.id)
    (step,) = [s for s in steps if s.model is Poster]
    if poster_type == "kept":
        assert step.action == KEEP and step.why.en.endswith("Archives Act: posters")
        assert Poster.select().count() == 1
    else:
        assert step.action == DELETE and step.count == 1
        assert Poster.select().count() == 0
