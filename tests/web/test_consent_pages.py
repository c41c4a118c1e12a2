"""The student's consent page: one click per choice, with HTMX or without, history, receipts."""

import datetime as dt
import json
import re
import threading

import pytest

from domain.consent import ledger as consent
from domain.consent import parties
from domain.consent.vocabulary import GIVEN, WITHDRAWN
from domain.deliveries import records as deliveries
from domain.deliveries.kivi import plan_kivi
from domain.models import ConsentEvent
from tests import factories
from tests.support import Portal, count_queries, html_of

PAGE = "/student/consent/"


@pytest.fixture
def student(sign_in):
    parties.ensure_parties()
    account = sign_in(first_name="Anna", surname="Dijk")
    return account.person, account


def row(html, key):
    match = re.search(rf'<article class="party" id="party-{key}".*?</article>', html, re.S)
    assert match, f"no row for {key}"
    return match.group(0)


def version_id(key):
    return parties.current_version(parties.party_by_key(key).id).id


def choose(portal, key, decision, htmx=False, version=None):
    return portal.post(
        f"/student/consent/{key}",
        {"decision": decision, "version": version or version_id(key)},
        htmx=htmx,
    )


def test_one_row_per_party_and_no_choice_shows_no(portal, student):
    html = html_of(portal.client.get(PAGE))
    assert html.count("<h1") == 1
    for key in ("kivi", "schools", "bedrijvendagen"):
        part = row(html, key)
        assert f'id="party-{key}-state" data-state="no"' in part
        assert f'id="toggle-{key}"' in part
        assert 'name="decision" value="given"' in part
    # What KIVI receives, and when (Dutch by default).
    kivi = row(html, "kivi")
    for label in ("voornaam", "achternaam", "universitair e-mailadres", "opleiding", "examendatum"):
        assert f"<li>{label}</li>" in kivi
    assert "ieder jaar in januari" in kivi
    assert 'id="consent-status"' in html and 'aria-live="polite"' in html
    # Dutch texts (from the compiled catalogue).
    assert "<h1>Toestemming voor externe partijen</h1>" in html
    assert "Toestemming geven aan KIVI (Koninklijk Instituut van Ingenieurs)" in kivi
    assert "je hebt geen keuze gemaakt; dat telt als nee" in kivi


def test_giving_consent_without_javascript_is_a_form_post(portal, student):
    person, account = student
    response = choose(portal, "kivi", GIVEN)
    assert response.status_code == 303
    location = response.headers["Location"]
    assert location.endswith("/student/consent/#party-kivi-saved")
    # The confirmation is in KIVI's card, as the target of the anchor (focused), not at the top.
    kivi = row(html_of(portal.client.get(location)), "kivi")
    assert '<p class="confirmation" id="party-kivi-saved" tabindex="-1">Opgeslagen:' in kivi
    event = ConsentEvent.get()
    assert (event.person_id, event.decision, event.channel, event.actor_id, event.language) == (
        person.id,
        GIVEN,
        "web",
        account.id,
        "nl",
    )
    assert event.notice_version_id == version_id("kivi")
    html = html_of(portal.client.get(PAGE))
    assert 'id="party-kivi-state" data-state="yes"' in row(html, "kivi")
    assert 'name="decision" value="withdrawn"' in row(html, "kivi")
    assert 'class="flash' not in html  # confirmed in the card (above), not at the top
    assert 'id="party-kivi-saved"' not in html  # and only once


def test_withdrawing_is_exactly_as_easy(portal, student):
    choose(portal, "kivi", GIVEN)
    assert choose(portal, "kivi", WITHDRAWN).status_code == 303
    html = html_of(portal.client.get(PAGE))
    assert 'data-state="no"' in row(html, "kivi")
    decisions = [e.decision for e in ConsentEvent.select().order_by(ConsentEvent.id)]
    assert decisions == [GIVEN, WITHDRAWN]


def test_htmx_toggle_swaps_the_row_keeps_focus_and_announces(portal, student):
    response = choose(portal, "schools", GIVEN, htmx=True)
    html = html_of(response)
    assert html.lstrip().startswith('<article class="party" id="party-schools"')
    assert "<html" not in html
    part = row(html, "schools")
    assert 'data-state="yes"' in part
    # The new button takes the focus back (portal.js moves it after the swap).
    assert re.search(r'<button type="submit" id="toggle-schools"[^>]*data-focus-after-swap', part)
    assert 'hx-target="#party-schools"' in part and 'hx-swap="outerHTML"' in part
    # The live region is updated out of band, and so is the history.
    assert (
        '<div id="consent-status" hx-swap-oob="innerHTML"><p>Opgeslagen: je geeft '
        "toestemming om je gegevens te delen met Middelbare scholen"
    ) in html
    assert (
        '<section id="consent-history" aria-labelledby="consent-history-heading" '
        'hx-swap-oob="true">'
    ) in html
    assert html.count('<tr id="event-') == 1


def test_htmx_withdrawal_in_english(portal, student):
    portal.client.set_cookie("portal_lang", "en")
    choose(portal, "kivi", GIVEN, htmx=True)
    html = html_of(choose(portal, "kivi", WITHDRAWN, htmx=True))
    assert "Saved: you do not consent to sharing your data with KIVI" in html
    assert "Give consent for KIVI (Royal Netherlands Society of Engineers)" in html
    assert ConsentEvent.select().order_by(ConsentEvent.id.desc()).get().language == "en"


def test_english_page(portal, student):
    portal.client.set_cookie("portal_lang", "en")
    html = html_of(portal.client.get(PAGE))
    assert '<html lang="en">' in html
    assert "every January" in row(html, "kivi")
    assert "university e-mail address" in row(html, "kivi")
    assert "Geen UT inschrijving" in row(html, "schools")


def test_the_contact_is_shown_in_the_page_language(portal, student):
    schools = row(html_of(portal.client.get(PAGE)), "schools")
    assert (
        "De contactpersoon van de eigen school, via een afgeschermde SharePoint-omgeving"
    ) in schools
    portal.client.set_cookie("portal_lang", "en")
    schools = row(html_of(portal.client.get(PAGE)), "schools")
    assert ("The contact person at your own school, through a protected SharePoint site") in schools
    assert "De contactpersoon van de eigen school" not in schools
    assert "KIVI, The Hague (www.kivi.nl)" in row(html_of(portal.client.get(PAGE)), "kivi")


def test_the_receipt_gives_the_contact_in_the_language_of_the_notice(portal, student):
    portal.client.set_cookie("portal_lang", "en")
    choose(portal, "schools", GIVEN)
    event = ConsentEvent.get()
    receipt = json.loads(
        html_of(portal.client.get(f"/student/consent/receipts/{event.record_id}.json"))
    )
    assert receipt["recipient"]["contact"] == (
        "The contact person at your own school, through a protected SharePoint site"
    )


def test_a_new_version_that_adds_data_asks_again(portal, student):
    choose(portal, "kivi", GIVEN)
    kivi = parties.party_by_key("kivi")
    notice = parties.Notice.of(parties.current_version(kivi.id))
    parties.update_party(
        kivi,
        kivi.contact,
        kivi.frequency,
        parties.Notice(
            notice.name, notice.description, notice.purpose, notice.fields + ("student_number",)
        ),
    )
    part = row(html_of(portal.client.get(PAGE)), "kivi")
    assert 'data-state="no"' in part
    assert 'id="party-kivi-outdated"' in part and "studentnummer" in part
    # Not "no (since <the date of the yes>)": the old yes is named for what it is.
    assert "(sinds " not in part and "dekt de gewijzigde informatie niet" in part
    assert '<li class="is-new"><mark>studentnummer</mark> <strong>(nieuw)</strong></li>' in part
    assert 'id="toggle-kivi"' in part and 'id="withdraw-kivi"' in part
    choose(portal, "kivi", GIVEN)
    assert 'data-state="yes"' in row(html_of(portal.client.get(PAGE)), "kivi")


def test_consent_to_a_version_that_changed_meanwhile_is_not_recorded(portal, student):
    shown = version_id("kivi")
    kivi = parties.party_by_key("kivi")
    notice = parties.Notice.of(parties.current_version(kivi.id))
    parties.update_party(
        kivi,
        kivi.contact,
        kivi.frequency,
        parties.Notice(notice.name, notice.description, notice.purpose, notice.fields[:-1]),
    )
    html = html_of(choose(portal, "kivi", GIVEN, htmx=True, version=shown))
    assert ConsentEvent.select().count() == 0
    assert f'name="version" value="{version_id("kivi")}"' in row(html, "kivi")
    assert choose(portal, "kivi", GIVEN, version=shown).status_code == 303
    assert ConsentEvent.select().count() == 0


def test_history_shows_time_in_amsterdam_version_and_channel(portal, student):
    person, _ = student
    consent.record_choice(
        person.id,
        parties.party_by_key("kivi").id,
        GIVEN,
        channel="desk",
        language="nl",
        actor_id=None,
        now=dt.datetime(2024, 6, 14, 21, 30),
    )
    html = html_of(portal.client.get(PAGE))
    history = html[html.index('id="consent-history"') :]
    assert "14 jun 2024, 23:30" in history  # 21:30 UTC is 23:30 in Amsterdam
    assert "via het privacyloket" in history  # the channel
    assert "<td>1</td>" in history  # the notice version answered


def test_receipt_holds_the_iso_27560_fields(portal, student):
    person, _ = student
    choose(portal, "bedrijvendagen", GIVEN)
    event = ConsentEvent.get()
    response = portal.client.get(f"/student/consent/receipts/{event.record_id}.json")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment;")
    receipt = json.loads(response.get_data(as_text=True))
    assert receipt["record_id"] == event.record_id
    assert receipt["pii_principal_id"] == person.student_number
    assert receipt["notice"]["version"] == 1 and receipt["notice"]["language"] == "nl"
    assert receipt["purpose"].startswith("Vergelijken")
    assert [f["id"] for f in receipt["data_fields"]][:2] == ["student_number", "initials"]
    assert receipt["recipient"]["id"] == "bedrijvendagen"
    assert receipt["recipient"]["contact"] == "Stichting Bedrijvendagen Twente, Enschede"
    assert receipt["legal_basis"]["id"] == "consent"
    assert receipt["event"]["type"] == "consent_given" and receipt["event"]["time"].endswith("Z")
    assert receipt["event"]["recorded_by"] == "pii_principal"
    assert receipt["withdrawal"]["url"].endswith("/student/consent/")


def test_a_student_sees_only_their_own_history_and_receipts(portal, student, data, app):
    other, _ = data.student(first_name="Bram")
    theirs = consent.record_choice(
        other.id,
        parties.party_by_key("kivi").id,
        GIVEN,
        channel="web",
        language="nl",
        actor_id=None,
    ).event
    html = html_of(portal.client.get(PAGE))
    assert theirs.record_id not in html
    assert 'id="event-' not in html
    receipt = f"/student/consent/receipts/{theirs.record_id}.json"
    assert portal.client.get(receipt).status_code == 404


def test_the_page_shows_what_was_delivered_about_the_student(portal, student, data):
    person, _ = student
    data.degree(person, exam_date=dt.date(2024, 7, 15))
    factories.choose(person.id, parties.party_by_key("kivi").id, GIVEN, dt.datetime(2025, 1, 2, 9))
    deliveries.run(plan_kivi(2024, dt.date(2025, 1, 15)), None, "cli")
    html = html_of(portal.client.get(PAGE))
    shared = html[html.index('id="consent-disclosed"') :]
    assert "KIVI (Koninklijk Instituut van Ingenieurs)" in shared
    assert "15 jan 2025" in shared
    assert "voornaam, achternaam, universitair e-mailadres, opleiding, examendatum" in shared


def test_a_restricted_student_is_told_nothing_is_shared(portal, data):
    parties.ensure_parties()
    person, _ = data.student(is_restricted=True)
    portal.login(person.student_number)
    assert 'id="consent-restricted"' in html_of(portal.client.get(PAGE))


def test_the_page_takes_a_constant_number_of_queries(portal, student, data):
    person, _ = student

    def measure():
        with count_queries() as queries:
            html_of(portal.client.get(PAGE))
        return len(queries)

    empty = measure()
    for day in range(1, 9):
        for key in ("kivi", "schools", "bedrijvendagen"):
            factories.choose(
                person.id,
                parties.party_by_key(key).id,
                GIVEN if day % 2 else WITHDRAWN,
                dt.datetime(2025, 1, day, 9),
            )
    data.degree(person, exam_date=dt.date(2024, 7, 15))
    deliveries.run(plan_kivi(2024, dt.date(2025, 1, 15)), None, "cli")
    assert measure() == empty


def test_bad_input_and_unknown_parties(portal, student):
    assert choose(portal, "kivi", "perhaps").status_code == 400
    assert portal.post("/student/consent/nobody", {"decision": GIVEN}).status_code == 404
    assert ConsentEvent.select().count() == 0


@pytest.mark.parametrize("role", ["desk", "disclosure", "admin"])
def test_staff_have_no_consent_page(portal, data, role):
    parties.ensure_parties()
    data.staff(role)
    portal.login(role)
    assert portal.client.get(PAGE).status_code == 403
    assert portal.post("/student/consent/kivi", {"decision": GIVEN}).status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(client):
    assert client.get(PAGE).status_code == 302


def test_pages_have_no_inline_script_or_style(portal, student):
    choose(portal, "kivi", GIVEN)
    for html in (
        html_of(portal.client.get(PAGE)),
        html_of(choose(portal, "kivi", WITHDRAWN, htmx=True)),
    ):
        assert "<style" not in html and " style=" not in html
        assert "<script" not in html.split("</head>")[-1]


def test_parallel_requests_leave_a_consistent_ledger(app, data, student):
    """Two near-simultaneous clicks (each its own session and connection): the last wins."""
    person, _ = student
    clients = []
    for _ in range(2):
        portal = Portal(app.test_client())
        portal.login(person.student_number)
        clients.append(portal)
    kivi_version = version_id("kivi")
    barrier, statuses, errors = threading.Barrier(2), [], []

    def click(portal, decision):
        try:
            token = portal.token()
            for _ in range(5):
                barrier.wait(timeout=10)
                response = portal.client.post(
                    "/student/consent/kivi",
                    data={"decision": decision, "version": kivi_version},
                    headers={"HX-Request": "true", "X-CSRFToken": token},
                )
                statuses.append(response.status_code)
        except Exception as exc:  # reported below: a thread cannot fail the test itself
            errors.append(exc)

    threads = [
        threading.Thread(target=click, args=(p, d))
        for p, d in zip(clients, (GIVEN, WITHDRAWN), strict=True)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not errors and statuses == [200] * 10, (errors, statuses)
    events = list(ConsentEvent.select().order_by(ConsentEvent.occurred_at, ConsentEvent.id))
    assert events and [e.id for e in events] == sorted(e.id for e in events)
    assert all(a.decision != b.decision for a, b in zip(events, events[1:], strict=False))
    last = consent.choice_for(person.id, parties.party_by_key("kivi").id).latest
    assert last.id == events[-1].id


def test_the_receipt_has_a_printable_page_besides_the_json(portal, student, sign_in):
    person, _ = student
    choose(portal, "kivi", GIVEN)
    event = ConsentEvent.get()
    history = html_of(portal.client.get(PAGE))
    assert f'href="/student/consent/receipts/{event.record_id}"' in history
    page = html_of(portal.client.get(f"/student/consent/receipts/{event.record_id}"))
    assert page.count("<h1") == 1 and "KIVI" in page
    assert person.student_number in page and event.record_id in page
    assert f'href="/student/consent/receipts/{event.record_id}.json"' in page
    assert 'href="/student/consent/" aria-current="page"' in page
    portal.post("/auth/logout")
    sign_in(first_name="Bram")
    assert portal.client.get(f"/student/consent/receipts/{event.record_id}").status_code == 404
