"""The NSE's link file and support-needs file on the web and the command line (issue 13
§2): the disclosure officer imports them and reads counts, a refused file names its lines in the
user's language and stores nothing, the student sees their linked answers on My data, and
only a counsellor (audited) sees the support-needs answers."""

import datetime as dt
import io
import re

import pytest

from domain.accounts.roles import COUNSELLOR, DESK
from domain.consent import parties
from domain.core import clock
from domain.deliveries import records as deliveries
from domain.deliveries.nse import plan_nse
from domain.models import AuditEvent, SurveyLinkedAnswer, SurveySupportAnswer
from domain.surveys import links
from tests import factories
from tests.support import html_of

TODAY = clock.local_today()
YEAR = TODAY.year
REF = TODAY - dt.timedelta(days=2)
DELETE_ON = TODAY + dt.timedelta(days=300)


@pytest.fixture
def handed(data):
    """Six students handed over for this year's NSE; returns their persons and accounts."""
    parties.ensure_parties()
    made = [data.student(student_number=f"s500000{i}", surname=f"Achter{i}") for i in range(6)]
    for person, _ in made:
        factories.enrolment(person, start=dt.date(2023, 9, 1))
    deliveries.run(plan_nse(YEAR, DELETE_ON, REF), None, "cli")
    return made


def email(person):
    return f"{person.student_number}@student.utwente.nl"


def link_file(persons, question="Q1", extra=""):
    lines = "".join(f"R{i},{email(p)},{question},{1 + i % 5}\n" for i, p in enumerate(persons))
    return f"respondent,email,question,score\n{lines}{extra}".encode()


def upload(portal, data, kind=links.LINKED):
    return portal.post(
        "/disclosure/nse-links",
        {"year": str(YEAR), "kind": kind, "file": (io.BytesIO(data), "koppel.csv")},
        content_type="multipart/form-data",
    )


def count(html, name):
    match = re.search(rf'id="count-{name}">([^<]*)<', html)
    assert match, name
    return match.group(1)


def test_the_disclosure_officer_imports_a_link_file_and_reads_the_counts(portal, sign_in, handed):
    officer = sign_in("disclosure")
    persons = [p for p, _ in handed]
    extra = f"R0,{email(persons[0])},Q1,3\nR7,nobody@example.org,Q1,2\n"
    response = upload(portal, link_file(persons[:5], extra=extra))
    assert response.status_code == 303
    portal.client.set_cookie("portal_lang", "en")
    html = html_of(portal.client.get(response.headers["Location"]))
    assert html.count("<h1") == 1
    assert [count(html, k) for k in ("rows", "linked", "persons", "unknown", "duplicate")] == [
        "7",
        "5",
        "5",
        "1",
        "1",
    ]
    assert "nobody@example.org" not in html and "s5000001" not in html
    # Five students answered Q1: the mean is shown.
    assert "Linked answers per question" in html and "suppressed (fewer than 5)" not in html
    events = AuditEvent.select().where(AuditEvent.action == "import:survey_answers")
    assert sorted(e.person_id for e in events) == sorted(p.id for p in persons[:5])
    assert {e.actor_id for e in events} == {officer.id}


@pytest.mark.parametrize(("n", "suppressed"), [(4, True), (5, False), (6, False)])
def test_the_summary_suppresses_a_question_under_five(portal, sign_in, handed, n, suppressed):
    sign_in("disclosure")
    persons = [p for p, _ in handed]
    assert upload(portal, link_file(persons[:n])).status_code == 303
    portal.client.set_cookie("portal_lang", "en")
    html = html_of(portal.client.get(f"/disclosure/nse-links?year={YEAR}"))
    summary = re.search(r'<section id="summary".*?</section>', html, re.S).group(0)
    assert ("suppressed (fewer than 5)" in summary) is suppressed
    assert (f"<td>{n}</td>" in summary) is not suppressed


def test_a_malformed_file_names_its_lines_and_stores_nothing(portal, sign_in, handed):
    sign_in("disclosure")
    persons = [p for p, _ in handed]
    bad = link_file(persons[:2], extra="R9,nobody,Q1,3\nR8,x@example.org,Q1,9\n")
    portal.client.set_cookie("portal_lang", "en")
    html = html_of(upload(portal, bad), 422)
    assert "These lines are not correct: line 4: not an e-mail address; line 5: the answer" in html
    assert "Nothing was stored." in html and "Traceback" not in html
    assert SurveyLinkedAnswer.select().count() == 0
    assert AuditEvent.select().where(AuditEvent.action == "import:survey_answers").count() == 0


@pytest.mark.parametrize("role", ["admin", DESK, COUNSELLOR, "student"])
def test_only_the_disclosure_officer_reaches_the_import(portal, sign_in, handed, role):
    sign_in(role)
    assert portal.client.get("/disclosure/nse-links").status_code in (403, 404)
    assert upload(portal, link_file([handed[0][0]])).status_code in (400, 403, 404)
    assert SurveyLinkedAnswer.select().count() == 0


def test_the_student_sees_their_linked_and_support_answers_on_my_data(portal, handed):
    (person, account), (other, _) = handed[0], handed[1]
    links.import_file(links.LINKED, YEAR, link_file([person], "Lk123"))
    links.import_file(links.SUPPORT, YEAR, link_file([other, person], "Sp456"))
    assert portal.login(account.username).status_code == 303
    portal.client.set_cookie("portal_lang", "en")
    html = html_of(portal.client.get("/student/my-data/surveys"))
    assert "Lk123" in html and "Sp456" in html
    assert "your answers to the nse, linked with your consent" in html.lower()
    assert html.count("Sp456") == 1  # their own answer, not the other student's


def look_up(portal, person):
    return portal.post(
        "/staff/student", {"student_number": person.student_number, "reason": "Gesprek"}
    )


def test_only_a_counsellor_sees_the_support_answers_and_the_view_is_audited(
    portal, sign_in, handed, data
):
    person = handed[0][0]
    links.import_file(links.LINKED, YEAR, link_file([person], "Lk123"))
    links.import_file(links.SUPPORT, YEAR, link_file([person], "Sp456"))
    counsellor = sign_in(COUNSELLOR)
    page = html_of(look_up(portal, person))
    assert "Sp456" in page
    (event,) = AuditEvent.select().where(AuditEvent.action == "view:student")
    assert (event.person_id, event.actor_id) == (person.id, counsellor.id)
    assert "surveys" in event.categories.split(",")
    portal.post("/auth/logout")
    data.staff(DESK)
    assert portal.login(DESK).status_code == 303
    page = html_of(look_up(portal, person))
    assert "Sp456" not in page and "Lk123" in page
    assert SurveySupportAnswer.select().count() == 1


def test_the_cli_imports_and_refuses_with_line_numbers(app, handed, tmp_path):
    persons = [p for p, _ in handed]
    good = tmp_path / "koppel.csv"
    good.write_bytes(link_file(persons[:3], extra="R9,nobody@example.org,Q1,2\n"))
    args = ["nse", "import-links", "--year", str(YEAR)]
    result = app.test_cli_runner().invoke(args=[*args, str(good)])
    assert result.exit_code == 0, result.output
    assert "linked: 3" in result.output and "unknown: 1" in result.output
    assert "s5000" not in result.output
    bad = tmp_path / "bad.csv"
    bad.write_bytes(link_file(persons[:1], extra="R9,x@example.org,Q1,0\n"))
    result = app.test_cli_runner().invoke(args=[*args, "--kind", "support", str(bad)])
    assert result.exit_code != 0
    assert "line 3: the answer is not a whole number from 1 to 5" in result.output
    assert "Traceback" not in result.output
    assert SurveySupportAnswer.select().count() == 0 and SurveyLinkedAnswer.select().count() == 3


def test_a_file_over_the_portals_upload_limit_is_refused_and_stores_nothing(
    app, portal, sign_in, handed
):
    sign_in("disclosure")
    app.config["MAX_CONTENT_LENGTH"] = 2 * 1024 * 1024
    html = html_of(portal.client.get("/disclosure/nse-links"))
    assert "at most 2 MB here" in html or "hier hoogstens 2 MB" in html
    big = link_file([p for p, _ in handed], extra="R9,x@example.org,Q1,3\n" * 100_000)
    assert len(big) > 2 * 1024 * 1024
    assert upload(portal, big).status_code == 413
    assert SurveyLinkedAnswer.select().count() == 0
