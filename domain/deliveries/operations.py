"""Deliveries to external parties, each holding only persons whose consent counts.

Three deliveries (seeds/ut-permission-portal.nl.txt):

- KIVI: everyone who passed a bachelor's or master's exam in a calendar year.
- Secondary schools: per school (BRIN), its former pupils of one first-year cohort, with
  the programme of year X, the EC earned in year X and the programme of year X+1.
- Bedrijvendagen: the visitors whose student numbers staff upload after the event.

A delivery is first *planned* (the preview: every row and count, nothing written), then
*run*: the plan is stored as a ``Delivery`` with its files, and one ``Disclosure`` per
person naming the fields shared and holding the person's lines of the file. The file a
disclosure officer downloads is assembled from those lines.

Consent is judged by ``domain.consent.ledger`` on the reference date, which must be a day that
has ended in Amsterdam (a choice made later that day would otherwise be missed), and
again when the file is made: whoever withdrew after the reference date is left out
(GDPR art. 7(3)). A file downloaded again later leaves out whoever has withdrawn (or was
restricted) since it was made; see docs/decisions.md.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from peewee import JOIN, fn

from domain.audit import trail as audit
from domain.consent import ledger as consent
from domain.consent.parties import BEDRIJVENDAGEN, KIVI, SCHOOLS, current_version, party_by_key
from domain.consent.vocabulary import NO_UT_ENROLMENT, PARTY_FIELDS
from domain.core import clock
from domain.core.academic_year import PASS_MARK, academic_year_of, academic_year_range
from domain.core.csv_safe import csv_line
from domain.core.db import database
from domain.core.text import Text
from domain.models import (
    Account,
    CourseResult,
    Degree,
    Delivery,
    DeliveryFile,
    Disclosure,
    Enrolment,
    ExternalParty,
    NoticeVersion,
    Person,
    Programme,
)
from domain.people.vocabulary import EXAM_TYPES, PROGRAMME_LEVELS

VISITORS_MAX_BYTES = 1024 * 1024
# Student numbers as printed on the card: "s" + 7 digits; the scanner may drop the "s".
STUDENT_NUMBER = re.compile(r"^[sS]?(\d{7})$")
HEADER_WORDS = {"studentnummer", "studentnr", "student number", "student_number",
                "studentnumber", "student"}
MAX_LISTED_LINES = 20
IN_CHUNKS = 5000  # ids per IN (...) list: far below every backend's parameter limit
# Audit actions (domain.audit.trail): every staff run and every download of a file is recorded
# once per person it held.
RUN_ACTION = "run:delivery"
DOWNLOAD_ACTION = "download:delivery_file"


class DeliveryError(ValueError):
    """A delivery that cannot be made; ``code`` says why and ``details`` give numbers."""

    def __init__(self, code: str, **details):
        super().__init__(code)
        self.code = code
        self.details = details


# --- Uploaded visitor lists ---------------------------------------------------------------

@dataclass(frozen=True)
class Visitors:
    """A parsed visitor list: unique normalised numbers, and counts only about the rest."""

    numbers: tuple[str, ...]
    lines: int        # lines holding a student number
    duplicates: int

    def as_text(self) -> str:
        return " ".join(self.numbers)


def parse_visitors(data: bytes, max_bytes: int = VISITORS_MAX_BYTES) -> Visitors:
    """Read a CSV or plain-text list of scanned student numbers, one per line.

    Tolerates a byte order mark, CRLF line ends, blank lines, spaces around a number, a
    lower- or upper-case ``s``, quotes and a trailing separator, and one header line.

    :raise DeliveryError: ``too_large``, ``not_text``, ``empty`` or ``invalid_lines``
        (with ``lines``: the line numbers, at most MAX_LISTED_LINES, and ``count``).
    """
    if len(data) > max_bytes:
        raise DeliveryError("too_large", limit=max_bytes)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DeliveryError("not_text") from None
    numbers: list[str] = []
    invalid: list[int] = []
    for number, line in enumerate(text.splitlines(), start=1):
        cell = line.strip().rstrip(",;").strip().strip('"').strip()
        if not cell:
            continue
        match = STUDENT_NUMBER.match(cell)
        if match:
            numbers.append("s" + match.group(1))
        elif not numbers and not invalid and cell.lower() in HEADER_WORDS:
            continue
        else:
            invalid.append(number)
    if invalid:
        raise DeliveryError("invalid_lines", lines=invalid[:MAX_LISTED_LINES], count=len(invalid))
    if not numbers:
        raise DeliveryError("empty")
    unique = tuple(dict.fromkeys(numbers))
    return Visitors(unique, len(numbers), len(numbers) - len(unique))


def visitors_from_text(numbers: str, lines: int, duplicates: int) -> Visitors:
    """Visitors carried from the preview to the run: the numbers are checked again.

    :raise DeliveryError: as ``parse_visitors``, or ``invalid_lines`` when the counts
        carried along do not fit the numbers.
    """
    # Normalised numbers take a byte more than bare digits: allow for it.
    parsed = parse_visitors("\n".join(numbers.split()).encode("utf-8"),
                            max_bytes=2 * VISITORS_MAX_BYTES)
    if duplicates < 0 or parsed.duplicates or lines != len(parsed.numbers) + duplicates:
        raise DeliveryError("invalid_lines", lines=[], count=0)
    return Visitors(parsed.numbers, lines, duplicates)


# --- Plans ---------------------------------------------------------------------------------

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
    candidates: int   # persons the delivery is about, consent aside
    restricted: int   # of them: consented, but restricted, so left out
    withdrawn: int    # of them: consented on the reference date, withdrawn since: left out
    extra: dict = field(default_factory=dict)  # delivery-specific counts (upload)
    visitors: Visitors | None = None           # Bedrijvendagen: the list it was made for

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
        return {"candidates": self.candidates, "delivered": self.person_count,
                "not_consented": self.not_consented, "restricted": self.restricted,
                "withdrawn": self.withdrawn, "files": len(self.files), **self.extra}


def check_reference_date(day: dt.date, today: dt.date | None = None) -> None:
    """:raise DeliveryError: ``reference_date`` unless ``day`` has ended in Amsterdam."""
    if day >= (today or clock.local_today()):
        raise DeliveryError("reference_date")


def _party(key: str) -> tuple[ExternalParty, NoticeVersion]:
    party = party_by_key(key)
    if party is None:
        raise DeliveryError("no_party")
    return party, current_version(party.id)


def _surname(row: dict, fields) -> str:
    """The surname, with its prefix unless the prefix is a field of its own."""
    if "prefix" in fields:
        return row["surname"]
    return " ".join(p for p in (row["prefix"], row["surname"]) if p)


def _person_values(row: dict, fields) -> dict:
    return {"student_number": row["student_number"], "initials": row["initials"],
            "first_name": row["first_name"], "prefix": row["prefix"],
            "surname": _surname(row, fields), "university_email": row["university_email"]}


def _left_out(party_id: int, day: dt.date, fields, candidates) -> tuple[int, int]:
    """Of the candidates: (consented but restricted, consented on ``day`` but withdrawn since)."""
    consenting = consent.deliverable_persons(party_id, day, fields, include_restricted=True)
    restricted = (Person.select(fn.COUNT(Person.id))
                  .where(Person.is_restricted & Person.id.in_(candidates)
                         & Person.id.in_(consenting))
                  .scalar())
    withdrawn = (Person.select(fn.COUNT(Person.id))
                 .where(Person.id.in_(candidates)
                        & Person.id.in_(consent.withdrawn_since(party_id, day, fields)))
                 .scalar())
    return restricted, withdrawn


def _person_columns():
    return (Person.id.alias("person_id"), Person.student_number, Person.initials,
            Person.first_name, Person.prefix, Person.surname, Person.university_email)


def _ordering():
    return (Person.surname, Person.first_name, Person.id)


def _chunks(values: list):
    for i in range(0, len(values), IN_CHUNKS):
        yield values[i:i + IN_CHUNKS]


def plan_kivi(year: int, reference_date: dt.date, today: dt.date | None = None) -> Plan:
    """Who passed a bachelor's or master's exam in ``year`` and consented: one row per exam."""
    check_reference_date(reference_date, today)
    party, version = _party(KIVI)
    fields = version.fields
    exams = ((Degree.exam_type.in_(("bachelor", "master")))
             & (Degree.exam_date >= dt.date(year, 1, 1))
             & (Degree.exam_date <= dt.date(year, 12, 31)))
    candidates = Degree.select(Degree.person).where(exams)
    consenting = consent.deliverable_persons(party.id, reference_date, fields)
    rows = (Degree.select(*_person_columns(), Degree.exam_type, Degree.exam_date,
                          Programme.name_nl, Programme.faculty)
            .join(Person).switch(Degree).join(Programme)
            .where(exams & Degree.person.in_(consenting))
            .order_by(*_ordering(), Degree.exam_date, Degree.id)
            .dicts())
    file = FilePlan(_recipient(version), f"kivi-{year}.csv")
    for row in rows:
        values = {**_person_values(row, fields), "faculty": row["faculty"],
                  "programme": row["name_nl"], "exam_type": EXAM_TYPES[row["exam_type"]].nl,
                  "exam_date": _as_date(row["exam_date"]).isoformat()}
        file.rows.append((row["person_id"], [values[f] for f in fields]))
    total = (Person.select(fn.COUNT(Person.id)).where(Person.id.in_(candidates)).scalar())
    return Plan(party, version, reference_date, {"year": year}, [file], total,
                *_left_out(party.id, reference_date, fields, candidates))


def _cohort(cohort: int):
    """Persons whose first bachelor's enrolment started in academic year ``cohort``."""
    first, last = academic_year_range(cohort)
    return (Enrolment.select(Enrolment.person)
            .where(Enrolment.enrolment_type == "bachelor")
            .group_by(Enrolment.person)
            .having((fn.MIN(Enrolment.start_date) >= first)
                    & (fn.MIN(Enrolment.start_date) <= last)))


def _overlaps(enrolment: dict, first: dt.date, last: dt.date) -> bool:
    start, end = _as_date(enrolment["start_date"]), _as_date(enrolment["end_date"])
    return start <= last and (end is None or end >= first)


def _as_date(value):
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def _enrolments_of(person_ids: list[int]) -> dict[int, list[dict]]:
    """Each person's enrolments with programme, oldest first (one query per chunk)."""
    found: dict[int, list[dict]] = defaultdict(list)
    for chunk in _chunks(person_ids):
        query = (Enrolment.select(Enrolment.person.alias("person_id"), Enrolment.id,
                                  Enrolment.enrolment_type, Enrolment.start_date,
                                  Enrolment.end_date, Programme.name_nl, Programme.faculty,
                                  Programme.level)
                 .join(Programme)
                 .where(Enrolment.person.in_(chunk))
                 .order_by(Enrolment.person, Enrolment.start_date, Enrolment.id)
                 .dicts())
        for row in query:
            found[row["person_id"]].append(row)
    return found


def _ec_text(total) -> str:
    value = Decimal(str(total or 0)).quantize(Decimal("0.1"))
    return f"{value.normalize():f}"


def plan_schools(cohort: int, reference_date: dt.date, today: dt.date | None = None) -> Plan:
    """One file per school (BRIN) with its former pupils of first-year cohort ``cohort``."""
    check_reference_date(reference_date, today)
    party, version = _party(SCHOOLS)
    fields = version.fields
    year_x, year_x1 = academic_year_range(cohort), academic_year_range(cohort + 1)
    candidates = (Person.select(Person.id)
                  .where(Person.id.in_(_cohort(cohort)) & Person.school_brin.is_null(False)))
    consenting = consent.deliverable_persons(party.id, reference_date, fields)
    persons = list(Person.select(*_person_columns(), Person.school_brin, Person.school_name)
                   .where(Person.id.in_(candidates) & Person.id.in_(consenting))
                   .order_by(Person.school_brin, *_ordering())
                   .dicts())
    ids = [p["person_id"] for p in persons]
    enrolments = _enrolments_of(ids)
    ec: dict[int, object] = {}
    for chunk in _chunks(ids):
        ec.update(CourseResult.select(CourseResult.person, fn.SUM(CourseResult.ec))
                  .where(CourseResult.person.in_(chunk) & (CourseResult.grade >= PASS_MARK)
                         & CourseResult.result_date.between(*year_x))
                  .group_by(CourseResult.person).tuples())
    files: dict[str, FilePlan] = {}
    for person in persons:
        brin = person["school_brin"]
        if brin not in files:
            files[brin] = FilePlan(f"{brin} {person['school_name'] or ''}".strip(),
                                   f"scholen-{cohort}-{_safe_name(brin)}.csv")
        own = enrolments.get(person["person_id"], [])
        first_year = [e for e in own if e["enrolment_type"] == "bachelor" and _overlaps(e, *year_x)]
        second_year = [e for e in own if _overlaps(e, *year_x1)]
        values = {**_person_values(person, fields),
                  "first_year_programme": first_year[0]["name_nl"] if first_year else "",
                  "first_year_ec": _ec_text(ec.get(person["person_id"])),
                  "second_year_programme": (second_year[-1]["name_nl"] if second_year
                                            else NO_UT_ENROLMENT)}
        files[brin].rows.append((person["person_id"], [values[f] for f in fields]))
    total = Person.select(fn.COUNT(Person.id)).where(Person.id.in_(candidates)).scalar()
    return Plan(party, version, reference_date, {"cohort": cohort}, list(files.values()), total,
                *_left_out(party.id, reference_date, fields, candidates))


def _safe_name(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]", "", text) or "school"


def plan_bedrijvendagen(visitors: Visitors, reference_date: dt.date,
                        today: dt.date | None = None) -> Plan:
    """The visitors on the uploaded list who consented, with the fields of the notice."""
    check_reference_date(reference_date, today)
    party, version = _party(BEDRIJVENDAGEN)
    fields = version.fields
    known: list[int] = []
    for chunk in _chunks(list(visitors.numbers)):
        known += [pid for (pid,) in Person.select(Person.id)
                  .where(Person.student_number.in_(chunk)).tuples()]
    consenting = consent.deliverable_persons(party.id, reference_date, fields)
    persons = []
    for chunk in _chunks(known):
        persons += list(Person.select(*_person_columns())
                        .where(Person.id.in_(chunk) & Person.id.in_(consenting)).dicts())
    persons.sort(key=lambda p: (p["surname"], p["first_name"], p["person_id"]))
    enrolments = _enrolments_of([p["person_id"] for p in persons])
    file = FilePlan(_recipient(version), f"bedrijvendagen-{reference_date.isoformat()}.csv")
    for person in persons:
        own = [e for e in enrolments.get(person["person_id"], [])
               if _as_date(e["start_date"]) <= reference_date]
        latest = max(own, key=lambda e: (_as_date(e["start_date"]), e["id"]), default=None)
        values = {**_person_values(person, fields),
                  "faculty": latest["faculty"] if latest else "",
                  "programme": latest["name_nl"] if latest else "",
                  "exam_type": PROGRAMME_LEVELS[latest["level"]].nl if latest else "",
                  "start_cohort": academic_year_of(_as_date(own[0]["start_date"])) if own else "",
                  "last_enrolment_year": _last_year(own, reference_date)}
        file.rows.append((person["person_id"], [values[f] for f in fields]))
    restricted = withdrawn = 0
    for chunk in _chunks(known):
        left_out = _left_out(party.id, reference_date, fields, chunk)
        restricted, withdrawn = restricted + left_out[0], withdrawn + left_out[1]
    extra = {"lines": visitors.lines, "visitors": len(visitors.numbers),
             "duplicates": visitors.duplicates, "unknown": len(visitors.numbers) - len(known)}
    return Plan(party, version, reference_date, {"visitors": len(visitors.numbers)}, [file],
                len(known), restricted, withdrawn, extra, visitors)


def _last_year(enrolments: list[dict], reference_date: dt.date) -> str:
    """The last academic year (as "2024-2025") the person was enrolled in, up to the date."""
    years = [academic_year_of(min(_as_date(e["end_date"]) or reference_date, reference_date))
             for e in enrolments]
    if not years:
        return ""
    year = max(years)
    return f"{year}-{year + 1}"


def _recipient(version: NoticeVersion) -> str:
    return version.name_nl


# --- Running, files and the record -------------------------------------------------------

def run(plan: Plan, run_by: Account | int | None, via: str) -> Delivery:
    """Store the planned delivery: the run, its files and a disclosure per person.

    A run by a staff account (``run_by``; the command line has none) also leaves one
    ``run:delivery`` audit event per delivered person, in the same transaction: no
    delivery without its audit trail. The persons come from the plan, not from a query.
    """
    fields_json = json.dumps(plan.fields)
    with database.atomic():
        delivery = Delivery.create(
            party=plan.party, notice_version=plan.version, reference_date=plan.reference_date,
            parameters=json.dumps({**plan.parameters, "via": via, "counts": plan.counts()}),
            run_by=run_by, person_count=plan.person_count)
        header = csv_line(plan.header)
        for planned in plan.files:
            file = DeliveryFile.create(delivery=delivery, recipient=planned.recipient,
                                       file_name=planned.file_name, header=header,
                                       row_count=len(planned.rows),
                                       person_count=planned.person_count)
            lines: dict[int, str] = {}
            for person_id, cells in planned.rows:
                lines[person_id] = lines.get(person_id, "") + csv_line(cells)
            stamp = delivery.run_at
            batch = [(delivery.id, file.id, pid, fields_json, text, stamp)
                     for pid, text in lines.items()]
            for chunk in _chunks(batch):
                Disclosure.insert_many(chunk, fields=[
                    Disclosure.delivery, Disclosure.file, Disclosure.person,
                    Disclosure.field_keys, Disclosure.rows, Disclosure.created_at]).execute()
        if run_by is not None:
            # audit.record needs only the account's id: no query to load the account.
            actor = run_by if isinstance(run_by, Account) else Account(id=run_by)
            audit.record(actor, RUN_ACTION, plan.person_ids,
                         f"delivery {delivery.id} to {plan.party.key}, "
                         f"{len(plan.files)} file(s)")
    return delivery


@dataclass
class FileView:
    file: DeliveryFile
    available: bool       # False once retention emptied its rows
    current_persons: int | None = None  # who a download holds now (see file_download)


def deliveries(limit: int = 200) -> list[tuple[Delivery, list[FileView]]]:
    """The most recent deliveries with their files (3 queries)."""
    runs = list(Delivery.select(Delivery, ExternalParty, NoticeVersion, Account)
                .join(ExternalParty).switch(Delivery).join(NoticeVersion)
                .switch(Delivery).join(Account, JOIN.LEFT_OUTER)
                .order_by(Delivery.run_at.desc(), Delivery.id.desc())
                .limit(limit))
    files = _file_views(DeliveryFile.delivery.in_([d.id for d in runs]))
    grouped: dict[int, list[FileView]] = defaultdict(list)
    for view in files:
        grouped[view.file.delivery_id].append(view)
    return [(d, grouped[d.id]) for d in runs]


def _file_views(condition) -> list[FileView]:
    emptied = (Disclosure.select(Disclosure.file).where(Disclosure.rows.is_null())
               .distinct())
    query = (DeliveryFile.select(DeliveryFile, DeliveryFile.id.in_(emptied).alias("emptied"))
             .where(condition).order_by(DeliveryFile.id))
    return [FileView(f, not f.emptied) for f in query]


def delivery(delivery_id: int) -> tuple[Delivery, list[FileView]] | None:
    """One delivery with its files, each with how many persons a download holds now."""
    found = (Delivery.select(Delivery, ExternalParty, NoticeVersion, Account)
             .join(ExternalParty).switch(Delivery).join(NoticeVersion)
             .switch(Delivery).join(Account, JOIN.LEFT_OUTER)
             .where(Delivery.id == delivery_id).first())
    if found is None:
        return None
    views = _file_views(DeliveryFile.delivery == delivery_id)
    consenting = consent.consenting_now(found.party_id, found.notice_version.fields)
    current = dict(Disclosure.select(Disclosure.file, fn.COUNT(Disclosure.person.distinct()))
                   .where((Disclosure.delivery == delivery_id)
                          & Disclosure.person.in_(consenting))
                   .group_by(Disclosure.file).tuples())
    for view in views:
        view.current_persons = current.get(view.file.id, 0)
    return found, views


@dataclass
class FileDownload:
    """A delivery file as the disclosure officer downloads it now, and who is in it."""

    file: DeliveryFile
    text: str | None       # the CSV text; None once retention emptied its rows
    person_ids: list[int]  # each person with lines in the file now, once, in file order
    withdrawn: int = 0     # persons left out: withdrawn or restricted since the file was made

    @property
    def audit_detail(self) -> str:
        return (f"delivery {self.file.delivery_id}, file {self.file.id} "
                f"({self.file.file_name})")


def file_download(file_id: int) -> FileDownload | None:
    """The file as it may be shared now, or None if unknown (three queries).

    Whoever has withdrawn consent (or been restricted) since the file was made is left
    out of it: a file downloaded again may only hold persons whose consent still counts
    (GDPR art. 7(3); docs/decisions.md).
    """
    file = (DeliveryFile.select(DeliveryFile, Delivery, NoticeVersion)
            .join(Delivery).join(NoticeVersion)
            .where(DeliveryFile.id == file_id).first())
    if file is None:
        return None
    consenting = consent.consenting_now(file.delivery.party_id,
                                        file.delivery.notice_version.fields)
    lines = list(Disclosure.select(Disclosure.person, Disclosure.rows,
                                   Disclosure.person.in_(consenting).alias("counts"))
                 .where(Disclosure.file == file_id).order_by(Disclosure.id).tuples())
    everyone = dict.fromkeys(pid for pid, _, _ in lines)
    kept = [(pid, rows) for pid, rows, counts in lines if counts]
    persons = list(dict.fromkeys(pid for pid, _ in kept))
    withdrawn = len(everyone) - len(persons)
    if any(rows is None for _, rows, _ in lines):
        return FileDownload(file, None, persons, withdrawn)
    return FileDownload(file, file.header + "".join(rows for _, rows in kept), persons,
                        withdrawn)


def file_content(file_id: int) -> tuple[str, str] | None:
    """The file's name and CSV text, or None if it is unknown or its rows were emptied."""
    found = file_download(file_id)
    if found is None or found.text is None:
        return None
    return found.file.file_name, found.text


@dataclass
class Disclosed:
    """What one delivery shared about the person: to whom, when, which fields."""

    recipient: str
    party_name: Text
    run_at: dt.datetime
    reference_date: dt.date
    fields: list[str]


def disclosed_about(person_id: int) -> list[Disclosed]:
    """Every delivery that held the person, newest first (one query)."""
    query = (Disclosure.select(Disclosure.field_keys, DeliveryFile.recipient, Delivery.run_at,
                               Delivery.reference_date, NoticeVersion.name_nl,
                               NoticeVersion.name_en)
             .join(DeliveryFile).switch(Disclosure).join(Delivery).join(NoticeVersion)
             .where(Disclosure.person == person_id)
             .order_by(Delivery.run_at.desc(), Disclosure.id.desc())
             .dicts())
    return [Disclosed(r["recipient"], Text(r["name_nl"], r["name_en"]), r["run_at"],
                      r["reference_date"], json.loads(r["field_keys"])) for r in query]
