"""KIVI: everyone who passed a bachelor's or master's exam in a calendar year
(seeds/ut-permission-portal.nl.txt)."""

from __future__ import annotations

import datetime as dt

from peewee import fn

from domain.consent.parties import KIVI
from domain.core.text import Text
from domain.deliveries.plans import (
    PERSON_FIELDS,
    YEAR,
    FilePlan,
    Kind,
    Param,
    Plan,
    as_date,
    check_reference_date,
    deliverable,
    left_out,
    ordering,
    party_and_version,
    person_columns,
    person_values,
    recipient,
)
from domain.models import Degree, Person, Programme
from domain.people.vocabulary import EXAM_TYPES


def plan_kivi(year: int, reference_date: dt.date, today: dt.date | None = None) -> Plan:
    """Who passed a bachelor's or master's exam in ``year`` and consented: one row per exam."""
    check_reference_date(reference_date, today)
    party, version = party_and_version(KIVI)
    fields = version.fields
    exams = (
        (Degree.exam_type.in_(("bachelor", "master")))
        & (Degree.exam_date >= dt.date(year, 1, 1))
        & (Degree.exam_date <= dt.date(year, 12, 31))
    )
    candidates = Degree.select(Degree.person).where(exams)
    consenting = deliverable(party, reference_date, fields)
    rows = (
        Degree.select(
            *person_columns(),
            Degree.exam_type,
            Degree.exam_date,
            Programme.name_nl,
            Programme.faculty,
        )
        .join(Person)
        .switch(Degree)
        .join(Programme)
        .where(exams & Degree.person.in_(consenting))
        .order_by(*ordering(), Degree.exam_date, Degree.id)
        .dicts()
    )
    file = FilePlan(recipient(version), f"kivi-{year}.csv")
    for row in rows:
        values = {
            **person_values(row, fields),
            "faculty": row["faculty"],
            "programme": row["name_nl"],
            "exam_type": EXAM_TYPES[row["exam_type"]].nl,
            "exam_date": as_date(row["exam_date"]).isoformat(),
        }
        file.rows.append((row["person_id"], [values[f] for f in fields]))
    total = Person.select(fn.COUNT(Person.id)).where(Person.id.in_(candidates)).scalar()
    return Plan(
        party,
        version,
        reference_date,
        {"year": year},
        [file],
        total,
        *left_out(party, reference_date, fields, candidates),
    )


KIND = Kind(
    key=KIVI,
    title=Text("Levering aan KIVI", "Delivery to KIVI"),
    link=Text("KIVI: de afgestudeerden van een jaar", "KIVI: the graduates of a year"),
    explanation=Text(
        "KIVI ontvangt de studenten die in het voorafgaande jaar voor een bachelor- "
        "of masterexamen zijn geslaagd en toestemming hebben gegeven.",
        "KIVI receives the students who passed a bachelor's or master's exam in "
        "the previous year and consented.",
    ),
    fields=(
        *PERSON_FIELDS,
        "faculty",
        "programme",
        "exam_type",
        "exam_date",
    ),
    params=(
        Param(
            "year",
            YEAR,
            Text("Jaar van de examens", "Year of the exams"),
            Text(
                "Iedereen die in dit kalenderjaar voor een bachelor- of masterexamen is geslaagd.",
                "Everyone who passed a bachelor's or master's exam in this calendar year.",
            ),
            # KIVI gets its list every January: the exams of the year before.
            default=lambda today: today.year - 1,
        ),
    ),
    plan=plan_kivi,
)
