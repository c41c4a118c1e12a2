"""E-mail about rights requests: to the student at each step, and the desk's daily digest.

Each student mail names the reference, what happened and where to sign in, in the
request's language; the content stays behind sign-in: never the text of a message or a
decision, never an internal note. The one exception is the reason of an extension,
which the law says the student must be told (GDPR art. 12(3)). Mail goes to the
university address, or to the private one once the person's studies have ended.

Every function here is called inside the transaction of the change it reports
(``domain.mail.outbox.enqueue`` insists), so a change that is rolled back sends nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from babel.dates import format_date

from domain.core.clock import end_of_day, local_today
from domain.core.db import writing
from domain.core.settings import portal_url
from domain.core.text import LOCALES, Text
from domain.mail import outbox
from domain.mail.models import OutboxMail
from domain.mail.vocabulary import (
    DESK_DIGEST,
    REQUEST_CLOSED,
    REQUEST_DECIDED,
    REQUEST_EXTENDED,
    REQUEST_MESSAGE,
    REQUEST_RECEIVED,
    REQUEST_WAITING,
)
from domain.people.models import Enrolment, Person
from domain.requests import queries
from domain.requests.deadline import Deadline
from domain.requests.models import RightsRequest
from domain.requests.vocabulary import REQUEST_TYPES

# Where the pages are (the web app's routes; a test holds them to url_for).
REQUEST_PATH = "/student/requests/{reference}"
QUEUE_PATH = "/desk/"


@dataclass(frozen=True)
class Notice:
    """One kind of mail to the student: its subject and what it says happened."""

    subject: Text
    event: Text


RECEIVED, WAITING, EXTENDED = REQUEST_RECEIVED, REQUEST_WAITING, REQUEST_EXTENDED
MESSAGE, DECIDED, CLOSED = REQUEST_MESSAGE, REQUEST_DECIDED, REQUEST_CLOSED
DIGEST = DESK_DIGEST

NOTICES = {
    RECEIVED: Notice(
        Text("Je verzoek {reference} is ontvangen", "We received your request {reference}"),
        Text(
            "We hebben je verzoek met kenmerk {reference} ontvangen op {received}. Het "
            "privacyloket beantwoordt het uiterlijk op {due}.",
            "We received your request with reference {reference} on {received}. The "
            "privacy desk will answer it by {due} at the latest.",
        ),
    ),
    WAITING: Notice(
        Text(
            "Het privacyloket heeft meer informatie nodig ({reference})",
            "The privacy desk needs more information ({reference})",
        ),
        Text(
            "Het privacyloket heeft een vraag over je verzoek {reference}. Zolang we op je "
            "antwoord wachten, staat de termijn stil. Je leest de vraag en antwoordt in het "
            "portaal.",
            "The privacy desk has a question about your request {reference}. While we wait "
            "for your answer, the period stands still. You read the question and answer it "
            "in the portal.",
        ),
    ),
    EXTENDED: Notice(
        Text(
            "De termijn voor je verzoek {reference} is verlengd",
            "The period for your request {reference} has been extended",
        ),
        Text(
            "Het privacyloket heeft de termijn voor je verzoek {reference} met twee maanden "
            "verlengd, zoals artikel 12 lid 3 AVG toestaat. Je krijgt uiterlijk op {due} "
            "antwoord.\n\nReden: {reason}",
            "The privacy desk has extended the period for your request {reference} by two "
            "months, as article 12(3) of the GDPR allows. You will have an answer by {due} "
            "at the latest.\n\nReason: {reason}",
        ),
    ),
    MESSAGE: Notice(
        Text(
            "Nieuw bericht over je verzoek {reference}",
            "New message about your request {reference}",
        ),
        Text(
            "Het privacyloket heeft je een bericht gestuurd over je verzoek {reference}. Je "
            "leest het in het portaal.",
            "The privacy desk has sent you a message about your request {reference}. You "
            "can read it in the portal.",
        ),
    ),
    DECIDED: Notice(
        Text("Besluit over je verzoek {reference}", "Decision on your request {reference}"),
        Text(
            "Het privacyloket heeft een besluit genomen over je verzoek {reference}. Je leest "
            "het besluit en de toelichting in het portaal.",
            "The privacy desk has decided on your request {reference}. You can read the "
            "decision and its explanation in the portal.",
        ),
    ),
    CLOSED: Notice(
        Text("Je verzoek {reference} is afgerond", "Your request {reference} is done"),
        Text(
            "Het privacyloket heeft je verzoek {reference} afgerond: het besluit is uitgevoerd.",
            "The privacy desk has completed your request {reference}: the decision has been "
            "carried out.",
        ),
    ),
}

GREETING = Text("Hallo,", "Hello,")
LINK = Text("Log in om je verzoek te bekijken:\n{link}", "Sign in to see your request:\n{link}")
FOOTER = Text(
    "Deze e-mail is automatisch verstuurd; een antwoord op deze e-mail lezen we niet. "
    "Reageren kan in het portaal.\n\nPrivacyloket",
    "This e-mail was sent automatically; replies to it are not read. You can respond in "
    "the portal.\n\nPrivacy desk",
)


def day_in_words(day: dt.date, language: str) -> str:
    """A date as people write it in the language: "10 april 2026", "10 April 2026".

    English mail is British, as the pages are (``LOCALES``).
    """
    return format_date(day, "long", locale=LOCALES.get(language, language))


def studies_ended(person_id: int, today: dt.date) -> bool:
    """True once the person has no enrolment running today (or on a later day).

    Enrolments always have an end date (31 August unless renewed), so a student who did
    not re-enrol has ended on 1 September. Someone who never enrolled has ended once
    their application ended (withdrawn, rejected or not completed).
    """
    mine = Enrolment.person == person_id
    if Enrolment.select().where(mine & (Enrolment.end_date >= today)).exists():
        return False
    if Enrolment.select().where(mine).exists():
        return True
    return (
        Person.select()
        .where((Person.id == person_id) & Person.application_ended_on.is_null(False))
        .exists()
    )


def recipient(person_id: int, today: dt.date) -> str:
    """The university address; the private one (when known) once studies have ended."""
    person = (
        Person.select(Person.university_email, Person.private_email)
        .where(Person.id == person_id)
        .get()
    )
    if person.private_email and studies_ended(person_id, today):
        return person.private_email
    return person.university_email


def _notify(request: RightsRequest, kind: str, **values: str) -> OutboxMail:
    """Write the mail of ``kind`` about ``request`` to its student, in its language."""
    language = request.language if request.language in ("nl", "en") else "nl"
    notice = NOTICES[kind]
    values = dict(
        values,
        reference=request.reference,
        link=portal_url() + REQUEST_PATH.format(reference=request.reference),
    )
    body = "\n\n".join(
        [
            GREETING.get(language),
            notice.event.get(language).format(**values),
            LINK.get(language).format(**values),
            FOOTER.get(language),
        ]
    )
    return outbox.enqueue(
        kind=kind,
        recipient=recipient(request.person_id, local_today()),
        language=language,
        subject=notice.subject.get(language).format(**values),
        body=body + "\n",
        person=request.person_id,
    )


def received(request: RightsRequest) -> OutboxMail:
    """A new request: its reference, the day of receipt and the due date."""
    language = request.language
    return _notify(
        request,
        RECEIVED,
        received=day_in_words(request.received_on, language),
        due=day_in_words(request.due_on, language),
    )


def waiting(request: RightsRequest) -> OutboxMail:
    """The desk asked a question (never quoted): the student should sign in to answer."""
    return _notify(request, WAITING)


def extended(request: RightsRequest) -> OutboxMail:
    """The period was extended: the new due date and the reason (art. 12(3))."""
    return _notify(
        request,
        EXTENDED,
        due=day_in_words(request.due_on, request.language),
        reason=request.extension_reason or "",
    )


def new_message(request: RightsRequest) -> OutboxMail:
    """The desk wrote to the student (never an internal note; the text is not quoted)."""
    return _notify(request, MESSAGE)


def decided(request: RightsRequest) -> OutboxMail:
    """A decision took effect (the decision itself is read after signing in)."""
    return _notify(request, DECIDED)


def closed(request: RightsRequest) -> OutboxMail:
    """The request is done: the decision has been carried out."""
    return _notify(request, CLOSED)


# --- The desk's daily digest ---------------------------------------------------------------

DIGEST_DAYS = 5  # "due soon": due within this many days
DIGEST_LINES = 100  # per section; the rest is counted, the queue has them all
_PAGE = 500

DIGEST_SUBJECT = Text(
    "Privacyloket: {overdue} te laat, {soon} binnen {days} dagen",
    "Privacy desk: {overdue} overdue, {soon} due within {days} days",
)
DIGEST_INTRO = Text(
    "Verzoeken op {today}: {overdue} te laat, {soon} binnen {days} dagen af te handelen.",
    "Requests on {today}: {overdue} overdue, {soon} due within {days} days.",
)
OVERDUE_HEADING = Text("Te laat:", "Overdue:")
SOON_HEADING = Text("Binnen {days} dagen:", "Due within {days} days:")
LINE = Text(
    "- {reference} · {type} · uiterlijk {due} · {left}",
    "- {reference} · {type} · due {due} · {left}",
)
MORE = Text("- … en nog {count} (zie de wachtrij)", "- … and {count} more (see the queue)")
QUEUE_LINK = Text("Open de wachtrij: {link}", "Open the queue: {link}")
LEFT = {
    "late": (
        Text("{n} dag te laat", "{n} day overdue"),
        Text("{n} dagen te laat", "{n} days overdue"),
    ),
    "today": (Text("vandaag", "due today"),) * 2,
    "left": (Text("nog {n} dag", "{n} day left"), Text("nog {n} dagen", "{n} days left")),
}
DIGEST_FOOTER = Text(
    "Dit overzicht is automatisch verstuurd door het Privacyportaal.",
    "This overview was sent automatically by the Privacy Portal.",
)


def _left(deadline: Deadline, language: str) -> str:
    days = deadline.days_left
    key = "late" if days < 0 else "today" if days == 0 else "left"
    singular, plural = LEFT[key]
    return (singular if abs(days) == 1 else plural).get(language).format(n=abs(days))


def _deadline(request: RightsRequest, today: dt.date) -> Deadline:
    # The digest lists no waiting requests (their clock stands still), so the deadline
    # is the stored one: received, extended, days waited (domain.requests.deadline).
    return Deadline(request.received_on, request.extended, request.days_waited, today)


def _every(today: dt.date, chosen: queries.QueueFilter) -> list[RightsRequest]:
    """Every open request the queue shows for ``chosen``, earliest due date first."""
    found, page = [], 1
    while True:
        result = queries.queue(today, chosen, page=page, per_page=_PAGE)
        found += result.rows
        if page >= result.pages:
            return found
        page += 1


def digest_rows(today: dt.date) -> tuple[list[RightsRequest], list[RightsRequest]]:
    """The overdue requests, and those due within ``DIGEST_DAYS`` days (Amsterdam today)."""
    overdue = _every(today, queries.QueueFilter(overdue=True))
    soon = [
        r
        for r in _every(today, queries.QueueFilter(due_soon=True))
        if _deadline(r, today).days_left <= DIGEST_DAYS
    ]
    return overdue, soon


def _section(heading: str, rows: list[RightsRequest], today: dt.date, language: str) -> str:
    lines = [heading]
    for r in rows[:DIGEST_LINES]:
        deadline = _deadline(r, today)
        lines.append(
            LINE.get(language).format(
                reference=r.reference,
                type=REQUEST_TYPES[r.request_type].label.get(language),
                due=day_in_words(deadline.due, language),
                left=_left(deadline, language),
            )
        )
    if len(rows) > DIGEST_LINES:
        lines.append(MORE.get(language).format(count=len(rows) - DIGEST_LINES))
    return "\n".join(lines)


def digest_text(
    overdue: list[RightsRequest], soon: list[RightsRequest], today: dt.date
) -> tuple[str, str]:
    """Subject and body of the digest: Dutch first, then English; no names, no numbers."""
    counts = dict(overdue=len(overdue), soon=len(soon), days=DIGEST_DAYS)
    parts = []
    for language in ("nl", "en"):
        blocks = [DIGEST_INTRO.get(language).format(today=day_in_words(today, language), **counts)]
        if overdue:
            blocks.append(_section(OVERDUE_HEADING.get(language), overdue, today, language))
        if soon:
            heading = SOON_HEADING.get(language).format(days=DIGEST_DAYS)
            blocks.append(_section(heading, soon, today, language))
        blocks.append(QUEUE_LINK.get(language).format(link=portal_url() + QUEUE_PATH))
        parts.append("\n\n".join(blocks))
    subject = " / ".join(DIGEST_SUBJECT.get(language).format(**counts) for language in ("nl", "en"))
    body = "(English below)\n\n" + "\n\n---\n\n".join(parts)
    body += "\n\n" + " / ".join(DIGEST_FOOTER.get(language) for language in ("nl", "en"))
    return subject, body + "\n"


def desk_digest(recipients: Sequence[str], today: dt.date | None = None) -> int:
    """Write today's digest to each of the desk's mailboxes; return how many were written.

    Nothing is written when there is nothing to report, when no mailbox is configured,
    or when today's digest was already written (a restarted worker sends it once).
    """
    today = today or local_today()
    if not recipients:
        return 0
    with writing():
        written_today = OutboxMail.select().where(
            (OutboxMail.kind == DIGEST)
            & (OutboxMail.created_at >= end_of_day(today - dt.timedelta(days=1)))
            & (OutboxMail.created_at < end_of_day(today))
        )
        if written_today.exists():
            return 0
        overdue, soon = digest_rows(today)
        if not overdue and not soon:
            return 0
        subject, body = digest_text(overdue, soon, today)
        for address in recipients:
            outbox.enqueue(
                kind=DIGEST, recipient=address, language="nl", subject=subject, body=body
            )
    return len(recipients)
