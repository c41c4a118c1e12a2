"""Command-line entry points, through Flask's CLI runner."""
import json

from domain.models import Account, Person
from domain.register import FIELDS


def test_demo_seed_creates_students_and_staff_once(runner):
    result = runner.invoke(args=["demo", "seed", "--students", "15", "--seed", "7",
                                 "--today", "2025-10-15"])
    assert result.exit_code == 0, result.output
    assert "person: 15" in result.output
    assert Person.select().count() == 15
    assert {a.username for a in Account.select().where(Account.role != "student")} == \
        {"desk", "disclosure", "admin"}
    again = runner.invoke(args=["demo", "seed", "--if-empty"])
    assert again.exit_code == 0 and "not seeding" in again.output
    assert Person.select().count() == 15


def test_demo_students_sign_in_with_demo(runner, portal):
    runner.invoke(args=["demo", "seed", "--students", "3", "--today", "2025-10-15"])
    number = Person.select().order_by(Person.id).first().student_number
    assert portal.login(number, "demo").status_code == 303


def test_demo_seed_is_refused_in_production(app, runner):
    app.config["PORTAL_ENV"] = "production"
    result = runner.invoke(args=["demo", "seed", "--students", "2"])
    assert result.exit_code != 0 and "never seeded" in result.output
    assert Person.select().count() == 0


def test_demo_seed_rejects_bad_input(runner):
    assert runner.invoke(args=["demo", "seed", "--students", "0"]).exit_code == 2
    assert runner.invoke(args=["demo", "seed", "--today", "yesterday"]).exit_code == 2


def test_register_show_prints_every_field_in_both_languages(runner):
    as_json = runner.invoke(args=["register", "show", "--format", "json"])
    records = json.loads(as_json.output)
    assert len(records) == len(FIELDS)
    surname = next(r for r in records if r["field"] == "Person.surname")
    assert surname["legal_basis"] == {"nl": "wettelijke plicht", "en": "legal obligation"}
    text = runner.invoke(args=["register", "show"]).output
    assert "Person.surname" in text and "[nl] achternaam" in text and "[en] surname" in text
