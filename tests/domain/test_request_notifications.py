"""E-mail about rights requests, received by a real SMTP server: each step, both languages,
the right address, nothing behind sign-in in the mail, nothing from a rolled-back change,
and the desk's daily digest."""

import datetime as dt

import pytest

from domain.core.clock import local_today
from domain.core.db import utcnow, writing
from domain.mail.models import OutboxMail
from domain.mail.sending import send_due
from domain.requests import notifications
from domain.requests import operations as ops
from domain.requests.errors import RequestError
from domain.requests.notifications import QUEUE_PATH, REQUEST_PATH, desk_digest, recipient
from domain.requests.vocabulary import GRANTED, REFUSED
from tests import factories
from tests.mail_server import SmtpServer

# 10 March 2026, 10:00 in Amsterdam: received that day, due Friday 10 April 2026.
FILED_AT = dt.datetime(2026, 3, 10, 9, 0)
PORTAL = "https://privacy.example.nl"


@pytest.fixture
def smtp(monkeypatch):
    monkeypatch.setenv("PORTAL_URL", PORTAL + "/")
    server = SmtpServer().start()
    yield server
    server.stop()


@pytest.fixture
def people(db):
    student = factories.person(student_number="s4000001")
    factories.enrolment(student)  # still enrolled: the university address
    alumna = factories.person(student_number="s4000002", private_email="alumna@example.org")
    factories.enrolment(alumna, end=dt.date(2024, 8, 31), reason="graduated")
    return {
        "student": student,
        "alumna": alumna,
        "desk": factories.staff("desk"),
        "desk2": factories.staff("desk", "desk2"),
    }


def file(person, language="nl", request_type="access", details=None, **kwargs):
    kwargs.setdefault("now", FILED_AT)
    return ops.file_request(
        person.id, request_type, details or {}, language=language, **kwargs
    ).request


def deliver(smtp):
    """Send what is due; return the mails the server received in this pass."""
    before = len(smtp.received)
    send_due(smtp.settings())
    return smtp.received[before:]


EXPECTED = {
    "nl": {
        "received": ("Je verzoek {ref} is ontvangen", "10 maart 2026", "10 april 2026"),
        "waiting": ("Het privacyloket heeft meer informatie nodig ({ref})", "termijn stil"),
        "message": ("Nieuw bericht over je verzoek {ref}", "bericht gestuurd"),
        "extended": ("De termijn voor je verzoek {ref} is verlengd", "12 juni 2026", "Reden: "),
        "decided": ("Besluit over je verzoek {ref}", "besluit genomen"),
        "closed": ("Je verzoek {ref} is afgerond", "uitgevoerd"),
        "link": "Log in om je verzoek te bekijken:",
    },
    "en": {
        "received": ("We received your request {ref}", "10 March 2026", "10 April 2026"),
        "waiting": ("The privacy desk needs more information ({ref})", "stands still"),
        "message": ("New message about your request {ref}", "sent you a message"),
        "extended": ("The period for your request {ref} has been extended", "12 June 2026"),
        "decided": ("Decision on your request {ref}", "has decided"),
        "closed": ("Your request {ref} is done", "carried out"),
        "link": "Sign in to see your request:",
    },
}


@pytest.mark.parametrize("language", ["nl", "en"])
def test_each_step_reaches_the_student_in_the_language_of_the_request(people, smtp, language):
    student, desk = people["student"], people["desk"]
    request = file(student, language)
    steps = [("received", lambda: None)]
    steps += [
        ("waiting", lambda: ops.ask_student(request.id, "Welk jaar?", desk, dt.date(2026, 3, 11))),
        ("message", lambda: ops.desk_message(request.id, "Dank je, we gaan verder.", desk)),
        (
            "extended",
            lambda: ops.extend(
                request.id, "Veel gegevens in oude systemen", desk, dt.date(2026, 3, 16)
            ),
        ),
        ("decided", lambda: ops.decide(request.id, GRANTED, None, "Hierbij je gegevens.", desk)),
        ("closed", lambda: ops.close(request.id, desk)),
    ]
    expected = EXPECTED[language]
    link = f"{PORTAL}/student/requests/{request.reference}"
    for step, act in steps:
        act()
        [mail] = deliver(smtp)
        subject, *phrases = expected[step]
        assert mail.subject == subject.format(ref=request.reference), step
        assert mail.recipients == [student.university_email], step
        assert mail.message["Content-Language"] == language
        for phrase in phrases:
            assert phrase in mail.body, (step, phrase, mail.body)
        assert request.reference in mail.body
        assert f"{expected['link']}\n{link}\n" in mail.body, mail.body
        if step == "waiting":
            ops.student_reply(request.id, student.id, "Het was 2024.", today=dt.date(2026, 3, 13))
            assert deliver(smtp) == []
    assert "Veel gegevens in oude systemen" in smtp.received[3].body  # art. 12(3): the reason


def test_the_due_date_in_the_mail_is_the_deadline_modules(people, smtp):
    request = file(people["student"], now=dt.datetime(2026, 1, 30, 23, 30))  # 31 Jan in Amsterdam
    [mail] = deliver(smtp)
    assert request.due_on == dt.date(2026, 3, 2)  # 28 February is a Saturday: Monday 2 March
    assert "2 maart 2026" in mail.body and "31 januari 2026" in mail.body


def test_a_former_student_is_written_at_their_private_address(people, smtp):
    request = file(people["alumna"], "en")
    ops.desk_message(request.id, "Hello", people["desk"])
    assert {m.recipients[0] for m in deliver(smtp)} == {"alumna@example.org"}


def test_the_recipient_follows_the_end_of_the_enrolment(db):
    today = dt.date(2026, 3, 10)
    enrolled = factories.person(university_email="a@student.utwente.nl", private_email="a@x.org")
    factories.enrolment(enrolled, end=dt.date(2026, 8, 31))
    ended = factories.person(university_email="b@student.utwente.nl", private_email="b@x.org")
    factories.enrolment(ended, end=dt.date(2025, 8, 31), reason="end_of_year")
    nothing_private = factories.person(university_email="c@student.utwente.nl", private_email=None)
    factories.enrolment(nothing_private, end=dt.date(2025, 8, 31), reason="graduated")
    applicant = factories.person(university_email="d@student.utwente.nl", private_email="d@x.org")
    withdrawn = factories.person(
        university_email="e@student.utwente.nl",
        private_email="e@x.org",
        application_ended_on=dt.date(2025, 7, 1),
    )
    assert recipient(enrolled.id, today) == "a@student.utwente.nl"
    assert recipient(enrolled.id, dt.date(2026, 9, 1)) == "a@x.org"  # not re-enrolled
    assert recipient(ended.id, today) == "b@x.org"
    assert recipient(nothing_private.id, today) == "c@student.utwente.nl"
    assert recipient(applicant.id, today) == "d@student.utwente.nl"
    assert recipient(withdrawn.id, today) == "e@x.org"


def test_internal_notes_and_texts_behind_sign_in_never_reach_a_mail(people, smtp):
    desk = people["desk"]
    request = file(people["student"], request_type="erasure", details={"scope": "all"})
    ops.desk_message(
        request.id, "INTERNE-NOTITIE: lijkt op een eerder verzoek", desk, internal=True
    )
    assert OutboxMail.select().count() == 1  # the note wrote no mail
    ops.ask_student(request.id, "VRAAG-TEKST over je studentnummer", desk, dt.date(2026, 3, 11))
    ops.student_reply(
        request.id, people["student"].id, "ANTWOORD-TEKST", today=dt.date(2026, 3, 12)
    )
    ops.desk_message(request.id, "BERICHT-TEKST aan de student", desk)
    ops.decide(request.id, REFUSED, "art_17_3_b", "BESLUIT-TEKST: de WHW", desk)
    mails = deliver(smtp)
    assert [m.subject.split(" ")[0] for m in mails] == ["Je", "Het", "Nieuw", "Besluit"]
    for mail in mails:
        for secret in ("INTERNE", "VRAAG-TEKST", "ANTWOORD-TEKST", "BERICHT-TEKST", "BESLUIT"):
            assert secret not in mail.body and secret not in mail.subject
        assert "Dijk" not in mail.body and "s4000001" not in mail.body  # no name, no number


def test_a_proposal_sends_nothing_until_a_colleague_approves(people, smtp):
    desk, desk2 = people["desk"], people["desk2"]
    request = file(people["student"], request_type="erasure", details={"scope": "all"})
    deliver(smtp)
    ops.decide(request.id, GRANTED, None, "We verwijderen je gegevens.", desk)
    assert deliver(smtp) == []  # a proposal is internal
    ops.send_back(request.id, "INTERN: eerst de bewaarplicht nagaan", desk2)
    assert deliver(smtp) == []
    ops.decide(request.id, GRANTED, None, "We verwijderen je gegevens.", desk)
    ops.approve(request.id, desk2)
    [mail] = deliver(smtp)
    assert mail.subject == f"Besluit over je verzoek {request.reference}"
    assert "INTERN" not in mail.body and "verwijderen je gegevens" not in mail.body


def test_the_same_form_sent_twice_confirms_once(people, smtp):
    file(people["student"], submission_key="form-1")
    file(people["student"], submission_key="form-1")
    assert len(deliver(smtp)) == 1


def test_the_student_withdrawing_gets_no_mail(people, smtp):
    request = file(people["student"])
    deliver(smtp)
    ops.withdraw(request.id, people["student"].id)
    assert deliver(smtp) == []


def test_a_rolled_back_change_sends_nothing(people, smtp):
    class Boom(Exception):
        pass

    request = file(people["student"])
    deliver(smtp)
    with pytest.raises(Boom), writing():
        ops.extend(request.id, "Complex", people["desk"], dt.date(2026, 3, 12))
        assert OutboxMail.select().count() == 2  # written inside the transaction ...
        raise Boom
    assert OutboxMail.select().count() == 1  # ... and gone with it
    assert deliver(smtp) == []
    with pytest.raises(RequestError):  # a refused step writes no mail either
        ops.close(request.id, people["desk"])
    assert OutboxMail.select().count() == 1


def test_links_point_at_the_web_apps_pages(app):
    from flask import url_for

    with app.test_request_context():
        reference = "AVG-2026-ABCDEF"
        assert url_for("requests.detail", reference=reference) == REQUEST_PATH.format(
            reference=reference
        )
        assert url_for("desk.queue") == QUEUE_PATH


# --- The desk's daily digest --------------------------------------------------------------

TODAY = dt.date(2026, 3, 10)  # a Tuesday


def filed_on(person, day: dt.date, **kwargs):
    return file(person, now=dt.datetime.combine(day, dt.time(9, 0)), **kwargs)


def test_the_digest_lists_overdue_and_soon_due_requests_without_names(people, smtp):
    student, desk = people["student"], people["desk"]
    late = filed_on(student, dt.date(2026, 1, 5))  # due 5 February: 33 days overdue
    due_today = filed_on(student, dt.date(2026, 2, 10), request_type="portability")
    soon = filed_on(student, dt.date(2026, 2, 13))  # due Friday 13 March: 3 days left
    later = filed_on(student, dt.date(2026, 2, 16))  # due Monday 16 March: 6 days, not listed
    waiting = filed_on(student, dt.date(2026, 1, 6))  # overdue, but waiting for the student
    ops.ask_student(waiting.id, "Wie ben je?", desk, dt.date(2026, 1, 7))
    done = filed_on(student, dt.date(2026, 1, 7))
    ops.decide(done.id, GRANTED, None, "Klaar", desk)
    ops.close(done.id, desk)
    OutboxMail.delete().execute()  # the student's own mail is not the point here

    assert desk_digest(["privacyloket@example.org", "avg@example.org"], TODAY) == 2
    mails = deliver(smtp)
    assert sorted(m.recipients[0] for m in mails) == ["avg@example.org", "privacyloket@example.org"]
    mail = mails[0]
    assert mail.subject == (
        "Privacyloket: 1 te laat, 2 binnen 5 dagen / Privacy desk: 1 overdue, 2 due within 5 days"
    )
    body = mail.body
    dutch, english = body.split("\n---\n")
    assert f"- {late.reference} · inzage · uiterlijk 5 februari 2026 · 33 dagen te laat" in dutch
    assert (
        f"- {due_today.reference} · overdraagbaarheid · uiterlijk 10 maart 2026 · vandaag" in dutch
    )
    assert f"- {soon.reference} · inzage · uiterlijk 13 maart 2026 · nog 3 dagen" in dutch
    assert dutch.index(due_today.reference) < dutch.index(soon.reference)  # by due date
    assert f"- {late.reference} · access · due 5 February 2026 · 33 days overdue" in english
    assert f"- {due_today.reference} · portability · due 10 March 2026 · due today" in english
    assert f"- {soon.reference} · access · due 13 March 2026 · 3 days left" in english
    for absent in (later.reference, waiting.reference, done.reference):
        assert absent not in body
    for personal in ("Anna", "Dijk", "s4000001", student.university_email):
        assert personal not in body
    assert f"{PORTAL}{QUEUE_PATH}" in dutch and f"{PORTAL}{QUEUE_PATH}" in english
    assert OutboxMail.select().where(OutboxMail.person.is_null(False)).count() == 0


def test_no_digest_when_there_is_nothing_to_report(people, smtp):
    filed_on(people["student"], dt.date(2026, 2, 16))  # due in 6 days: not yet
    OutboxMail.delete().execute()
    assert desk_digest(["privacyloket@example.org"], TODAY) == 0
    assert not OutboxMail.select().exists() and deliver(smtp) == []


def test_the_digest_is_written_once_a_day_and_only_to_a_configured_mailbox(people, smtp):
    today = local_today()
    file(people["student"], now=utcnow() - dt.timedelta(days=45))  # overdue today
    OutboxMail.delete().execute()
    assert desk_digest([], today) == 0
    assert desk_digest(["privacyloket@example.org"], today) == 1
    assert desk_digest(["privacyloket@example.org"], today) == 0  # a restarted worker
    assert len(deliver(smtp)) == 1
    assert notifications.DIGEST_DAYS == 5


def test_english_mail_writes_dates_the_british_way_as_the_pages_do():
    from domain.requests.notifications import day_in_words

    assert day_in_words(dt.date(2026, 4, 10), "en") == "10 April 2026"
    assert day_in_words(dt.date(2026, 4, 10), "nl") == "10 april 2026"
