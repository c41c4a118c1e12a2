"""A record type declared in the register reaches every reader with no other code change.

A throw-away model (a thesis submission) is declared the way docs/architecture.md says;
My data, the Art. 30 export and the retention engine then show, list and enforce it, and
it carries the rights its declaration gives (issue 10 §1).
"""

import datetime as dt
import json

import pytest
from peewee import CharField, DateField, ForeignKeyField

from domain import register
from domain.core.db import BaseModel
from domain.core.text import Text
from domain.people.models import Person
from domain.register import subject_data
from domain.register.declarations import record_type
from domain.register.export import as_records
from domain.register.rules import Action, Event, Kept, Period, RetentionRule, Unit
from domain.retention import engine
from tests import factories


class ThesisSubmission(BaseModel):
    person = ForeignKeyField(Person, on_delete="CASCADE")
    title = CharField(max_length=200)
    submitted_on = DateField()

    class Meta:
        table_name = "throwaway_thesis_submission"


KEPT = Kept("art_17_3_b", Text("Archiefwet 1995: scripties", "Archives Act 1995: theses"))
EXAM_BOARD = Text("bij de examencommissie", "by the examination board")

RULE = RetentionRule(
    "throwaway_thesis",
    Event.RECORD_DATE,
    Period(1, Unit.YEARS),
    Action.DELETE,
    Text("het inleveren van je scriptie", "the submission of your thesis"),
    date_field="submitted_on",
)


@pytest.fixture
def declared(db):
    """Declare the model as the checklist says; take it out again afterwards."""
    db.create_tables([ThesisSubmission])
    rt = record_type(
        ThesisSubmission,
        Text("ingeleverde scriptie", "thesis submission"),
        category="results",
        purpose=9,
        basis="public_task",
        retention=RULE.key,
        rules={RULE.key: RULE},
        origin="student",
        origins={"submitted_on": "university"},
        kept=KEPT,
        correct_at=EXAM_BOARD,
        technical=("id", "person"),
        title=Text("titel", "title"),
        submitted_on=Text("ingeleverd op", "submitted on"),
    )
    register.RECORD_TYPES.append(rt)
    register.FIELDS.extend(rt.fields)
    register.BY_MODEL[ThesisSubmission] = rt
    register.RULES[RULE.key] = RULE
    try:
        yield rt
    finally:
        register.RECORD_TYPES.remove(rt)
        for f in rt.fields:
            register.FIELDS.remove(f)
        del register.BY_MODEL[ThesisSubmission]
        del register.RULES[RULE.key]
        db.drop_tables([ThesisSubmission])


def test_a_declared_record_type_shows_is_listed_and_is_enforced(declared):
    person = factories.person()
    factories.enrolment(person, start=dt.date(2020, 9, 1), end=dt.date(2024, 8, 31))
    ThesisSubmission.create(person=person, title="Oude scriptie", submitted_on=dt.date(2024, 3, 1))
    new = ThesisSubmission.create(
        person=person, title="Nieuwe scriptie", submitted_on=dt.date(2025, 3, 1)
    )
    today = dt.date(2025, 3, 2)

    view = subject_data.load_category(person.id, "results", today)
    assert "Oude scriptie" in repr(view) and "Nieuwe scriptie" in repr(view)
    assert {r["field"] for r in as_records()} >= {
        "ThesisSubmission.title",
        "ThesisSubmission.submitted_on",
    }
    (line,) = [p for p in engine.plan(today) if p.target.rule.key == RULE.key]
    assert line.due == 1

    engine.run(today, pseudonym_key="key")
    assert [t.id for t in ThesisSubmission.select()] == [new.id]


def test_a_declared_record_type_carries_its_declared_rights(declared):
    records = {r["field"]: r for r in as_records()}
    title = records["ThesisSubmission.title"]
    assert title["origin"] == "student" and records["ThesisSubmission.submitted_on"]["origin"] == (
        "university"
    )
    # A public task: not portable, open to objection; kept under the declared law.
    assert title["portable"] is False and title["objectable"] is True
    assert title["erasable"] is False
    assert title["kept_because"]["en"] == "GDPR art. 17(3)(b) (legal obligation or task in " + (
        "the public interest): Archives Act 1995: theses"
    )
    assert title["correctable"] is False and title["correct_at"] == EXAM_BOARD.as_dict()
    assert title["export_section"] == "data"


def test_a_declared_record_type_appears_in_the_export_with_its_rights(declared):
    from domain.exports import document

    person = factories.person()
    ThesisSubmission.create(person=person, title="Mijn scriptie", submitted_on=dt.date(2025, 3, 1))
    doc = document.build(person.id, "access", dt.datetime(2025, 3, 2, 12))
    results = next(c for c in doc["data"] if c["category"] == "results")
    (part,) = [p for p in results["parts"] if p["record_type"] == "ThesisSubmission"]
    assert part["rows"][0]["values"] == {"title": "Mijn scriptie", "submitted_on": "2025-03-01"}
    assert part["rows"][0]["deleted_on"] == "2026-03-01"
    title = next(f for f in part["fields"] if f["name"] == "title")
    assert title["source"]["key"] == "student" and title["purpose"]["number"] == 9
    assert title["rights"]["kept_because"]["en"].endswith("Archives Act 1995: theses")
    assert title["rights"]["correct_at"] == EXAM_BOARD.as_dict()
    assert title["rights"]["objectable"] is True and title["rights"]["portable"] is False
    # Not portable (a public task): the portability export leaves it out.
    portable = document.build(person.id, "portability", dt.datetime(2025, 3, 2, 12))
    assert "ThesisSubmission" not in json.dumps(portable)
