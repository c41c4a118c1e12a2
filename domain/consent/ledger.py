"""The consent ledger: record choices, and derive the state on any day from the events.

Rules (seeds/ut-permission-portal.nl.txt; DOMAIN.md §3):

- Every choice is a new ``ConsentEvent``; nothing is updated. A person's state for a
  party is their last event, ordered by ``(occurred_at, id)``.
- No recorded choice counts as "no".
- Consent is given to one notice version. It covers a delivery only if that version
  listed every field the delivery shares; consent to an older version that lacked a
  field counts as "no" until the person consents again.
- A restricted person (GDPR Art. 18) is never delivered, whatever they chose.
- A reference date is a whole day in Europe/Amsterdam: a choice counts for it if it was
  made before the next local midnight.
- A delivery holds a person only if their consent counted on the reference date *and*
  still counts when the file is made (GDPR art. 7(3): a withdrawal stops processing at
  once). A later "yes" counts only from the next delivery on.

The state of all persons is computed in SQL (a window function ranking each person's
events), never with a loop over persons.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from peewee import SQL, Case, fn

from domain.consent.parties import asks_consent, covers, current_version, current_versions
from domain.consent.vocabulary import CHANNELS, DECISIONS, GIVEN, WITHDRAWN
from domain.core.clock import end_of_day
from domain.core.db import Prepared, is_postgres, utcnow, writing
from domain.models import ConsentEvent, ExternalParty, NoticeVersion, Person

LANGUAGES = ("nl", "en")
# Two events of one person and party never share a timestamp: a later one is at least
# this much after the earlier, so the order of the ledger is the order of the choices.
TICK = dt.timedelta(microseconds=1)


class NoticeChanged(Exception):
    """The person answered a notice version that is no longer the current one."""


# --- The state of everyone, in SQL -------------------------------------------------------


def _ranked(before: dt.datetime | None, party_id: int | None = None):
    """Every event (before ``before``, if given) ranked per (party, person), 1 being the last."""
    event = ConsentEvent
    rank = fn.ROW_NUMBER().over(
        partition_by=[event.party, event.person],
        order_by=[event.occurred_at.desc(), event.id.desc()],
    )
    query = event.select(
        event.party, event.person, event.decision, event.notice_version, rank.alias("rn")
    )
    if before is not None:
        query = query.where(event.occurred_at < before)
    if party_id is not None:
        query = query.where(event.party == party_id)
    return query


def covering_versions(party_id: int, fields=None) -> list[int]:
    """Ids of the party's versions whose consent covers ``fields`` (default: the current list)."""
    versions = list(
        NoticeVersion.select(NoticeVersion.id, NoticeVersion.version, NoticeVersion.field_keys)
        .where(NoticeVersion.party == party_id)
        .order_by(NoticeVersion.version)
    )
    if fields is None:
        fields = versions[-1].fields if versions else []
    return [v.id for v in versions if covers(v.fields, fields)]


def _last_choices(party_id: int, before: dt.datetime | None):
    """A query of each person's last event for the party (before ``before``, if given).

    An event is the last when no later one of the same person and party exists: an
    anti-join along the (party, person, occurred_at) index. Unlike a ranking window
    filtered on its rank, the database can estimate how many rows this keeps, so it
    plans the joins around it well (PostgreSQL misjudged the window by a factor of 400).
    """
    event, later = ConsentEvent, ConsentEvent.alias("later")
    newer = later.select(SQL("1")).where(
        (later.party == event.party)
        & (later.person == event.person)
        & (
            (later.occurred_at > event.occurred_at)
            | ((later.occurred_at == event.occurred_at) & (later.id > event.id))
        )
    )
    if before is not None:
        newer = newer.where(later.occurred_at < before)
    query = event.select(event.person).where((event.party == party_id) & ~fn.EXISTS(newer))
    if before is not None:
        query = query.where(event.occurred_at < before)
    return query


def _consented(party_id: int, versions: list[int], before: dt.datetime | None):
    """A query of the ids of persons whose last choice (before ``before``) is a covering yes.

    ``before=None`` is the state now: every choice recorded so far counts.
    """
    last = _last_choices(party_id, before)
    return Person.select(Person.id).where(
        Person.id.in_(
            last.where((ConsentEvent.decision == GIVEN) & ConsentEvent.notice_version.in_(versions))
        )
    )


def consenting_persons(
    party_id: int, day: dt.date, fields=None, *, include_restricted: bool = False
):
    """A query of the ids of persons whose consent counted on ``day`` for ``fields``.

    This is the state of the ledger on that day, for reports of the past. A delivery
    uses ``deliverable_persons``, which also leaves out whoever has withdrawn since.
    ``fields`` defaults to the party's current field list. Restricted persons are left
    out unless ``include_restricted`` (for counting them, never for delivering).
    """
    query = _consented(party_id, covering_versions(party_id, fields), end_of_day(day))
    if not include_restricted:
        query = query.where(~Person.is_restricted)
    return query


def deliverable_persons(
    party_id: int, day: dt.date, fields=None, *, include_restricted: bool = False
):
    """A query of the ids of persons a delivery for ``day`` may hold, decided now.

    Their consent counted on ``day`` and still counts at this moment: a withdrawal after
    the reference date leaves them out, a later grant does not add them.
    """
    versions = covering_versions(party_id, fields)
    query = Person.select(Person.id).where(
        Person.id.in_(_consented(party_id, versions, end_of_day(day)))
        & Person.id.in_(_consented(party_id, versions, None))
    )
    if not include_restricted:
        query = query.where(~Person.is_restricted)
    return query


def withdrawn_since(party_id: int, day: dt.date, fields=None):
    """A query of the ids of persons whose consent counted on ``day`` but no longer counts."""
    versions = covering_versions(party_id, fields)
    return Person.select(Person.id).where(
        Person.id.in_(_consented(party_id, versions, end_of_day(day)))
        & Person.id.not_in(_consented(party_id, versions, None))
    )


def counted_on_and_now(party_id: int, day: dt.date, fields=None):
    """Two queries of person ids: whose consent to ``fields`` counted on ``day``, and whose
    counts now (neither leaves out restricted persons).

    ``deliverable_persons`` is their intersection and ``withdrawn_since`` the first less
    the second; a plan that needs both asks for each person once, as two flags in one
    query, instead of evaluating the ledger four times.
    """
    versions = covering_versions(party_id, fields)
    return tuple(
        _last_choices(party_id, before).where(
            (ConsentEvent.decision == GIVEN) & ConsentEvent.notice_version.in_(versions)
        )
        for before in (end_of_day(day), None)
    )


def consenting_now(party_id: int, fields):
    """A query of the ids of persons who consent to ``fields`` now and are not restricted."""
    return _consented(party_id, covering_versions(party_id, fields), None).where(
        ~Person.is_restricted
    )


def consenting_ids(party_id: int, day: dt.date, fields=None) -> set[int]:
    """The ids of persons who may be delivered to the party for ``day``."""
    return {pid for (pid,) in consenting_persons(party_id, day, fields).tuples()}


@dataclass
class Summary:
    """How the persons stand towards one party on one day."""

    party: ExternalParty
    version: NoticeVersion
    consented: int = 0  # given to a covering version, not restricted: delivered
    restricted: int = 0  # consented, but restricted: never delivered
    outdated: int = 0  # given to a version that lacks current fields: counts as no
    withdrawn: int = 0
    no_choice: int = 0  # nothing recorded: counts as no

    @property
    def counted_as_no(self) -> int:
        return self.outdated + self.withdrawn + self.no_choice


def summary_on(day: dt.date) -> list[Summary]:
    """The state of every person towards every party on ``day``, as counts (4 queries)."""
    versions = current_versions()
    covering = []
    all_versions = list(
        NoticeVersion.select(NoticeVersion.id, NoticeVersion.party, NoticeVersion.field_keys)
    )
    for current in versions:
        covering += [
            v.id
            for v in all_versions
            if v.party_id == current.party_id and covers(v.fields, current.fields)
        ]
    ranked = _ranked(end_of_day(day)).alias("ranked")
    given = ranked.c.decision == GIVEN
    state = Case(
        None,
        [(given & ranked.c.notice_version_id.in_(covering), "yes"), (given, "outdated")],
        "withdrawn",
    )
    rows = (
        Person.select(ranked.c.party_id, state, Person.is_restricted, fn.COUNT(Person.id))
        .join(ranked, on=(ranked.c.person_id == Person.id))
        .where(ranked.c.rn == 1)
        .group_by(SQL("1"), SQL("2"), SQL("3"))
        .tuples()
    )
    persons = Person.select(fn.COUNT(Person.id)).scalar()
    by_party = {v.party_id: Summary(v.party, v, no_choice=persons) for v in versions}
    for party_id, kind, restricted, n in rows:
        summary = by_party[party_id]
        summary.no_choice -= n
        if kind == "yes":
            if restricted:
                summary.restricted += n
            else:
                summary.consented += n
        elif kind == "outdated":
            summary.outdated += n
        else:
            summary.withdrawn += n
    return list(by_party.values())


# --- One person --------------------------------------------------------------------------


@dataclass
class Choice:
    """One party on the person's consent page: its current notice and their last choice."""

    version: NoticeVersion  # the current version, with its party
    latest: ConsentEvent | None = None  # with its notice_version loaded

    @property
    def party(self) -> ExternalParty:
        return self.version.party

    @property
    def given(self) -> bool:
        return self.latest is not None and self.latest.decision == GIVEN

    @property
    def consented(self) -> bool:
        """Yes: the last choice was consent to a version covering the current fields."""
        return self.given and covers(self.latest.notice_version.fields, self.version.fields)

    @property
    def outdated(self) -> bool:
        """Consent to an older version that lacks fields the current version lists."""
        return self.given and not self.consented

    @property
    def new_fields(self) -> list[str]:
        if not self.outdated:
            return []
        old = set(self.latest.notice_version.fields)
        return [f for f in self.version.fields if f not in old]


@dataclass
class Overview:
    person: Person
    choices: list[Choice]
    history: list[ConsentEvent] = field(default_factory=list)  # newest first


# The student's consent page asks these on every view: built once (see ``Prepared``).
_HISTORY = Prepared(
    lambda person_id: (
        ConsentEvent.select(ConsentEvent, NoticeVersion, ExternalParty)
        .join(NoticeVersion)
        .switch(ConsentEvent)
        .join(ExternalParty)
        .where(ConsentEvent.person == person_id)
        .order_by(ConsentEvent.occurred_at.desc(), ConsentEvent.id.desc())
    ),
    person_id=int,
)
_PERSON = Prepared(lambda person_id: Person.select().where(Person.id == person_id), person_id=int)


def history(person_id: int) -> list[ConsentEvent]:
    """Every choice of the person, newest first, with notice version and party loaded."""
    return list(_HISTORY.rows(person_id=person_id))


def overview(person_id: int) -> Overview:
    """The person's choice per party and their history, in a fixed number of queries."""
    person = _PERSON.first(person_id=person_id)
    if person is None:
        raise Person.DoesNotExist(f"no person {person_id}")
    events = history(person_id)
    latest: dict[int, ConsentEvent] = {}
    for event in events:
        latest.setdefault(event.party_id, event)
    choices = [Choice(v, latest.get(v.party_id)) for v in current_versions()]
    return Overview(person, choices, events)


def choice_for(person_id: int, party_id: int) -> Choice:
    """The person's current choice about one party."""
    version = current_version(party_id)
    event = (
        ConsentEvent.select(ConsentEvent, NoticeVersion)
        .join(NoticeVersion)
        .where((ConsentEvent.person == person_id) & (ConsentEvent.party == party_id))
        .order_by(ConsentEvent.occurred_at.desc(), ConsentEvent.id.desc())
        .first()
    )
    return Choice(version, event)


@dataclass
class Recorded:
    event: ConsentEvent
    changed: bool  # False when the choice repeated the last one and nothing was written


def record_choice(
    person_id: int,
    party_id: int,
    decision: str,
    *,
    channel: str,
    language: str,
    actor_id: int | None,
    shown_version_id: int | None = None,
    now: dt.datetime | None = None,
) -> Recorded:
    """Append the person's choice about the party to the ledger.

    Consent is recorded against the current notice version; when the person saw another
    one (``shown_version_id``), it is refused, so nobody consents to a text they did not
    see. Withdrawal is always accepted. Repeating the last choice writes nothing.
    Concurrent choices of one person are serialised, and each is timestamped after the
    one before it, so the last to be recorded is the one that counts. An explicit ``now``
    (tests, imports of earlier choices) is stored as given.

    :raise ValueError: for an unknown decision, channel or language, or a party that
        receives data by legal obligation (no consent is asked for it).
    :raise NoticeChanged: when consenting to a version that is no longer current.
    """
    if decision not in DECISIONS or channel not in CHANNELS or language not in LANGUAGES:
        raise ValueError("decision, channel or language")
    with writing():
        lock = Person.select(Person.id).where(Person.id == person_id)
        (lock.for_update() if is_postgres() else lock).get()
        version = current_version(party_id)
        if not asks_consent(version.party.key):
            raise ValueError("a party that receives data by legal obligation asks no consent")
        if decision == GIVEN and shown_version_id is not None and shown_version_id != version.id:
            raise NoticeChanged(version.id)
        last = (
            ConsentEvent.select()
            .where((ConsentEvent.person == person_id) & (ConsentEvent.party == party_id))
            .order_by(ConsentEvent.occurred_at.desc(), ConsentEvent.id.desc())
            .first()
        )
        if (
            last
            and last.decision == decision
            and (decision == WITHDRAWN or last.notice_version_id == version.id)
        ):
            return Recorded(last, False)
        moment = now or utcnow()
        if now is None and last and moment <= last.occurred_at:
            # Clocks of two web servers may differ: keep the ledger in recording order.
            moment = last.occurred_at + TICK
        event = ConsentEvent.create(
            person=person_id,
            party=party_id,
            notice_version=version,
            decision=decision,
            occurred_at=moment,
            channel=channel,
            actor=actor_id,
            language=language,
        )
    return Recorded(event, True)
