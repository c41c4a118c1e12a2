"""Uploading and showing the NSE's anonymous results per programme (issue 13 §2).

The organiser's file is a CSV in UTF-8 with one header line ``croho,question,score,n``
(comma or semicolon separated): the programme's CROHO code, the question (at most 200
characters), the mean score (0 to 5, a point or comma as decimal sign) and the number of
respondents. It holds no person and nothing about one is stored.

A group smaller than ``MIN_GROUP`` is never shown or exported (as the NSE itself
suppresses them, FAQ): its score is not even stored, only that it was suppressed. A file
is checked whole, line by line, before anything is stored; a refused file stores nothing.
Uploading a year again replaces that year's results.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from domain.core.db import writing
from domain.models import Programme, SurveyResult

MIN_GROUP = 5
MAX_BYTES = 512 * 1024
MAX_LISTED = 20
HEADER = ("croho", "question", "score", "n")


class ResultsError(ValueError):
    """A refused upload: ``code`` says why; ``lines`` are (line number, reason code)."""

    def __init__(self, code: str, lines: list[tuple[int, str]] | None = None, count: int = 0):
        super().__init__(code)
        self.code = code
        self.lines = lines or []
        self.count = count


@dataclass(frozen=True)
class ResultLine:
    programme_id: int
    question: str
    score: Decimal | None  # None: suppressed (fewer than MIN_GROUP respondents)
    respondents: int


def _score(text: str) -> Decimal | None:
    try:
        value = Decimal(text.replace(",", "."))
    except InvalidOperation:
        return None
    if not value.is_finite() or not Decimal(0) <= value <= Decimal(5):
        return None
    return value.quantize(Decimal("0.01"))


def parse_results(data: bytes, max_bytes: int = MAX_BYTES) -> list[ResultLine]:
    """Read the organiser's file; :raise ResultsError: ``too_large``, ``not_text``,
    ``header``, ``empty`` or ``invalid_lines`` (reasons: ``columns``, ``programme``,
    ``question``, ``score``, ``n``, ``duplicate``)."""
    if len(data) > max_bytes:
        raise ResultsError("too_large")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ResultsError("not_text") from None
    lines = text.splitlines()
    if not lines:
        raise ResultsError("empty")
    delimiter = ";" if lines[0].count(";") > lines[0].count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        rows = list(reader)
    except csv.Error:  # a field over the csv module's size limit, a NUL byte
        raise ResultsError("invalid_lines", [(reader.line_num, "columns")], 1) from None
    header = tuple(c.strip().lower() for c in rows[0]) if rows else ()
    if header != HEADER:
        raise ResultsError("header")
    programmes = dict(Programme.select(Programme.code, Programme.id).tuples())
    found: list[ResultLine] = []
    invalid: list[tuple[int, str]] = []
    seen: set[tuple[int, str]] = set()
    for number, row in enumerate(rows[1:], start=2):
        cells = [c.strip() for c in row]
        if not any(cells):
            continue
        reason = None
        if len(cells) != len(HEADER):
            reason = "columns"
        else:
            code, question, score_text, n_text = cells
            respondents = int(n_text) if n_text.isdigit() else None
            score = _score(score_text)
            if code not in programmes:
                reason = "programme"
            elif not question or len(question) > 200:
                reason = "question"
            elif respondents is None:
                reason = "n"
            elif score is None and not (respondents < MIN_GROUP and score_text == ""):
                reason = "score"
            elif (programmes[code], question) in seen:
                reason = "duplicate"
        if reason:
            invalid.append((number, reason))
            continue
        seen.add((programmes[code], question))
        kept = score if respondents >= MIN_GROUP else None  # never stored under the minimum
        found.append(ResultLine(programmes[code], question, kept, respondents))
    if invalid:
        raise ResultsError("invalid_lines", invalid[:MAX_LISTED], len(invalid))
    if not found:
        raise ResultsError("empty")
    return found


def store_results(year: int, lines: list[ResultLine], uploaded_by: int | None) -> int:
    """Replace the year's results with ``lines`` in one transaction; return how many."""
    with writing():
        SurveyResult.delete().where(SurveyResult.year == year).execute()
        rows = [
            (year, r.programme_id, r.question, r.score, r.respondents, uploaded_by) for r in lines
        ]
        for start in range(0, len(rows), 1000):
            SurveyResult.insert_many(
                rows[start : start + 1000],
                fields=[
                    SurveyResult.year,
                    SurveyResult.programme,
                    SurveyResult.question,
                    SurveyResult.score,
                    SurveyResult.respondents,
                    SurveyResult.uploaded_by,
                ],
            ).execute()
    return len(rows)


@dataclass
class ProgrammeResults:
    programme: Programme
    rows: list[SurveyResult]

    @property
    def suppressed(self) -> int:
        return sum(1 for r in self.rows if r.shown_score is None)


def years() -> list[int]:
    return [
        y
        for (y,) in SurveyResult.select(SurveyResult.year)
        .distinct()
        .order_by(SurveyResult.year.desc())
        .tuples()
    ]


def results_of(year: int) -> list[ProgrammeResults]:
    """The year's results grouped per programme (one query). A row's ``shown_score`` is
    None for a group under ``MIN_GROUP``, whatever was stored."""
    query = (
        SurveyResult.select(SurveyResult, Programme)
        .join(Programme)
        .where(SurveyResult.year == year)
        .order_by(Programme.code, SurveyResult.question)
    )
    grouped: dict[int, ProgrammeResults] = {}
    for row in query:
        row.shown_score = row.score if row.respondents >= MIN_GROUP else None
        grouped.setdefault(row.programme_id, ProgrammeResults(row.programme, [])).rows.append(row)
    return list(grouped.values())
