"""Deterministic demo rights requests: every type in every status, with their whole file.

``seed_requests(seed, today)`` runs after ``domain.demo.people.seed``. About one student in
twelve files a request and some of them a second, so the 100,000-student set holds about
10,000.
Each request is played step by step as ``domain.requests.operations`` would have done it
(filing, assigning, asking and answering, extending, proposing and approving, deciding,
closing, withdrawing), with the same checks, so its status, due date, timeline, messages
and internal notes are what the portal itself would have left. The rows are written with
multi-row inserts in one transaction instead of through the operations: 10,000 requests
must take seconds, not minutes, and demo data must never put mail in the outbox.

The same ``(seed, today)`` on the same persons always gives the same rows: every choice
comes from a ``random.Random`` derived from the seed and the person's id, every moment
from ``today``. All steps happen before ``today``.

The four students with the lowest student numbers (``s2000000`` to ``s2000003`` in a fresh
demo, so the README's example ``s2000001`` among them) get a fixed set of requests that
together show every type and every status, an extension, an overdue and a soon-due
request, a question waiting for the student, internal notes, an attachment, and
proposals of ``desk`` and of ``desk2`` that wait for the other's approval.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import random
from collections import Counter
from dataclasses import dataclass, field

from peewee import chunked, fn

from domain.accounts.roles import DESK
from domain.core.clock import AMSTERDAM
from domain.core.db import database, is_postgres
from domain.core.text import Text
from domain.demo.people import (
    DUTCH_NATIONALITY,
    POSTGRES_MAX_PARAMS,
    SQLITE_MAX_PARAMS,
    _BulkWriter,
)
from domain.models import Account, Person
from domain.requests import details as request_details
from domain.requests.deadline import Deadline, days_between, due_date
from domain.requests.models import RequestAttachment, RequestEvent, RequestMessage, RightsRequest
from domain.requests.operations import REFERENCE_ALPHABET
from domain.requests.queries import SOON_DAYS
from domain.requests.vocabulary import (
    ACCESS,
    CHANNELS,
    CLOSED,
    COUNTER,
    DECIDED,
    EMAIL,
    ERASURE,
    GRANTED,
    IN_PROGRESS,
    LETTER,
    OBJECTION,
    OPEN_STATUSES,
    OUTCOMES,
    PARTLY_GRANTED,
    PORTABILITY,
    PORTAL,
    PROPOSED,
    RECEIVED,
    RECTIFICATION,
    REFUSED,
    RESTRICTION,
    RESTRICTION_GROUNDS,
    WAITING,
    WITHDRAWN,
)

__all__ = ["seed_requests", "SHOWCASE_STUDENTS"]

SHARE = 0.085  # students with at least one request
SECOND = 0.15  # of those, the share with a second one
SHOWCASE_STUDENTS = 4
ONE_DAY = dt.timedelta(days=1)
UTC = dt.UTC

TYPES = (
    (ACCESS, 35),
    (ERASURE, 20),
    (RECTIFICATION, 15),
    (OBJECTION, 10),
    (RESTRICTION, 8),
    (PORTABILITY, 12),
)
STATUSES = (
    (RECEIVED, 10),
    (IN_PROGRESS, 22),
    (WAITING, 8),
    (PROPOSED, 4),
    (DECIDED, 7),
    (CLOSED, 39),
    (WITHDRAWN, 10),
)
CHANNEL_WEIGHTS = ((PORTAL, 88), (EMAIL, 6), (LETTER, 4), (COUNTER, 2))
# How old a request is, in days before today: (first, last).
AGES = {
    "fresh": (2, 16),
    "soon": (24, 29),  # due within SOON_DAYS days
    "overdue": (34, 62),
    "extended": (35, 80),
    "recent": (8, 45),
    "past": (30, 700),
    "old": (770, 1100),  # closed more than two years ago: past its retention term
}
SITUATIONS = {
    RECEIVED: (("fresh", 70), ("soon", 15), ("overdue", 15)),
    IN_PROGRESS: (("fresh", 40), ("soon", 20), ("overdue", 15), ("extended", 25)),
    WAITING: (("recent", 90), ("extended", 10)),
    PROPOSED: (("fresh", 50), ("soon", 30), ("overdue", 20)),
    DECIDED: (("recent", 100),),
    CLOSED: (("past", 80), ("old", 20)),
    WITHDRAWN: (("past", 80), ("old", 20)),
}
OUTCOME_WEIGHTS = {
    ERASURE: ((GRANTED, 25), (PARTLY_GRANTED, 55), (REFUSED, 20)),
    OBJECTION: ((GRANTED, 40), (PARTLY_GRANTED, 20), (REFUSED, 40)),
}
DEFAULT_OUTCOMES = ((GRANTED, 60), (PARTLY_GRANTED, 20), (REFUSED, 20))
# The grounds a (partial) refusal of each type rests on, from the closed list.
GROUNDS_BY_TYPE = {
    ACCESS: ("art_15_4", "art_12_5"),
    RECTIFICATION: ("art_12_5", "art_11_2"),
    ERASURE: ("art_17_3_b", "art_17_3_e"),
    RESTRICTION: ("art_12_5", "art_11_2"),
    OBJECTION: ("art_21_1",),
    PORTABILITY: ("art_20_1", "art_12_5"),
}

# --- Texts (the student's language for what the student reads) -------------------------------

QUESTIONS = (
    Text(
        "Om je verzoek te behandelen moeten we zeker weten dat jij het bent. Welk privé "
        "e-mailadres gaf je op bij je aanmelding?",
        "To handle your request we must be sure it is you. Which private e-mail address did "
        "you give when you applied?",
    ),
    Text(
        "Over welke periode wil je je gegevens zien? Dan kunnen we gerichter zoeken.",
        "Which period would you like to see your data for? Then we can search more precisely.",
    ),
    Text(
        "Je verzoek noemt geen categorieën. Welke gegevens bedoel je precies?",
        "Your request names no categories. Which data do you mean exactly?",
    ),
)
ANSWERS = (
    Text(
        "Ik gebruikte mijn Gmail-adres, hetzelfde als in Studielink.",
        "I used my Gmail address, the same as in Studielink.",
    ),
    Text("Het gaat om de afgelopen twee studiejaren.", "It is about the last two academic years."),
    Text(
        "Alles wat niet wettelijk bewaard hoeft te worden.",
        "Everything the law does not require you to keep.",
    ),
)
DESK_MESSAGES = (
    Text(
        "We hebben je verzoek in behandeling genomen. Je hoort uiterlijk op de uiterste datum "
        "van ons.",
        "We have started on your request. You will hear from us by the due date at the latest.",
    ),
    Text(
        "We hebben de opleiding om de gegevens gevraagd en wachten op hun antwoord.",
        "We have asked the programme for the data and are waiting for their answer.",
    ),
)
STUDENT_MESSAGES = (
    Text("Is er al nieuws over mijn verzoek?", "Is there any news about my request?"),
    Text(
        "Ik ben de komende twee weken op reis; mail me gerust, ik lees het wel.",
        "I am travelling for the next two weeks; do write, I will read it.",
    ),
)
NOTES = (
    Text(
        "Identiteit gecontroleerd tegen Studielink: komt overeen.",
        "Identity checked against Studielink: it matches.",
    ),
    Text(
        "Opleiding gevraagd of er een examencommissiezaak loopt: nee.",
        "Asked the programme whether an examination board case is pending: no.",
    ),
    Text(
        "Let op: de student heeft ook een ander verzoek lopen; samen afhandelen.",
        "Note: the student has another request open; handle them together.",
    ),
    Text(
        "Overlegd met de FG: inschrijvingsgegevens vallen onder de bewaarplicht van de WHW.",
        "Discussed with the DPO: enrolment data falls under the WHW obligation to keep.",
    ),
)
SEND_BACK_REASONS = (
    Text(
        "De grond klopt niet: de bewaarplicht geldt voor de inschrijving, niet voor de "
        "contactgegevens. Graag opnieuw bekijken.",
        "The ground is wrong: the obligation to keep covers the enrolment, not the contact "
        "details. Please look again.",
    ),
)
EXTENSION_REASONS = (
    Text(
        "Je verzoek gaat over gegevens bij meerdere faculteiten; die verzamelen kost meer tijd.",
        "Your request concerns data held by several faculties; collecting it takes more time.",
    ),
    Text(
        "We moeten eerst de rechten van anderen in de stukken afwegen.",
        "We must first weigh the rights of others named in the documents.",
    ),
)
DECISIONS = {
    GRANTED: Text(
        "We hebben je verzoek toegewezen en voeren het uit; je krijgt bericht als het klaar is.",
        "We have granted your request and are carrying it out; you will hear when it is done.",
    ),
    PARTLY_GRANTED: Text(
        "We hebben je verzoek deels toegewezen. Voor de rest geldt de grond die hierbij staat.",
        "We have granted part of your request. For the rest, the ground shown here applies.",
    ),
    REFUSED: Text(
        "We hebben je verzoek afgewezen op de grond die hierbij staat. Je kunt een klacht "
        "indienen bij de Autoriteit Persoonsgegevens.",
        "We have refused your request on the ground shown here. You can complain to the "
        "Dutch Data Protection Authority.",
    ),
}
# A field the register lets a student correct -> (the value asked for, why).
RECTIFICATIONS = {
    "surname": (
        "Jansen-de Boer",
        Text(
            "Mijn achternaam is veranderd; de akte zit in de bijlage.",
            "My surname has changed; the certificate is attached.",
        ),
    ),
    "first_name": (
        "Sanne",
        Text("Mijn voornaam is verkeerd gespeld.", "My first name is misspelt."),
    ),
    "initials": (
        "S.M.",
        Text("Mijn tweede voorletter ontbreekt.", "My second initial is missing."),
    ),
    "prefix": (
        "van der",
        Text("Het tussenvoegsel is onvolledig.", "The surname prefix is incomplete."),
    ),
    "private_email": (
        "sanne.jansen@example.org",
        Text("Mijn oude adres bestaat niet meer.", "My old address no longer exists."),
    ),
    "phone": (
        "+31 6 2345 6789",
        Text("Ik heb een nieuw telefoonnummer.", "I have a new phone number."),
    ),
    "postal_address": (
        "Oude Markt 12\n7511 GB ENSCHEDE",
        Text("Ik ben verhuisd.", "I have moved."),
    ),
}
OBJECTION_REASONS = Text(
    "Ik wil niet dat mijn gegevens hiervoor worden gebruikt; ik heb daar persoonlijke redenen "
    "voor.",
    "I do not want my data used for this; I have personal reasons.",
)
RESTRICTION_EXPLANATION = Text(
    "Mijn adres klopt niet; gebruik het niet tot het is verbeterd.",
    "My address is wrong; do not use it until it has been corrected.",
)


def _pdf(title: str) -> bytes:
    """A small file that starts like a PDF (attachments are recognised by content)."""
    return b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Title (" + title.encode() + b") >> endobj\n"


# --- What a request is to become -----------------------------------------------------------


@dataclass(frozen=True)
class _Spec:
    """The story of one request: what it is and how far it gets."""

    request_type: str
    target: str  # the status it ends in
    situation: str  # how old it is: a key of AGES
    details: dict | None = None  # None: drawn
    channel: str = PORTAL
    handler: str | None = None  # the desk username who handles it; None: drawn
    outcome: str | None = None  # None: drawn
    extend: bool = False
    earlier_wait: bool = False  # asked and answered before the end
    notes: int = 0
    desk_message: bool = False
    student_message: bool = False
    attachment: bool = False  # a file sent with the request
    withdrawn_from: str = IN_PROGRESS  # for WITHDRAWN: how far it got first
    send_back: bool = False  # a proposal a colleague sent back before approving the next


# The fixed requests of the students people sign in with: (student index, story).
SHOWCASE = (
    (1, _Spec(ACCESS, WAITING, "recent", handler="desk", notes=1)),
    (
        1,
        _Spec(
            ERASURE,
            CLOSED,
            "past",
            details={"scope": "categories", "categories": ["contact", "guidance"]},
            handler="desk2",
            outcome=PARTLY_GRANTED,
            extend=True,
            notes=2,
            desk_message=True,
        ),
    ),
    (1, _Spec(OBJECTION, IN_PROGRESS, "soon", handler="desk", notes=1, student_message=True)),
    (
        0,
        _Spec(
            RECTIFICATION,
            PROPOSED,
            "fresh",
            details={"field": "surname"},
            handler="desk2",
            outcome=GRANTED,
            attachment=True,
        ),
    ),
    (0, _Spec(PORTABILITY, DECIDED, "recent", handler="desk", outcome=GRANTED)),
    (0, _Spec(ACCESS, RECEIVED, "overdue", channel=LETTER, handler="desk")),
    (2, _Spec(ERASURE, PROPOSED, "soon", details={"scope": "all"}, handler="desk")),
    (
        2,
        _Spec(RESTRICTION, WITHDRAWN, "past", handler="desk2", withdrawn_from=WAITING, notes=1),
    ),
    (2, _Spec(ACCESS, IN_PROGRESS, "extended", handler="desk2", extend=True, earlier_wait=True)),
    (3, _Spec(OBJECTION, CLOSED, "past", handler="desk", outcome=REFUSED, desk_message=True)),
    (
        3,
        _Spec(RECTIFICATION, CLOSED, "old", details={"field": "phone"}, outcome=GRANTED),
    ),
    (3, _Spec(PORTABILITY, RECEIVED, "fresh")),
)


def _weighted(rng: random.Random, options):
    values, weights = zip(*options, strict=True)
    return rng.choices(values, weights)[0]


def _draw_details(rng: random.Random, request_type: str, language: str) -> dict:
    """What a request of this type asks, from the choices the register offers."""
    if request_type == RECTIFICATION:
        name = rng.choice(sorted(RECTIFICATIONS))
        return {"field": name}
    if request_type == ERASURE:
        if rng.random() < 0.5:
            return {"scope": "all"}
        categories = request_details.erasure_categories()
        return {"scope": "categories", "categories": rng.sample(categories, rng.randint(1, 3))}
    if request_type == RESTRICTION:
        ground = rng.choice(sorted(RESTRICTION_GROUNDS))
        explanation = RESTRICTION_EXPLANATION.get(language) if rng.random() < 0.6 else ""
        return {"ground": ground, "explanation": explanation}
    if request_type == OBJECTION:
        allowed = [str(p) for p in request_details.objectable_purposes()]
        allowed.append(request_details.DIRECT_MARKETING)
        return {"purposes": rng.sample(allowed, rng.randint(1, 2))}
    return {}


def _complete(details: dict, request_type: str, language: str) -> dict:
    """The texts a form would have held, added to the chosen details; checked as filed."""
    full = dict(details)
    if request_type == RECTIFICATION:
        proposed, reason = RECTIFICATIONS[full["field"]]
        full.setdefault("proposed", proposed)
        full.setdefault("reason", reason.get(language))
    elif request_type == OBJECTION:
        full.setdefault("reasons", OBJECTION_REASONS.get(language))
    elif request_type == RESTRICTION:
        full.setdefault("ground", "a")
    return request_details.clean(request_type, full)


def _four_eyes(request_type: str, details: dict) -> bool:
    return request_details.needs_four_eyes(request_type, details)


def _random_spec(rng: random.Random, language: str) -> _Spec:
    request_type = _weighted(rng, TYPES)
    details = _draw_details(rng, request_type, language)
    target = _weighted(rng, STATUSES)
    four_eyes = _four_eyes(request_type, details)
    if target == PROPOSED and not four_eyes:
        target = IN_PROGRESS
    situation = _weighted(rng, SITUATIONS[target])
    outcome = _weighted(rng, OUTCOME_WEIGHTS.get(request_type, DEFAULT_OUTCOMES))
    withdrawn_from = _weighted(
        rng, ((RECEIVED, 30), (IN_PROGRESS, 40), (WAITING, 20), (PROPOSED, 10 if four_eyes else 0))
    )
    if PROPOSED in (target, withdrawn_from) and outcome == REFUSED:
        outcome = PARTLY_GRANTED  # a refusal needs no second desk member: never proposed
    steady = situation not in ("soon", "overdue")  # waiting would move those due dates
    return _Spec(
        request_type,
        target,
        situation,
        details=details,
        channel=_weighted(rng, CHANNEL_WEIGHTS),
        outcome=outcome,
        extend=situation == "extended" or (target in (CLOSED, DECIDED) and rng.random() < 0.08),
        earlier_wait=steady and rng.random() < 0.2,
        notes=_weighted(rng, ((0, 50), (1, 40), (2, 10))),
        desk_message=rng.random() < 0.2,
        student_message=rng.random() < 0.15,
        attachment=request_type == RECTIFICATION and four_eyes and rng.random() < 0.6,
        withdrawn_from=withdrawn_from,
        send_back=four_eyes and outcome != REFUSED and rng.random() < 0.1,
    )


def _received_on(rng: random.Random, situation: str, today: dt.date) -> dt.date:
    """A day of receipt ``situation`` days old; soon-due and overdue ones are made exact."""
    low, high = AGES[situation]
    age = rng.randint(low, high)

    def fits(days: int) -> bool:
        due = due_date(today - dt.timedelta(days=days))
        if situation == "soon":
            return today <= due <= today + dt.timedelta(days=SOON_DAYS)
        if situation == "overdue":
            return due < today
        return True

    for step in range(40):
        for days in (age + step, age - step):
            if days >= 2 and fits(days):
                return today - dt.timedelta(days=days)
    raise ValueError(f"no day of receipt fits {situation!r}")


# --- One request, step by step ---------------------------------------------------------------


class StepRefused(RuntimeError):
    """The demo asked for a step the operations would refuse: a bug in the generator."""


@dataclass
class _File:
    """One request as the operations leave it: the row, its timeline, messages and files."""

    rng: random.Random
    row: dict
    person_id: int
    restricted: bool = False
    clock: dt.datetime | None = None  # the last moment used, aware Amsterdam time
    events: list[dict] = field(default_factory=list)
    messages: list[dict] = field(default_factory=list)
    files: list[dict] = field(default_factory=list)

    # Moments: every step comes after the one before, on the day it is given.

    def moment(self, day: dt.date, *, student: bool = False) -> dt.datetime:
        """A naive UTC moment on the Amsterdam ``day``, after every earlier step."""
        first, last = (7 * 60, 22 * 60) if student else (8 * 60 + 30, 17 * 60)
        minute = self.rng.randint(first, last)
        local = dt.datetime.combine(day, dt.time(minute // 60, minute % 60), tzinfo=AMSTERDAM)
        if self.clock is not None:
            if day < self.clock.date():
                raise StepRefused("a step before the previous one")
            local = max(local, self.clock + dt.timedelta(minutes=self.rng.randint(2, 30)))
            if local.date() != day:
                raise StepRefused("too many steps on one day")
        self.clock = local
        return local.astimezone(UTC).replace(tzinfo=None)

    @property
    def status(self) -> str:
        return self.row["status"]

    def _event(self, kind: str, at: dt.datetime, actor: int | None, note: str | None = None):
        self.events.append(
            dict(
                request=self.row["id"],
                person=self.person_id,
                kind=kind,
                actor=actor,
                occurred_at=at,
                note=note,
            )
        )

    def _message(self, message_id: int, at, author, body, *, student=False, internal=False):
        self.messages.append(
            dict(
                id=message_id,
                request=self.row["id"],
                person=self.person_id,
                author=author,
                from_student=student,
                internal=internal,
                body=body,
                created_at=at,
            )
        )

    def attach(self, name: str, data: bytes, at: dt.datetime, message_id: int | None) -> None:
        self.files.append(
            dict(
                request=self.row["id"],
                person=self.person_id,
                message=message_id,
                file_name=name,
                content_type="application/pdf",
                size=len(data),
                data=data,
                created_at=at,
            )
        )

    def _require(self, *statuses: str) -> None:
        if self.status not in statuses:
            raise StepRefused(f"not allowed while {self.status}")

    def _set_due(self) -> None:
        self.row["due_on"] = due_date(
            self.row["received_on"],
            extended=self.row["extended"],
            days_waited=self.row["days_waited"],
        )

    def deadline(self, day: dt.date) -> Deadline:
        """As ``operations.deadline_of``: waiting so far included."""
        waited = self.row["days_waited"]
        if self.status == WAITING:
            waited += days_between(self.row["waiting_since"], day)
        return Deadline(self.row["received_on"], self.row["extended"], waited, day)

    # The steps, each as its operation does it.

    def assign(self, day: dt.date, assignee: int, actor: int) -> None:
        self._require(*OPEN_STATUSES)
        at = self.moment(day)
        self.row["assignee"] = assignee
        if self.status == RECEIVED:
            self.row["status"] = IN_PROGRESS
        self._event("assigned", at, actor)

    def ask(self, day: dt.date, actor: int, body: str, message_id: int) -> None:
        self._require(RECEIVED, IN_PROGRESS)
        at = self.moment(day)
        self.row["status"], self.row["waiting_since"] = WAITING, day
        self._message(message_id, at, actor, body)
        self._event("waiting", at, actor)

    def file(self, day: dt.date, actor: int | None, attachment: bytes | None) -> None:
        """Received through the portal (``actor`` None) or filed by the desk for the student."""
        at = self.moment(day, student=actor is None)
        self.row["received_at"] = at
        channel = self.row["channel"]
        self._event("received", at, actor, CHANNELS[channel].en if channel != PORTAL else None)
        if attachment:
            name = "bewijs.pdf" if self.row["language"] == "nl" else "proof.pdf"
            self.attach(name, attachment, at, None)

    def student_reply(self, day: dt.date, body: str, message_id: int) -> None:
        self._require(*OPEN_STATUSES)
        at = self.moment(day, student=True)
        self._message(message_id, at, None, body, student=True)
        if self.status == WAITING:
            self.row["days_waited"] += days_between(self.row["waiting_since"], day)
            self.row["status"], self.row["waiting_since"] = IN_PROGRESS, None
            self._set_due()
            self._event("answered", at, None)
        else:
            self._event("message", at, None)

    def desk_message(self, day: dt.date, actor: int, body: str, message_id: int, internal=False):
        at = self.moment(day)
        self._message(message_id, at, actor, body, internal=internal)
        if not internal:
            self._event("message", at, actor)

    def extend(self, day: dt.date, actor: int, reason: str) -> None:
        self._require(*OPEN_STATUSES)
        if self.row["extended"] or not self.deadline(day).may_extend:
            raise StepRefused("cannot extend")
        at = self.moment(day)
        self.row["extended"], self.row["extension_reason"] = True, reason
        self._set_due()
        self._event("extended", at, actor, reason)

    def decide(self, day: dt.date, outcome: str, ground: str | None, body: str, actor: int):
        self._require(RECEIVED, IN_PROGRESS)
        ground = ground if outcome != GRANTED else None
        if outcome != GRANTED and ground is None:
            raise StepRefused("a (partial) refusal needs a ground")
        at = self.moment(day)
        details = json.loads(self.row["details"])
        if outcome != REFUSED and _four_eyes(self.row["request_type"], details):
            self.row.update(
                status=PROPOSED,
                proposed_outcome=outcome,
                proposed_ground=ground,
                proposed_message=body,
                proposed_by=actor,
            )
            self._event("proposed", at, actor)
            return
        self._take_decision(at, outcome, ground, body, actor)

    def approve(self, day: dt.date, actor: int) -> None:
        self._require(PROPOSED)
        if self.row["proposed_by"] == actor:
            raise StepRefused("nobody approves their own proposal")
        at = self.moment(day)
        row = self.row
        self._take_decision(
            at, row["proposed_outcome"], row["proposed_ground"], row["proposed_message"], actor
        )

    def send_back(self, day: dt.date, actor: int, reason: str, message_id: int) -> None:
        self._require(PROPOSED)
        at = self.moment(day)
        self.row.update(
            status=IN_PROGRESS,
            proposed_outcome=None,
            proposed_ground=None,
            proposed_message=None,
            proposed_by=None,
        )
        self._message(message_id, at, actor, reason, internal=True)

    def _take_decision(self, at, outcome, ground, body, actor) -> None:
        self.row.update(
            status=DECIDED,
            outcome=outcome,
            ground=ground,
            decision_message=body,
            decided_by=actor,
            decided_at=at,
        )
        if self.row["request_type"] == RESTRICTION and outcome != REFUSED:
            self.restricted = True
        self._event("decided", at, actor, OUTCOMES[outcome].en)

    def close(self, day: dt.date, actor: int) -> None:
        self._require(DECIDED)
        at = self.moment(day)
        self.row["status"], self.row["closed_at"] = CLOSED, at
        self._event("closed", at, actor)

    def withdraw(self, day: dt.date) -> None:
        self._require(RECEIVED, IN_PROGRESS, WAITING, PROPOSED)
        at = self.moment(day, student=True)
        self.row["status"], self.row["closed_at"] = WITHDRAWN, at
        self._event("withdrawn", at, None)


# --- The whole set ---------------------------------------------------------------------------


class _Seeder:
    """Plays every request and hands its rows to the bulk writer."""

    def __init__(self, seed: int, today: dt.date, desks: dict[str, int]):
        self.seed, self.today, self.last = seed, today, today - ONE_DAY
        self.desks = desks  # username -> account id, in id order
        self.desk_ids = list(desks.values())
        self.next_request = (RightsRequest.select(fn.MAX(RightsRequest.id)).scalar() or 0) + 1
        self.next_message = (RequestMessage.select(fn.MAX(RequestMessage.id)).scalar() or 0) + 1
        self.references: set[str] = set()
        self.restricted: set[int] = set()
        order = (RightsRequest, RequestMessage, RequestEvent, RequestAttachment)
        self.writer = _BulkWriter(
            order, POSTGRES_MAX_PARAMS if is_postgres() else SQLITE_MAX_PARAMS
        )

    def _message_id(self) -> int:
        self.next_message += 1
        return self.next_message - 1

    def _reference(self, rng: random.Random, year: int) -> str:
        while True:
            code = "".join(rng.choice(REFERENCE_ALPHABET) for _ in range(6))
            reference = f"AVG-{year}-{code}"
            if reference not in self.references:
                self.references.add(reference)
                return reference

    def _later(self, rng: random.Random, day: dt.date, low: int, high: int) -> dt.date:
        """A day ``low``..``high`` days after ``day``, but never after yesterday."""
        return min(day + dt.timedelta(days=rng.randint(low, high)), max(day, self.last))

    def _handlers(self, rng: random.Random, spec: _Spec) -> tuple[int, int]:
        """The desk member who handles the request and a colleague (the second pair of eyes)."""
        handler = self.desks[spec.handler] if spec.handler else rng.choice(self.desk_ids)
        colleague = rng.choice([d for d in self.desk_ids if d != handler])
        return handler, colleague

    def play(self, rng: random.Random, person_id: int, language: str, spec: _Spec) -> _File:
        """File the request and take it to its target status; write its rows."""
        details = spec.details
        if details is None:
            details = _draw_details(rng, spec.request_type, language)
        details = _complete(details, spec.request_type, language)
        handler, colleague = self._handlers(rng, spec)
        received_on = _received_on(rng, spec.situation, self.today)
        portal = spec.channel == PORTAL
        # A letter or e-mail is filed by the desk a little later, dated the day it arrived.
        filed_on = received_on if portal else self._later(rng, received_on, 0, 2)
        row = self._new_row(rng, person_id, spec, details, language, received_on)
        f = _File(rng, row, person_id)
        f.file(filed_on, None if portal else handler, _pdf("proof") if spec.attachment else None)
        self._steps(f, rng, spec, handler, colleague, language, filed_on)
        self._write(f)
        return f

    def _new_row(self, rng, person_id, spec: _Spec, details, language, received_on) -> dict:
        request_id = self.next_request
        self.next_request += 1
        key = (
            base64.urlsafe_b64encode(rng.randbytes(24)).decode() if spec.channel == PORTAL else None
        )
        return dict(
            id=request_id,
            reference=self._reference(rng, received_on.year),
            person=person_id,
            request_type=spec.request_type,
            status=RECEIVED,
            channel=spec.channel,
            language=language,
            details=json.dumps(details, ensure_ascii=False),
            submission_key=key,
            received_at=None,
            received_on=received_on,
            due_on=due_date(received_on),
            extended=False,
            extension_reason=None,
            waiting_since=None,
            days_waited=0,
            assignee=None,
            proposed_outcome=None,
            proposed_ground=None,
            proposed_message=None,
            proposed_by=None,
            outcome=None,
            ground=None,
            decision_message=None,
            decided_at=None,
            decided_by=None,
            closed_at=None,
        )

    def _steps(self, f: _File, rng, spec: _Spec, handler, colleague, language, day) -> None:
        def say(texts) -> str:
            return rng.choice(texts).get(language)

        reach = spec.withdrawn_from if spec.target == WITHDRAWN else spec.target
        if reach != RECEIVED and not (reach == WAITING and not spec.handler and rng.random() < 0.2):
            day = self._later(rng, day, 0, 3)
            f.assign(day, handler, handler if rng.random() < 0.85 else colleague)
        if reach != RECEIVED:
            for _ in range(spec.notes):
                day = self._later(rng, day, 0, 4)
                # Internal notes are the desk's own: mostly Dutch.
                note = rng.choice(NOTES).get("en" if rng.random() < 0.2 else "nl")
                f.desk_message(day, handler, note, self._message_id(), internal=True)
            if spec.earlier_wait:
                day = self._later(rng, day, 0, 4)
                f.ask(day, handler, say(QUESTIONS), self._message_id())
                day = self._later(rng, day, 1, 8)
                f.student_reply(day, say(ANSWERS), self._message_id())
            if spec.extend:
                day = self._later(rng, day, 2, 10)
                day = min(day, f.deadline(day).original_due)
                f.extend(day, handler, say(EXTENSION_REASONS))
            if spec.desk_message:
                day = self._later(rng, day, 0, 5)
                f.desk_message(day, handler, say(DESK_MESSAGES), self._message_id())
        if spec.student_message:
            day = self._later(rng, day, 0, 5)
            f.student_reply(day, say(STUDENT_MESSAGES), self._message_id())
        outcome = spec.outcome or GRANTED
        ground = rng.choice(GROUNDS_BY_TYPE[spec.request_type])
        decision = DECISIONS[outcome].get(language)
        if reach == WAITING:
            day = self._later(rng, day, 0, 6)
            f.ask(day, handler, say(QUESTIONS), self._message_id())
        elif reach == PROPOSED:
            day = self._later(rng, day, 1, 6)
            f.decide(day, outcome, ground, decision, handler)
        elif reach in (DECIDED, CLOSED):
            day = self._later(rng, day, 2, 14)
            f.decide(day, outcome, ground, decision, handler)
            if f.status == PROPOSED and spec.send_back:
                day = self._later(rng, day, 0, 2)
                f.send_back(day, colleague, say(SEND_BACK_REASONS), self._message_id())
                day = self._later(rng, day, 0, 3)
                f.decide(day, outcome, ground, decision, handler)
            if f.status == PROPOSED:
                day = self._later(rng, day, 0, 3)
                f.approve(day, colleague)
            if reach == CLOSED:
                f.close(self._later(rng, day, 0, 12), handler)
        if spec.target == WITHDRAWN:
            f.withdraw(self._later(rng, day, 1, 10))
        if f.status != spec.target:
            raise StepRefused(f"ended {f.status}, meant {spec.target}")

    def _write(self, f: _File) -> None:
        if f.restricted:
            self.restricted.add(f.person_id)
        self.writer.add(RightsRequest, f.row)
        for model, rows in ((RequestMessage, f.messages), (RequestEvent, f.events)):
            for row in rows:
                self.writer.add(model, row)
        for row in f.files:
            self.writer.add(RequestAttachment, row)


def _language(rng: random.Random, nationality: str | None) -> str:
    if nationality == DUTCH_NATIONALITY:
        return "en" if rng.random() < 0.08 else "nl"
    return "en" if rng.random() < 0.85 else "nl"


def _desk_accounts() -> dict[str, int]:
    """Active privacy-desk accounts, username -> id; the demo's ``desk`` and ``desk2``."""
    return dict(
        Account.select(Account.username, Account.id)
        .where((Account.role == DESK) & Account.is_active)
        .order_by(Account.id)
        .tuples()
    )


def seed_requests(seed: int, today: dt.date, share: float = SHARE) -> dict[str, int]:
    """Give about ``share`` of the students rights requests; return the rows written per table.

    Does nothing (and returns zeros) when requests already exist, so it can run after every
    ``demo seed`` without doubling anything.

    :raise ValueError: with fewer than two active privacy-desk accounts (four eyes).
    """
    tables = (RightsRequest, RequestEvent, RequestMessage, RequestAttachment)
    if RightsRequest.select().exists():
        return {model._meta.table_name: 0 for model in tables}
    desks = _desk_accounts()
    if len(desks) < 2:
        raise ValueError("demo requests need two active privacy-desk accounts (four eyes)")
    persons = list(
        Person.select(Person.id, Person.student_number, Person.nationality)
        .order_by(Person.id)
        .tuples()
    )
    seeder = _Seeder(seed, today, desks)
    showcase = sorted(persons, key=lambda p: p[1])[:SHOWCASE_STUDENTS]
    with database.atomic():
        for index, (person_id, _, nationality) in enumerate(showcase):
            language = _language(random.Random(f"requests:{seed}:{person_id}"), nationality)
            for story, (who, spec) in enumerate(SHOWCASE):
                if who % len(showcase) == index:
                    rng = random.Random(f"requests:{seed}:showcase:{story}")
                    seeder.play(rng, person_id, language, spec)
        shown = {p[0] for p in showcase}
        for person_id, _, nationality in persons:
            if person_id in shown:
                continue
            rng = random.Random(f"requests:{seed}:{person_id}")
            if rng.random() >= share:
                continue
            language = _language(rng, nationality)
            for _ in range(2 if rng.random() < SECOND else 1):
                seeder.play(rng, person_id, language, _random_spec(rng, language))
        seeder.writer.flush_all()
        for ids in chunked(sorted(seeder.restricted), 500):
            Person.update(is_restricted=True).where(Person.id.in_(ids)).execute()
        if is_postgres() and seeder.writer.counts:
            for model in (RightsRequest, RequestMessage):
                table = model._meta.table_name
                # Ids were given explicitly, which PostgreSQL's sequence does not notice.
                database.execute_sql(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"COALESCE((SELECT MAX(id) FROM {table}), 1))"
                )
    counts: Counter = seeder.writer.counts
    return {model._meta.table_name: counts[model._meta.table_name] for model in tables}
