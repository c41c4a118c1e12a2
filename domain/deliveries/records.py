"""Running a planned delivery, and the record it leaves: deliveries, files, disclosures.

A run stores the plan as a ``Delivery`` with its files, and one ``Disclosure`` per person
naming the fields shared and holding the person's lines of the file. The file a
disclosure officer downloads is assembled from those lines; a file downloaded again later
leaves out whoever has withdrawn (or was restricted) since it was made (docs/decisions.md).
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from dataclasses import dataclass

from peewee import JOIN, IntegrityError, fn

from domain.audit import trail as audit
from domain.consent import ledger as consent
from domain.consent.parties import asks_consent
from domain.consent.vocabulary import PARTY_FIELDS
from domain.core.csv_safe import as_download, csv_line, csv_lines, made_safe
from domain.core.db import Prepared, insert_rows, is_postgres, writing
from domain.core.spreadsheet import XLSX_MIMETYPE, xlsx_from_csv
from domain.core.text import Text
from domain.deliveries.plans import Plan, objected
from domain.models import (
    Account,
    Delivery,
    DeliveryFile,
    Disclosure,
    ExternalParty,
    NoticeVersion,
    Person,
)
from domain.register import FIELDS

# Audit actions (domain.audit.trail): every staff run and every download of a file is recorded
# once per person it held.
RUN_ACTION = "run:delivery"
DOWNLOAD_ACTION = "download:delivery_file"

# Delivery fields a plan computes from enrolments and results rather than copying one
# register field: the register category they are made from.
DERIVED_CATEGORIES = {
    "faculty": "enrolment",
    "start_cohort": "enrolment",
    "last_enrolment_year": "enrolment",
    "first_year_programme": "enrolment",
    "first_year_ec": "results",
    "second_year_programme": "enrolment",
    "brin": "enrolment",
    "brin_location": "enrolment",
    "city": "enrolment",
    "croho": "enrolment",
    "student_type": "enrolment",
    "level": "enrolment",
    "year_of_study": "enrolment",
    "international": "identity",
}


def delivery_categories(field_keys) -> list[str]:
    """The register categories a delivery's fields come from, for its audit events.

    :raise KeyError: for a field that neither names a register field nor is derived.
    """
    categories = []
    for key in field_keys:
        source = PARTY_FIELDS[key].source
        if source is None:
            categories.append(DERIVED_CATEGORIES[key])
        else:
            model_name, name = source
            found = (f for f in FIELDS if f.model.__name__ == model_name and f.name == name)
            categories.append(next(found).category)
    return categories


class AlreadyMade(Exception):
    """The confirmation (its one-time run token) already made this delivery."""

    def __init__(self, delivery_id: int):
        super().__init__(delivery_id)
        self.delivery_id = delivery_id


def made_with(token: str) -> int | None:
    """The id of the delivery a confirmation's run token made, if any."""
    return Delivery.select(Delivery.id).where(Delivery.run_token == token).scalar()


def run(plan: Plan, run_by: Account | int | None, via: str, token: str | None = None) -> Delivery:
    """Store the planned delivery: the run, its files and a disclosure per person.

    A run by a staff account (``run_by``; the command line has none) also leaves one
    ``run:delivery`` audit event per delivered person, in the same transaction: no
    delivery without its audit trail. The persons come from the plan, not from a query.
    A plan with a ``guard`` (delivered once) is checked again under the party's lock, so
    two runs at the same moment cannot both deliver.

    A confirmed preview passes its one-time ``token``: one token makes at most one
    delivery, also when the same confirmation arrives twice at the same moment.

    :raise AlreadyMade: when the token already made a delivery (nothing is written).
    """
    if token is not None and (earlier := made_with(token)) is not None:
        raise AlreadyMade(earlier)
    try:
        return _run(plan, run_by, via, token)
    except IntegrityError:
        if token is None or (earlier := made_with(token)) is None:
            raise
        raise AlreadyMade(earlier) from None


def _run(plan: Plan, run_by, via: str, token: str | None) -> Delivery:
    fields_json = json.dumps(plan.fields)
    with writing():
        if plan.guard is not None:
            if is_postgres():
                (ExternalParty.select().where(ExternalParty.id == plan.party.id).for_update().get())
            plan.guard()
        delivery = Delivery.create(
            party=plan.party,
            notice_version=plan.version,
            reference_date=plan.reference_date,
            parameters=json.dumps({**plan.parameters, "via": via, "counts": plan.counts()}),
            run_by=run_by,
            person_count=plan.person_count,
            run_token=token,
        )
        header = csv_line(plan.header)
        for planned in plan.files:
            file = DeliveryFile.create(
                delivery=delivery,
                recipient=planned.recipient,
                file_name=planned.file_name,
                header=header,
                row_count=len(planned.rows),
                person_count=planned.person_count,
            )
            lines: dict[int, str] = {}
            made = csv_lines(cells for _, cells in planned.rows)
            for (person_id, _), line in zip(planned.rows, made, strict=True):
                lines[person_id] = lines.get(person_id, "") + line
            # The time as both backends store it (ISO text), made once instead of per row.
            stamp = str(delivery.run_at)
            batch = [
                (delivery.id, file.id, pid, fields_json, text, stamp) for pid, text in lines.items()
            ]
            insert_rows(
                Disclosure,
                [
                    Disclosure.delivery,
                    Disclosure.file,
                    Disclosure.person,
                    Disclosure.field_keys,
                    Disclosure.rows,
                    Disclosure.created_at,
                ],
                batch,
            )
        if plan.after is not None:
            plan.after(delivery)
        if run_by is not None:
            # audit.record needs only the account's id: no query to load the account.
            actor = run_by if isinstance(run_by, Account) else Account(id=run_by)
            audit.record(
                actor,
                RUN_ACTION,
                plan.person_ids,
                f"delivery {delivery.id} to {plan.party.key}, {len(plan.files)} file(s)",
                categories=delivery_categories(plan.fields),
            )
    return delivery


def same_as_before(plan: Plan, year_keys) -> list[Delivery]:
    """Earlier deliveries to the plan's party with its reference date and year(s).

    ``year_keys`` name the plan's year parameters (KIVI's exam year, the schools' cohort);
    a kind without one is compared on party and reference date. Oldest first.
    """
    same_day = (
        Delivery.select(Delivery.id, Delivery.run_at, Delivery.parameters)
        .where((Delivery.party == plan.party.id) & (Delivery.reference_date == plan.reference_date))
        .order_by(Delivery.run_at, Delivery.id)
    )
    wanted = {key: plan.parameters.get(key) for key in year_keys}
    return [
        d
        for d in same_day
        if all(d.parameter_values.get(key) == value for key, value in wanted.items())
    ]


def _may_hold_now(party: ExternalParty, fields):
    """Persons a file may hold now: consenting (unless the party receives data by legal
    obligation), not restricted, no upheld objection."""
    if not asks_consent(party.key):
        return Person.select(Person.id).where(
            ~Person.is_restricted & Person.id.not_in(objected(party.key))
        )
    return consent.consenting_now(party.id, fields).where(Person.id.not_in(objected(party.key)))


@dataclass
class FileView:
    file: DeliveryFile
    available: bool  # False once retention emptied its rows
    current_persons: int | None = None  # who a download holds now (see file_download)


def _runs():
    return (
        Delivery.select(Delivery, ExternalParty, NoticeVersion, Account)
        .join(ExternalParty)
        .switch(Delivery)
        .join(NoticeVersion)
        .switch(Delivery)
        .join(Account, JOIN.LEFT_OUTER)
    )


def deliveries(limit: int = 200) -> list[tuple[Delivery, list[FileView]]]:
    """The most recent deliveries with their files (3 queries)."""
    runs = list(_runs().order_by(Delivery.run_at.desc(), Delivery.id.desc()).limit(limit))
    files = _file_views(DeliveryFile.delivery.in_([d.id for d in runs]))
    grouped: dict[int, list[FileView]] = defaultdict(list)
    for view in files:
        grouped[view.file.delivery_id].append(view)
    return [(d, grouped[d.id]) for d in runs]


def _file_views(condition) -> list[FileView]:
    # Emptied by retention: no lines left. An erasure on request empties one person's lines,
    # and that person is left out of the file anyway (their consent was withdrawn).
    kept = Disclosure.select(Disclosure.file).where(Disclosure.rows.is_null(False)).distinct()
    query = (
        DeliveryFile.select(DeliveryFile, DeliveryFile.id.not_in(kept).alias("emptied"))
        .where(condition)
        .order_by(DeliveryFile.id)
    )
    return [FileView(f, not f.emptied) for f in query]


def delivery(delivery_id: int) -> tuple[Delivery, list[FileView]] | None:
    """One delivery with its files, each with how many persons a download holds now."""
    found = _runs().where(Delivery.id == delivery_id).first()
    if found is None:
        return None
    views = _file_views(DeliveryFile.delivery == delivery_id)
    consenting = _may_hold_now(found.party, found.notice_version.fields)
    current = dict(
        Disclosure.select(Disclosure.file, fn.COUNT(Disclosure.person.distinct()))
        .where((Disclosure.delivery == delivery_id) & Disclosure.person.in_(consenting))
        .group_by(Disclosure.file)
        .tuples()
    )
    for view in views:
        view.current_persons = current.get(view.file.id, 0)
    return found, views


@dataclass
class FileDownload:
    """A delivery file as the disclosure officer downloads it now, and who is in it."""

    file: DeliveryFile
    text: str | None  # the CSV text; None once retention emptied its rows
    person_ids: list[int]  # each person with lines in the file now, once, in file order
    withdrawn: int = 0  # persons left out: withdrawn or restricted since the file was made

    @property
    def audit_detail(self) -> str:
        return f"delivery {self.file.delivery_id}, file {self.file.id} ({self.file.file_name})"


def file_download(file_id: int) -> FileDownload | None:
    """The file as it may be shared now, or None if unknown (three queries).

    Whoever has withdrawn consent (or been restricted) since the file was made is left
    out of it: a file downloaded again may only hold persons whose consent still counts
    (GDPR art. 7(3); docs/decisions.md).
    """
    file = (
        DeliveryFile.select(DeliveryFile, Delivery, NoticeVersion, ExternalParty)
        .join(Delivery)
        .join(NoticeVersion)
        .switch(Delivery)
        .join(ExternalParty)
        .where(DeliveryFile.id == file_id)
        .first()
    )
    if file is None:
        return None
    consenting = _may_hold_now(file.delivery.party, file.delivery.notice_version.fields)
    lines = list(
        Disclosure.select(
            Disclosure.person, Disclosure.rows, Disclosure.person.in_(consenting).alias("counts")
        )
        .where(Disclosure.file == file_id)
        .order_by(Disclosure.id)
        .tuples()
    )
    everyone = dict.fromkeys(pid for pid, _, _ in lines)
    kept = [(pid, rows) for pid, rows, counts in lines if counts]
    persons = list(dict.fromkeys(pid for pid, _ in kept))
    withdrawn = len(everyone) - len(persons)
    emptied = bool(lines) and all(rows is None for _, rows, _ in lines)  # by retention
    if emptied or any(rows is None for _, rows in kept):
        return FileDownload(file, None, persons, withdrawn)
    return FileDownload(file, file.header + "".join(rows for _, rows in kept), persons, withdrawn)


def audit_download(found: FileDownload, actor: Account) -> int:
    """One audit event per person in the downloaded file, in one statement."""
    return audit.record(
        actor,
        DOWNLOAD_ACTION,
        found.person_ids,
        found.audit_detail,
        categories=delivery_categories(found.file.delivery.notice_version.fields),
    )


def file_content(file_id: int) -> tuple[str, str] | None:
    """The file's name and CSV text, or None if it is unknown or its rows were emptied."""
    found = file_download(file_id)
    if found is None or found.text is None:
        return None
    return found.file.file_name, found.text


def file_bytes(file_name: str, text: str, fmt: str) -> tuple[bytes, str]:
    """A delivery file's text as the bytes of a download in ``fmt``, with its media type.

    CSV: UTF-8 with a byte order mark, every cell made safe again (lines stored before
    the segment rule was added get it too). XLSX: one sheet, every cell as text.

    :raise ValueError: for a format other than ``csv`` and ``xlsx``.
    """
    if fmt == "csv":
        return as_download(made_safe(text)), "text/csv"
    if fmt == "xlsx":
        return xlsx_from_csv(text, file_name.rsplit(".", 1)[0]), XLSX_MIMETYPE
    raise ValueError(fmt)


@dataclass
class Disclosed:
    """What one delivery shared about the person: to whom, when, which fields."""

    recipient: str
    party_name: Text
    run_at: dt.datetime
    reference_date: dt.date
    fields: list[str]
    delete_on: dt.date | None = None  # the date agreed for deleting it (the NSE), if any


# The student's consent page asks this on every view: built once (see ``Prepared``).
_DISCLOSED = Prepared(
    lambda person_id: (
        Disclosure.select(
            Disclosure.field_keys,
            DeliveryFile.recipient,
            Delivery.run_at,
            Delivery.reference_date,
            Delivery.parameters,
            NoticeVersion.name_nl,
            NoticeVersion.name_en,
        )
        .join(DeliveryFile)
        .switch(Disclosure)
        .join(Delivery)
        .join(NoticeVersion)
        .where(Disclosure.person == person_id)
        .order_by(Delivery.run_at.desc(), Disclosure.id.desc())
        .dicts()
    ),
    person_id=int,
)


def disclosed_about(person_id: int) -> list[Disclosed]:
    """Every delivery that held the person, newest first (one query)."""
    query = _DISCLOSED.rows(person_id=person_id)
    return [
        Disclosed(
            r["recipient"],
            Text(r["name_nl"], r["name_en"]),
            r["run_at"],
            r["reference_date"],
            json.loads(r["field_keys"]),
            _delete_on(r["parameters"]),
        )
        for r in query
    ]


def _delete_on(parameters: str) -> dt.date | None:
    value = json.loads(parameters).get("delete_on")
    return dt.date.fromisoformat(value) if value else None
