"""What every delivery kind shares: the plan, its parameters, and the helpers that build it.

A delivery is first *planned* (the preview: every row and count, nothing written), then
*run* (``domain.deliveries.records``). Consent is judged by ``domain.consent.ledger`` on
the reference date, which must be a day that has ended in Amsterdam (a choice made later
that day would otherwise be missed), and again when the file is made: whoever withdrew
after the reference date is left out (GDPR art. 7(3)).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from peewee import fn

from domain.consent import ledger as consent
from domain.consent import parties
from domain.consent.vocabulary import PARTY_FIELDS
from domain.core import clock
from domain.core.text import Text
from domain.models import Disclosure, Enrolment, ExternalParty, NoticeVersion, Person, Programme
from domain.register import BY_MODEL
from domain.rights import objection

IN_CHUNKS = 5000  # ids per IN (...) list: far below every backend's parameter limit

# The kinds of parameter a delivery can ask for; the web form and the command line
# build their fields and options from these, never from the delivery's key.
YEAR = "year"  # a year (int): an exam year, a cohort
VISITORS = "visitors"  # an uploaded list of student numbers (domain.deliveries.visitors)
RERUN = "rerun"  # the reason to replace an earlier delivery (str or None)
DATE = "date"  # a calendar day (dt.date): the NSE's fixed deletion date


# The years a YEAR parameter accepts, on the form and on the command line alike.
YEAR_RANGE = (1900, 2999)


class DeliveryError(ValueError):
    """A delivery that cannot be made; ``code`` says why and ``details`` give numbers.

    ``field`` names the parameter at fault (or ``reference_date``), None for the form.
    """

    def __init__(self, code: str, field: str | None = None, **details):
        super().__init__(code)
        self.code = code
        self.field = field
        self.details = details


@dataclass(frozen=True)
class Param:
    """One parameter of a delivery kind: a form field and a command-line option."""

    name: str
    kind: str  # YEAR, VISITORS, RERUN or DATE
    label: Text
    hint: Text  # the form's hint; its English text is the command-line help
    # The value the form starts with on a given day (Amsterdam); None: the form starts empty.
    default: Callable[[dt.date], int] | None = None


# The reference date every kind is planned on: one definition for the form's field and
# the command line's ``--reference-date``. A kind without consent (the NSE) says what the
# day means for it instead (``Kind.reference_date``).
REFERENCE_DATE = Param(
    "reference_date",
    DATE,
    Text("Peildatum", "Reference date"),
    Text(
        "Toestemming wordt voor deze hele dag gecontroleerd (Amsterdamse tijd), YYYY-MM-DD. "
        "Het moet een dag zijn die voorbij is.",
        "Consent is checked for this whole day (Amsterdam time), YYYY-MM-DD. It must be a "
        "day that has ended.",
    ),
)


@dataclass(frozen=True)
class Kind:
    """One delivery kind: everything the web, the command line and the templates need.

    ``plan(reference_date=..., today=..., **values)`` takes one value per parameter.
    """

    key: str  # the party's key, the URL and the command name
    title: Text
    link: Text  # how the list of deliveries offers it
    # What it holds. Its timing is the party's frequency (the admin's to change), so it
    # is not repeated here.
    explanation: Text
    fields: tuple[str, ...]  # the fields it can produce, in file order
    params: tuple[Param, ...]
    plan: Callable[..., Plan]
    several_files: bool = False  # one file per recipient (the CLI writes a directory)
    extra_counts: tuple[tuple[str, Text], ...] = ()  # counts of its own, with labels
    # False: the party receives the data by legal obligation (the NSE), no consent asked.
    consent_based: bool = True
    reference_date: Param = REFERENCE_DATE

    def param(self, kind: str) -> Param | None:
        return next((p for p in self.params if p.kind == kind), None)


@dataclass
class FilePlan:
    recipient: str
    file_name: str
    rows: list[tuple[int, list]] = field(default_factory=list)  # (person id, cells)

    @property
    def person_count(self) -> int:
        return len({pid for pid, _ in self.rows})


@dataclass
class Plan:
    """Everything a delivery would hold, before anything is written."""

    party: ExternalParty
    version: NoticeVersion
    reference_date: dt.date
    parameters: dict
    files: list[FilePlan]
    candidates: int  # persons the delivery is about, consent aside
    restricted: int  # of them: consented, but restricted, so left out
    withdrawn: int  # of them: consented on the reference date, withdrawn since: left out
    extra: dict = field(default_factory=dict)  # delivery-specific counts (upload)
    visitors: object | None = None  # Bedrijvendagen: the list it was made for
    # Checked again in the run's transaction (a kind delivered once: not delivered since).
    guard: Callable[[], None] | None = None
    # Called with the stored Delivery in the run's transaction: records a kind keeps of
    # its own (the NSE: the e-mail addresses handed over, until their deletion date).
    after: Callable[[object], None] | None = None

    @property
    def fields(self) -> list[str]:
        return self.version.fields

    @property
    def header(self) -> list[str]:
        return [PARTY_FIELDS[f].column for f in self.fields]

    @property
    def person_ids(self) -> list[int]:
        """The delivered persons, each once, in file order."""
        return list(dict.fromkeys(pid for f in self.files for pid, _ in f.rows))

    @property
    def person_count(self) -> int:
        return len(self.person_ids)

    @property
    def not_consented(self) -> int:
        return self.candidates - self.person_count - self.restricted - self.withdrawn

    def counts(self) -> dict[str, int]:
        return {
            "candidates": self.candidates,
            "delivered": self.person_count,
            "not_consented": self.not_consented,
            "restricted": self.restricted,
            "withdrawn": self.withdrawn,
            "files": len(self.files),
            **self.extra,
        }


def check_reference_date(day: dt.date, today: dt.date | None = None) -> None:
    """:raise DeliveryError: ``reference_date`` unless ``day`` has ended in Amsterdam."""
    if day >= (today or clock.local_today()):
        raise DeliveryError("reference_date", "reference_date")


def party_and_version(key: str) -> tuple[ExternalParty, NoticeVersion]:
    """The party of a delivery kind and its current notice; :raise DeliveryError: ``no_party``."""
    party = parties.party_by_key(key)
    if party is None:
        raise DeliveryError("no_party")
    return party, parties.current_version(party.id)


def recipient(version: NoticeVersion) -> str:
    return version.name_nl


def _surname(row: dict, fields) -> str:
    """The surname, with its prefix unless the prefix is a field of its own."""
    if "prefix" in fields:
        return row["surname"]
    return " ".join(p for p in (row["prefix"], row["surname"]) if p)


# The person's own fields every kind can deliver, as ``person_values`` fills them.
PERSON_FIELDS = ("student_number", "initials", "first_name", "prefix", "surname",
                 "university_email")  # fmt: skip


def person_values(row: dict, fields) -> dict:
    """The person's own fields of a delivery, from a row of ``person_columns``."""
    return {
        "student_number": row["student_number"],
        "initials": row["initials"],
        "first_name": row["first_name"],
        "prefix": row["prefix"],
        "surname": _surname(row, fields),
        "university_email": row["university_email"],
    }


def objected(party_key: str):
    """A query of the persons whose upheld objection stops the purpose of the party's
    delivery (GDPR art. 21; the purpose is the register's, per party)."""
    purposes = [n for key, n in BY_MODEL[Disclosure].fields[0].party_purposes if key == party_key]
    return objection.objected_persons(purposes)


def deliverable(party: ExternalParty, day: dt.date, fields):
    """A query of the persons a delivery may hold: their consent counts (the ledger) and no
    upheld objection stops the delivery's purpose."""
    return consent.deliverable_persons(party.id, day, fields).where(
        Person.id.not_in(objected(party.key))
    )


def left_out(party: ExternalParty, day: dt.date, fields, candidates) -> tuple[int, int]:
    """Of the candidates: (consented but restricted or objected, consented on ``day`` but
    withdrawn since)."""
    consenting = consent.deliverable_persons(party.id, day, fields, include_restricted=True)
    stopped = Person.is_restricted | Person.id.in_(objected(party.key))
    restricted = (
        Person.select(fn.COUNT(Person.id))
        .where(stopped & Person.id.in_(candidates) & Person.id.in_(consenting))
        .scalar()
    )
    withdrawn = (
        Person.select(fn.COUNT(Person.id))
        .where(
            Person.id.in_(candidates)
            & Person.id.in_(consent.withdrawn_since(party.id, day, fields))
        )
        .scalar()
    )
    return restricted, withdrawn


def person_columns():
    return (
        Person.id.alias("person_id"),
        Person.student_number,
        Person.initials,
        Person.first_name,
        Person.prefix,
        Person.surname,
        Person.university_email,
    )


def ordering():
    return (Person.surname, Person.first_name, Person.id)


def chunks(values: list):
    for i in range(0, len(values), IN_CHUNKS):
        yield values[i : i + IN_CHUNKS]


def as_date(value):
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def enrolments_of(person_ids: list[int]) -> dict[int, list[dict]]:
    """Each person's enrolments with programme, oldest first (one query per chunk)."""
    found: dict[int, list[dict]] = defaultdict(list)
    for chunk in chunks(person_ids):
        query = (
            Enrolment.select(
                Enrolment.person.alias("person_id"),
                Enrolment.id,
                Enrolment.enrolment_type,
                Enrolment.start_date,
                Enrolment.end_date,
                Programme.name_nl,
                Programme.faculty,
                Programme.level,
            )
            .join(Programme)
            .where(Enrolment.person.in_(chunk))
            .order_by(Enrolment.person, Enrolment.start_date, Enrolment.id)
            .dicts()
        )
        for row in query:
            found[row["person_id"]].append(row)
    return found
