"""Bedrijvendagen Twente: the visitors whose student numbers staff upload after the event
(seeds/ut-permission-portal.nl.txt)."""

from __future__ import annotations

import datetime as dt

from domain.consent.parties import BEDRIJVENDAGEN
from domain.core.academic_year import academic_year_of
from domain.core.text import Text
from domain.deliveries.plans import (
    PERSON_FIELDS,
    VISITORS,
    FilePlan,
    Kind,
    Param,
    Plan,
    as_date,
    check_reference_date,
    chunks,
    deliverable,
    enrolments_of,
    left_out,
    party_and_version,
    person_columns,
    person_values,
    recipient,
)
from domain.deliveries.visitors import Visitors
from domain.models import Person
from domain.people.vocabulary import PROGRAMME_LEVELS


def plan_bedrijvendagen(
    visitors: Visitors, reference_date: dt.date, today: dt.date | None = None
) -> Plan:
    """The visitors on the uploaded list who consented, with the fields of the notice."""
    check_reference_date(reference_date, today)
    party, version = party_and_version(BEDRIJVENDAGEN)
    fields = version.fields
    known: list[int] = []
    for chunk in chunks(list(visitors.numbers)):
        known += [
            pid
            for (pid,) in Person.select(Person.id).where(Person.student_number.in_(chunk)).tuples()
        ]
    consenting = deliverable(party, reference_date, fields)
    persons = []
    for chunk in chunks(known):
        persons += list(
            Person.select(*person_columns())
            .where(Person.id.in_(chunk) & Person.id.in_(consenting))
            .dicts()
        )
    persons.sort(key=lambda p: (p["surname"], p["first_name"], p["person_id"]))
    enrolments = enrolments_of([p["person_id"] for p in persons])
    file = FilePlan(recipient(version), f"bedrijvendagen-{reference_date.isoformat()}.csv")
    for person in persons:
        own = [
            e
            for e in enrolments.get(person["person_id"], [])
            if as_date(e["start_date"]) <= reference_date
        ]
        latest = max(own, key=lambda e: (as_date(e["start_date"]), e["id"]), default=None)
        values = {
            **person_values(person, fields),
            "faculty": latest["faculty"] if latest else "",
            "programme": latest["name_nl"] if latest else "",
            "exam_type": PROGRAMME_LEVELS[latest["level"]].nl if latest else "",
            "start_cohort": academic_year_of(as_date(own[0]["start_date"])) if own else "",
            "last_enrolment_year": _last_year(own, reference_date),
        }
        file.rows.append((person["person_id"], [values[f] for f in fields]))
    restricted = withdrawn = 0
    for chunk in chunks(known):
        counted = left_out(party, reference_date, fields, chunk)
        restricted, withdrawn = restricted + counted[0], withdrawn + counted[1]
    extra = {
        "lines": visitors.lines,
        "visitors": len(visitors.numbers),
        "duplicates": visitors.duplicates,
        "unknown": len(visitors.numbers) - len(known),
    }
    return Plan(
        party,
        version,
        reference_date,
        {"visitors": len(visitors.numbers)},
        [file],
        len(known),
        restricted,
        withdrawn,
        extra,
        visitors,
    )


def _last_year(enrolments: list[dict], reference_date: dt.date) -> str:
    """The last academic year (as "2024-2025") the person was enrolled in, up to the date."""
    years = [
        academic_year_of(min(as_date(e["end_date"]) or reference_date, reference_date))
        for e in enrolments
    ]
    if not years:
        return ""
    year = max(years)
    return f"{year}-{year + 1}"


KIND = Kind(
    key=BEDRIJVENDAGEN,
    title=Text("Levering aan Bedrijvendagen Twente", "Delivery to Bedrijvendagen Twente"),
    link=Text(
        "Bedrijvendagen Twente: de bezoekers van het evenement",
        "Bedrijvendagen Twente: the visitors of the event",
    ),
    explanation=Text(
        "Upload de studentnummers die bij de ingang zijn gescand. Alleen bezoekers "
        "die toestemming gaven, worden geleverd; over de anderen wordt niets "
        "gedeeld, en de geüploade lijst zelf wordt niet bewaard.",
        "Upload the student numbers scanned at the entrance. Only visitors who "
        "consented are delivered; nothing is shared about the others, and the "
        "uploaded list itself is not stored.",
    ),
    fields=(
        *PERSON_FIELDS,
        "faculty",
        "exam_type",
        "programme",
        "start_cohort",
        "last_enrolment_year",
    ),
    params=(
        Param(
            "visitors",
            VISITORS,
            Text(
                "Gescande studentnummers (CSV- of tekstbestand, één per regel)",
                "Scanned student numbers (CSV or text file, one per line)",
            ),
            Text(
                "Eén studentnummer per regel, met of zonder de s. Ongeldige regels "
                "worden met hun regelnummer gemeld; er wordt niets opgeslagen tot het "
                "bestand klopt.",
                "One student number per line, with or without the s. Invalid lines "
                "are reported by line number; nothing is stored until the file is "
                "correct.",
            ),
        ),
    ),
    plan=plan_bedrijvendagen,
    extra_counts=(
        ("lines", Text("Regels met een studentnummer", "Lines with a student number")),
        ("visitors", Text("Verschillende bezoekers", "Different visitors")),
        (
            "duplicates",
            Text("Nummers die vaker dan eens zijn gescand", "Numbers scanned more than once"),
        ),
        (
            "unknown",
            Text("Nummers die de universiteit niet kent", "Numbers not known to the university"),
        ),
    ),
)
