"""Importing the NSE's link file (koppelbestand) and its support-needs file (issue 13 §2).

Only students who consented at the end of the questionnaire are in the link file; the
block "Studeren met een ondersteuningsbehoefte" comes as a separate file, with its own
explicit consent (GDPR art. 9(2)(a)), and is stored apart (``SUPPORT``). Both files have
the same layout: a CSV in UTF-8 with the header line ``respondent,email,question,score``
(comma or semicolon separated), one answer a line:

- ``respondent``: the organiser's respondent key (letters, digits, ``-`` and ``_``, at most
  64 characters); every line of one respondent carries the same e-mail address;
- ``email``: the e-mail address the student was invited at (as handed over);
- ``question``: the question's code (letters, digits, ``.``, ``-`` and ``_``, at most 50);
- ``score``: the answer, a whole number from 1 to 5.

A row is linked only through the portal's own copy of the hand-over (``SurveyHandover``
of the same survey): never through any other address, so nothing is guessed. A row
whose address was never handed over is counted as *unknown*; one whose copy is past its
deletion date (or was already removed by the retention worker, after the survey's
deletion date) as *deleted*; a second answer to the same question by the same respondent,
a second respondent key for one address, or a second respondent linked to the same
student (invited at both addresses) as a *duplicate*. None of those is stored.

A malformed line refuses the whole file: the lines are named by number and nothing is
stored. A file is read whole and checked line by line before one transaction replaces
the survey's earlier import of the same kind.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field

from peewee import fn

from domain.audit import trail
from domain.consent.parties import NSE
from domain.core import clock
from domain.core.db import database, insert_rows, writing
from domain.deliveries.nse import survey_name
from domain.models import Account, Delivery, ExternalParty, Person, SurveyHandover
from domain.surveys.models import SurveyLinkedAnswer, SurveySupportAnswer
from domain.surveys.results import MAX_LISTED, MIN_GROUP

LINKED = "linked"
SUPPORT = "support"
MODELS = {LINKED: SurveyLinkedAnswer, SUPPORT: SurveySupportAnswer}

HEADER = ("respondent", "email", "question", "score")
MAX_BYTES = 16 * 1024 * 1024  # a 100,000-line file is about 5 MB
RESPONDENT = re.compile(r"[A-Za-z0-9_-]{1,64}")
QUESTION = re.compile(r"[A-Za-z0-9_.-]{1,50}")
SCORES = frozenset("12345")


class LinkFileError(ValueError):
    """A refused file: ``code`` says why; ``lines`` are (line number, reason code), the
    first ``MAX_LISTED`` of ``count``. Reasons: ``columns``, ``respondent``, ``email``,
    ``question``, ``score``."""

    def __init__(self, code: str, lines: list[tuple[int, str]] | None = None, count: int = 0):
        super().__init__(code)
        self.code = code
        self.lines = lines or []
        self.count = count


@dataclass
class ImportCounts:
    """What an import did with each row of the file."""

    rows: int = 0
    linked: int = 0
    unknown: int = 0
    deleted: int = 0
    duplicate: int = 0
    persons: int = 0
    replaced: int = 0


@dataclass
class ParsedFile:
    """The valid rows of a file: (line, respondent, e-mail in lower case, question, score)."""

    rows: list[tuple[int, str, str, str, int]] = field(default_factory=list)


def parse_link_file(data: bytes, max_bytes: int = MAX_BYTES) -> ParsedFile:
    """Check the file line by line; :raise LinkFileError: ``too_large``, ``not_text``,
    ``header``, ``empty`` or ``invalid_lines``."""
    if len(data) > max_bytes:
        raise LinkFileError("too_large")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise LinkFileError("not_text") from None
    first = text[: text.find("\n")] if "\n" in text else text
    if not first.strip():
        raise LinkFileError("empty")
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = tuple(c.strip().lower() for c in next(reader, ()))
    if header != HEADER:
        raise LinkFileError("header")
    parsed = ParsedFile()
    invalid: list[tuple[int, str]] = []
    count = 0
    for number, row in _records(reader):
        if row is None:  # a line the CSV reader itself cannot read: the rest neither
            count += 1
            invalid.append((number, "columns"))
            break
        if len(row) != 4:
            if any(c.strip() for c in row):
                count += 1
                if len(invalid) < MAX_LISTED:
                    invalid.append((number, "columns"))
            continue
        respondent, email, question, score = (c.strip() for c in row)
        reason = None
        if not RESPONDENT.fullmatch(respondent):
            reason = "respondent"
        elif not _is_address(email):
            reason = "email"
        elif not QUESTION.fullmatch(question):
            reason = "question"
        elif score not in SCORES:
            reason = "score"
        if reason:
            count += 1
            if len(invalid) < MAX_LISTED:
                invalid.append((number, reason))
            continue
        parsed.rows.append((number, respondent, email.lower(), question, int(score)))
    if count:
        raise LinkFileError("invalid_lines", invalid, count)
    if not parsed.rows:
        raise LinkFileError("empty")
    return parsed


def _records(reader):
    """(line number, cells) per record; (line number, None) once the reader fails (a
    field over the csv module's size limit, a NUL byte), after which it stops."""
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error:
            yield reader.line_num, None
            return
        yield reader.line_num, row


def _is_address(email: str) -> bool:
    """One ``@`` between a local part and a domain with a dot; no spaces; at most 200."""
    local, _, domain = email.partition("@")
    return (
        bool(local)
        and "." in domain.strip(".")
        and "@" not in domain
        and " " not in email
        and len(email) <= 200
    )


def _handed_over(name: str, today: dt.date) -> dict[str, tuple[int, bool]]:
    """Each address of the survey's hand-over copy (lower case): its person, and whether
    its deletion date has come (one query, read without building a row object each)."""
    query = SurveyHandover.select(
        fn.LOWER(SurveyHandover.email_address),
        SurveyHandover.person,
        SurveyHandover.delete_on <= today,
    ).where((SurveyHandover.survey_name == name) & SurveyHandover.person.is_null(False))
    return {email: (person_id, bool(gone)) for email, person_id, gone in database.execute(query)}


def survey_deleted_on(year: int) -> dt.date | None:
    """The latest deletion date entered with the year's NSE hand-overs, if any (one query)."""
    query = Delivery.select(Delivery.parameters).join(ExternalParty).where(ExternalParty.key == NSE)
    found = [
        dt.date.fromisoformat(values["delete_on"])
        for values in (d.parameter_values for d in query)
        if values.get("year") == year and values.get("delete_on")
    ]
    return max(found) if found else None


def link(year: int, parsed: ParsedFile, today: dt.date) -> tuple[list[tuple], ImportCounts]:
    """Link each row through the hand-over copy: the rows to store, and the counts."""
    name = survey_name(year)
    copies = _handed_over(name, today)
    ended = survey_deleted_on(year)
    copy_removed = ended is not None and ended <= today
    respondent_of: dict[str, str] = {}  # e-mail -> the first respondent key seen with it
    answered_as: dict[int, str] = {}  # person -> the respondent key linked to them
    seen: set[tuple[str, str]] = set()
    rows: list[tuple] = []
    unknown = deleted = duplicate = 0
    for _line, respondent, email, question, score in parsed.rows:
        if (
            respondent_of.setdefault(email, respondent) != respondent
            or (
                respondent,
                question,
            )
            in seen
        ):
            duplicate += 1
            continue
        seen.add((respondent, question))
        copy = copies.get(email)
        if copy is None:
            if copy_removed:
                deleted += 1
            else:
                unknown += 1
            continue
        person_id, gone = copy
        if gone:
            deleted += 1
        elif answered_as.setdefault(person_id, respondent) != respondent:
            # Invited at two addresses and answered at both: which one counts is not ours
            # to guess.
            duplicate += 1
        else:
            rows.append((person_id, name, respondent, question, score, today))
    counts = ImportCounts(
        rows=len(parsed.rows),
        linked=len(rows),
        unknown=unknown,
        deleted=deleted,
        duplicate=duplicate,
        persons=len(answered_as),
    )
    return rows, counts


def import_file(
    kind: str,
    year: int,
    data: bytes,
    today: dt.date | None = None,
    max_bytes: int = MAX_BYTES,
    imported_by: int | None = None,
) -> ImportCounts:
    """Check, link and store a link file (``LINKED``) or support-needs file (``SUPPORT``).

    One transaction replaces the survey's earlier import of the same kind; a refused file
    (:raise LinkFileError:) stores nothing and removes nothing. An import by a staff
    account (``imported_by``; the command line has none) leaves one audit event per
    linked person, in the same transaction, as a delivery does.
    """
    model = MODELS[kind]
    today = today or clock.local_today()
    parsed = parse_link_file(data, max_bytes)
    with writing():
        rows, counts = link(year, parsed, today)
        counts.replaced = (
            model.delete().where(model.survey_name == survey_name(year)).execute() or 0
        )
        columns = [
            model.person,
            model.survey_name,
            model.respondent_key,
            model.question,
            model.score,
            model.imported_on,
        ]
        insert_rows(model, columns, rows)
        if imported_by is not None and rows:
            persons = sorted({row[0] for row in rows})
            trail.record(Account(id=imported_by), "import:survey_answers", persons, kind)
    return counts


# --- Aggregates: never a group under MIN_GROUP ------------------------------------------------


@dataclass(frozen=True)
class QuestionSummary:
    question: str
    respondents: int
    mean: float | None  # None: fewer than MIN_GROUP respondents, suppressed


def summary(year: int, kind: str = LINKED) -> list[QuestionSummary]:
    """Per question: the number of linked respondents and their mean answer, suppressed
    (no mean, and the number only as "fewer than 5") under ``MIN_GROUP`` (one query).

    Students whose processing is restricted (GDPR art. 18) are left out: their answers are
    kept, but not used, also not in statistics."""
    model = MODELS[kind]
    query = (
        model.select(model.question, fn.COUNT(fn.DISTINCT(model.person)), fn.AVG(model.score))
        .join(Person)
        .where((model.survey_name == survey_name(year)) & ~Person.is_restricted)
        .group_by(model.question)
        .order_by(model.question)
        .tuples()
    )
    return [
        QuestionSummary(q, n, round(float(mean), 2) if n >= MIN_GROUP else None)
        for q, n, mean in query
    ]


def imported_years(kind: str = LINKED) -> list[int]:
    """The years of which answers of ``kind`` are stored, newest first."""
    model = MODELS[kind]
    names = [n for (n,) in model.select(model.survey_name).distinct().tuples()]
    years = [int(n.rsplit(" ", 1)[-1]) for n in names if n.rsplit(" ", 1)[-1].isdigit()]
    return sorted(years, reverse=True)
