"""The desk records a consent choice on a student's behalf (issue 9 §3).

The choice goes into the student's own consent ledger with channel "desk" and the desk
member as its actor; the student sees it on their consent page. Every desk view of a
student's consent is audited; refused input changes nothing.
"""

import datetime as dt
import re

import pytest

from domain.audit.models import AuditEvent
from domain.consent import parties
from domain.consent.ledger import record_choice
from domain.consent.parties import Notice
from domain.consent.vocabulary import GIVEN, WITHDRAWN
from domain.models import ConsentEvent
from tests.support import Portal, count_queries, html_of

FIND = "/desk/consent/"


@pytest.fixture
def desk(app, data):
    """The three parties, a student with an account, and a signed-in desk member."""
    parties.ensure_parties()
    student, student_account = data.student(
        student_number="s6000001", first_name="Bram", surname="Bos"
    )
    desk_account = data.staff("desk")

    def as_user(username):
        portal = Portal(app.test_client())
        assert portal.login(username).status_code == 303
        return portal

    return {
        "portal": as_user("desk"),
        "as": as_user,
        "student": student,
        "student_account": student_account,
        "account": desk_account,
    }


def page_url(person) -> str:
    return f"/desk/consent/{person.id}"


def version_of(key: str) -> int:
    return parties.current_version(parties.party_by_key(key).id).id


def choice(key="kivi", decision=GIVEN, language="nl", version=None, **extra) -> dict:
    values = {"party": key, "decision": decision, "language": language}
    values[f"version-{key}"] = version or version_of(key)
    values.update(extra)
    return {k: v for k, v in values.items() if v is not None}


def row(html: str, key: str) -> str:
    found = re.search(rf'<tr id="desk-party-{key}".*?</tr>', html, re.S)
    assert found, f"no row for {key}"
    return found.group(0)


def consent_views(person) -> int:
    return (
        AuditEvent.select()
        .where((AuditEvent.person == person.id) & (AuditEvent.action == "view:consent"))
        .count()
    )


# --- Finding the student ----------------------------------------------------------------------


def test_the_desk_finds_a_student_by_number_and_sees_their_consent(desk):
    portal, student = desk["portal"], desk["student"]
    form = html_of(portal.client.get(FIND))
    assert form.count("<h1") == 1
    assert (
        '<label class="utrecht-form-label" for="student_number">' in form
        and 'id="student_number"' in form
    )
    assert consent_views(student) == 0

    found = portal.post(FIND, {"student_number": " S6000001 "})
    assert found.status_code == 303
    assert found.headers["Location"] == page_url(student)
    assert "s6000001" not in found.headers["Location"]  # no student number in URLs

    page = html_of(portal.client.get(page_url(student)))
    assert page.count("<h1") == 1
    assert "Bram van Bos" in page and "s6000001" in page
    for key in ("kivi", "schools", "bedrijvendagen"):
        assert 'data-state="no"' in row(page, key)
        assert f'name="version-{key}" value="{version_of(key)}"' in page
    # Labelled fields: the party and the choice are fieldsets with a legend.
    assert re.search(r'<fieldset class="[^"]*\bchoices" id="party">\s*<legend[ >]', page)
    assert re.search(r'<fieldset class="[^"]*\bchoices" id="decision">\s*<legend[ >]', page)
    assert '<label class="utrecht-form-label" for="language">' in page
    # The ledger has no effective date: the page says the choice counts from now.
    assert 'id="record-effective"' in page

    (view,) = AuditEvent.select().where(AuditEvent.person == student.id)
    assert (view.action, view.actor_id) == ("view:consent", desk["account"].id)


def test_the_menu_leads_to_the_page_and_marks_it(desk):
    portal, student = desk["portal"], desk["student"]
    home = html_of(portal.client.get("/"))
    assert 'href="/desk/consent/"' in home
    page = html_of(portal.client.get(page_url(student)))
    assert 'href="/desk/consent/" aria-current="page"' in page


@pytest.mark.parametrize(
    "number, message",
    [
        ("s9999999", "No student has this number."),
        ("9999999", "A student number is an s followed by 7 digits."),
        ("", "Enter a student number."),
    ],
)
def test_an_unknown_or_malformed_number_gets_a_message(desk, number, message):
    portal = desk["portal"]
    portal.client.set_cookie("portal_lang", "en")
    page = html_of(portal.post(FIND, {"student_number": number}), 422)
    assert message in page
    assert 'aria-invalid="true"' in page
    assert AuditEvent.select().count() == 0


def test_an_unknown_number_gets_a_dutch_message_by_default(desk):
    page = html_of(desk["portal"].post(FIND, {"student_number": "s9999999"}), 422)
    assert 'lang="nl"' in page
    assert "Er is geen student met dit nummer." in page


def test_an_unknown_person_is_not_found(desk):
    assert desk["portal"].client.get("/desk/consent/999999").status_code == 404
    assert desk["portal"].post("/desk/consent/999999", choice()).status_code == 404
    assert ConsentEvent.select().count() == 0


# --- Recording a choice -----------------------------------------------------------------------


def test_a_choice_by_letter_is_recorded_with_channel_desk_and_shown_to_the_student(desk, app):
    portal, student = desk["portal"], desk["student"]
    response = portal.post(page_url(student), choice("kivi", GIVEN, language="en"))
    assert response.status_code == 303
    assert response.headers["Location"] == page_url(student) + "#consent-history"

    event = ConsentEvent.get()
    assert (event.person_id, event.decision, event.channel) == (student.id, GIVEN, "desk")
    assert (event.actor_id, event.language) == (desk["account"].id, "en")
    assert event.notice_version_id == version_of("kivi")

    page = html_of(portal.client.get(response.headers["Location"]))
    assert "Vastgelegd voor s6000001: toestemming voor KIVI" in page  # the flash message
    assert 'data-state="yes"' in row(page, "kivi")
    history = re.search(r'<tr id="event-[^"]+">.*?</tr>', page, re.S).group(0)
    assert "via het privacyloket" in history
    assert "Desk Medewerker" in history  # who recorded it

    # The student sees it on their own consent page, through the privacy desk.
    own = html_of(desk["as"]("s6000001").client.get("/student/consent/"))
    assert 'id="party-kivi-state" data-state="yes"' in own
    assert f'id="event-{event.record_id}"' in own and "via het privacyloket" in own


def test_a_withdrawal_counts_and_repeating_it_changes_nothing(desk):
    portal, student = desk["portal"], desk["student"]
    assert portal.post(page_url(student), choice("schools", GIVEN)).status_code == 303
    assert portal.post(page_url(student), choice("schools", WITHDRAWN)).status_code == 303
    assert [e.decision for e in ConsentEvent.select().order_by(ConsentEvent.id)] == [
        GIVEN,
        WITHDRAWN,
    ]
    portal.client.set_cookie("portal_lang", "en")
    again = portal.post(page_url(student), choice("schools", WITHDRAWN))
    assert again.status_code == 303
    page = html_of(portal.client.get(again.headers["Location"]))
    assert "Nothing changed: this already was the student&#39;s choice" in page
    assert ConsentEvent.select().count() == 2
    assert "no, consent withdrawn" in row(page, "schools")


@pytest.mark.parametrize(
    "values, field, message",
    [
        (lambda: choice("kvk", version=1), "party", "Choose one of the listed parties."),
        (lambda: {"decision": GIVEN}, "party", "Choose one of the listed parties."),
        (lambda: choice(decision=None), "decision", "Choose whether the student gives or"),
        (lambda: choice(decision="maybe"), "decision", "Choose whether the student gives or"),
        (lambda: choice(language="de"), "language", "Choose Dutch or English."),
    ],
)
def test_bad_input_gets_a_clear_message_and_changes_nothing(desk, values, field, message):
    portal, student = desk["portal"], desk["student"]
    portal.client.set_cookie("portal_lang", "en")
    page = html_of(portal.post(page_url(student), values()))
    assert message in page
    assert f'id="{field}-error"' in page and 'role="alert"' in page
    assert ConsentEvent.select().count() == 0
    # The page showed the student's consent again: that view is in the audit trail.
    assert consent_views(student) == 1


def test_bad_input_is_explained_in_dutch_by_default(desk):
    portal, student = desk["portal"], desk["student"]
    page = html_of(portal.post(page_url(student), choice("kivi", decision=None)))
    assert "Kies of de student toestemming geeft of intrekt." in page
    assert ConsentEvent.select().count() == 0


def test_consent_to_a_notice_the_desk_did_not_see_is_refused(desk):
    portal, student = desk["portal"], desk["student"]
    old = version_of("kivi")
    party = parties.party_by_key("kivi")
    current = parties.current_version(party.id)
    notice = Notice.of(current)
    parties.update_party(
        party,
        party.contact,
        party.frequency,
        Notice(notice.name, notice.description, notice.purpose, (*notice.fields, "initials")),
    )
    portal.client.set_cookie("portal_lang", "en")
    page = html_of(portal.post(page_url(student), choice("kivi", GIVEN, version=old)))
    assert "changed while you had this page open" in page
    assert ConsentEvent.select().count() == 0
    # Without any version, consent is never recorded blind either.
    values = choice("kivi", GIVEN)
    del values["version-kivi"]
    assert "changed while you had this page open" in html_of(portal.post(page_url(student), values))
    assert ConsentEvent.select().count() == 0
    # A withdrawal is always accepted, whatever version was on the page.
    assert portal.post(page_url(student), choice("kivi", WITHDRAWN, version=old)).status_code == 303
    assert ConsentEvent.get().decision == WITHDRAWN


def test_a_post_without_csrf_token_is_refused(desk):
    student = desk["student"]
    response = desk["portal"].client.post(page_url(student), data=choice())
    assert response.status_code == 400
    found = desk["portal"].client.post(FIND, data={"student_number": "s6000001"})
    assert found.status_code == 400
    assert ConsentEvent.select().count() == 0


# --- Who may --------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["student", "disclosure", "admin"])
def test_only_the_desk_reaches_the_pages(desk, data, role, app):
    student = desk["student"]
    if role == "student":
        username = "s6000001"
    else:
        data.staff(role)
        username = role
    other = desk["as"](username)
    assert other.client.get(FIND).status_code == 403
    assert other.client.get(page_url(student)).status_code == 403
    assert other.post(page_url(student), choice()).status_code == 403
    assert ConsentEvent.select().count() == 0
    assert consent_views(student) == 0


def test_anonymous_visitors_are_sent_to_sign_in(client, desk):
    for url in (FIND, page_url(desk["student"])):
        response = client.get(url)
        assert response.status_code == 302 and "/auth/login" in response.headers["Location"]


# --- Queries ------------------------------------------------------------------------------


def test_the_page_runs_the_same_queries_however_long_the_history(desk, data):
    portal, student = desk["portal"], desk["student"]
    kivi = parties.party_by_key("kivi")
    colleague = data.staff("desk", "desk2")
    start = dt.datetime(2024, 1, 1, 9, 0)

    def statements() -> int:
        with count_queries() as queries:
            html_of(portal.client.get(page_url(student)))
        return len(queries)

    record_choice(
        student.id,
        kivi.id,
        GIVEN,
        channel="desk",
        language="nl",
        actor_id=desk["account"].id,
        now=start,
    )
    one = statements()
    for day, party in enumerate(parties.current_versions(), start=1):
        for hour, decision in enumerate((WITHDRAWN, GIVEN, WITHDRAWN)):
            record_choice(
                student.id,
                party.party_id,
                decision,
                channel="desk",
                language="nl",
                actor_id=colleague.id if hour % 2 else desk["account"].id,
                now=start + dt.timedelta(days=day, hours=hour),
            )
    many = statements()
    assert ConsentEvent.select().count() == 1 + 3 * len(parties.current_versions())
    assert many == one


def test_without_parties_the_page_says_so_and_offers_no_form(app, data):
    person, _ = data.student(student_number="s6000009")
    data.staff("desk")
    portal = Portal(app.test_client())
    portal.login("desk")
    page = html_of(portal.client.get(page_url(person)))
    assert 'id="no-parties"' in page and 'id="desk-consent-form"' not in page
