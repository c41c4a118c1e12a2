"""The NSE hand-over: everyone enrolled on the reference date, to the survey organiser
(seeds/nse-privacy-faq.nl.txt; issue 13).

Unlike the other kinds this delivery rests on a legal obligation (WHW), not on consent:
no consent is asked, but a restriction (GDPR art. 18) or an upheld objection (art. 21)
keeps a person out. Only the second e-mail address needs consent, to a party of its own
(``NSE_SECOND_EMAIL``), judged by the ledger like every other party: it counted on the
reference date and still counts when the file is made.

The run also keeps the portal's copy of the handed-over e-mail addresses as
``SurveyHandover`` records, which the retention worker deletes on the fixed date agreed
with the organiser (the ``survey_handover`` rule). The field mapping is in
docs/decisions.md (NSE hand-over).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from peewee import SQL, fn

from domain.consent.ledger import counted_on_and_now
from domain.consent.parties import NSE, NSE_FIELDS, NSE_SECOND_EMAIL, party_by_key
from domain.core import clock
from domain.core.academic_year import academic_year_of, academic_year_start
from domain.core.db import database, insert_rows, utcnow
from domain.core.text import Text
from domain.deliveries.plans import (
    DATE,
    REFERENCE_DATE,
    YEAR,
    DeliveryError,
    FilePlan,
    Kind,
    Param,
    Plan,
    check_reference_date,
    objected,
    ordering,
    party_and_version,
    recipient,
)
from domain.models import Enrolment, Person, Programme, SurveyHandover
from domain.people.vocabulary import SURVEY_LANGUAGES

# The university's own numbers (DUO's register of institutions): the UT has one location.
BRIN = "21PH"
BRIN_LOCATION = "00"
CITY = "Enschede"
LEVEL = "wo"  # a university: every programme is wo, never hbo
DUTCH_NATIONALITY = "Nederlandse"

# Who the NSE invites: students of a funded degree programme. Extranei, course
# participants, subsidiary and exchange students are not (docs/decisions.md).
SURVEYED_TYPES = ("bachelor", "master", "premaster")
STUDENT_TYPES = {"premaster": "premaster"}  # anyone else surveyed is "regulier"
YES, NO = "ja", "nee"


def survey_name(year: int) -> str:
    return f"NSE {year}"


def check_delete_on(delete_on: dt.date, reference_date: dt.date, today: dt.date | None) -> None:
    """:raise DeliveryError: ``delete_on`` unless the deletion date is still ahead."""
    if delete_on is None or delete_on <= max(reference_date, today or clock.local_today()):
        raise DeliveryError("delete_on", "delete_on")


def _enrolled(reference_date: dt.date):
    return (
        (Enrolment.start_date <= reference_date)
        & (Enrolment.end_date >= reference_date)
        & Enrolment.enrolment_type.in_(SURVEYED_TYPES)
    )


def plan_nse(
    year: int, delete_on: dt.date, reference_date: dt.date, today: dt.date | None = None
) -> Plan:
    """Everyone enrolled in a degree programme on ``reference_date``: one row per enrolment.

    Restricted persons and those whose objection to the NSE was upheld are left out; the
    second e-mail address is filled in only for whoever consented to it.
    """
    check_reference_date(reference_date, today)
    check_delete_on(delete_on, reference_date, today)
    party, version = party_and_version(NSE)
    fields = version.fields
    enrolled = _enrolled(reference_date)
    stopped = Person.is_restricted | Person.id.in_(objected(NSE))
    earlier = Enrolment.alias("earlier")
    # One query for every enrolment of every candidate, with per person whether they are
    # stopped and how their consent to the second address stood on the reference date and
    # stands now: the counts, the file and the second address all come from its rows.
    columns = {
        "person_id": Person.id,
        "university_email": Person.university_email,
        "private_email": Person.private_email,
        "survey_language": Person.survey_language,
        "nationality": Person.nationality,
        "code": Programme.code,
        "form": Enrolment.form,
        "enrolment_type": Enrolment.enrolment_type,
        "distance_learning": Enrolment.distance_learning,
        "track": Enrolment.track,
        "stopped": stopped,
        # A first-year: no enrolment in the same programme started before this academic
        # year (the row's own enrolment started on or before the reference date, so the
        # first start cannot lie in a later year).
        "first_year": ~fn.EXISTS(
            earlier.select(SQL("1")).where(
                (earlier.person == Enrolment.person)
                & (earlier.programme == Enrolment.programme)
                & (earlier.start_date < academic_year_start(academic_year_of(reference_date)))
            )
        ),
    }
    second = party_by_key(NSE_SECOND_EMAIL)
    asks_second = second is not None and "second_email" in fields
    if asks_second:
        on_day, now = counted_on_and_now(second.id, reference_date, ["second_email"])
        columns["on_day"] = Person.id.in_(on_day)
        columns["now"] = Person.id.in_(now)
        columns["second_objected"] = Person.id.in_(objected(second.key))
    else:  # nobody gets a second address
        columns["on_day"] = columns["now"] = columns["second_objected"] = SQL("0")
    query = (
        Enrolment.select(*columns.values())
        .join(Person)
        .switch(Enrolment)
        .join(Programme)
        .where(enrolled)
        .order_by(*ordering(), Programme.code, Enrolment.id)
    )
    # The cursor's own tuples, in the order of ``columns`` (0 person_id, 10 stopped,
    # 12 on_day, 13 now, 14 second_objected): building peewee's rows cost
    # more than the query. Every column is text, a number or a flag used for its truth.
    everyone = list(database.execute(query))
    total = len({row[0] for row in everyone})
    restricted = len({row[0] for row in everyone if row[10]})
    # deliverable(): consent counted on the day and counts now, not restricted (nor
    # stopped: only rows not stopped are handed over), no upheld objection to it.
    second_ids = {row[0] for row in everyone if row[12] and row[13] and not row[14] and not row[10]}
    # withdrawn_since(): counted on the day, no longer now (stopped or not).
    second_withdrawn = len({row[0] for row in everyone if row[12] and not row[13]})
    file = FilePlan(recipient(version), f"nse-{year}.csv")
    for (person_id, email, private_email, language, nationality, code, form, enrolment_type,
         distance_learning, track, stopped, first_year, *_) in everyone:  # fmt: skip
        if stopped:
            continue
        values = {
            "university_email": email,
            "brin": BRIN,
            "brin_location": BRIN_LOCATION,
            "city": CITY,
            "croho": code,
            "study_form": form,
            "student_type": STUDENT_TYPES.get(enrolment_type, "regulier"),
            "distance_learning": YES if distance_learning else NO,
            "level": LEVEL,
            "year_of_study": "eerstejaars" if first_year else "ouderejaars",
            "survey_language": SURVEY_LANGUAGES[language].nl,
            "track": track or "",
            "international": NO if nationality == DUTCH_NATIONALITY else YES,
            "second_email": (private_email or "") if person_id in second_ids else "",
        }
        file.rows.append((person_id, [values[f] for f in fields]))
    with_second = len({pid for pid, _ in file.rows if pid in second_ids})
    plan = Plan(
        party,
        version,
        reference_date,
        {"year": year, "delete_on": delete_on.isoformat()},
        [file],
        total,
        restricted,
        0,
        {"second_email": with_second, "second_email_withdrawn": second_withdrawn},
    )
    plan.after = lambda delivery: _keep_handover(plan, year, delete_on, second_ids)
    return plan


def _keep_handover(plan: Plan, year: int, delete_on: dt.date, second_ids: set[int]) -> None:
    """The portal's copy of each e-mail address handed over, until ``delete_on``."""
    today = clock.local_today()
    name = survey_name(year)
    fields = list(plan.fields)
    at_email = fields.index("university_email") if "university_email" in fields else None
    at_second = fields.index("second_email") if "second_email" in fields else None
    emails: dict[int, str] = {}
    seconds: dict[int, str] = {}
    for file in plan.files:
        for person_id, cells in file.rows:
            if at_email is not None:
                emails.setdefault(person_id, cells[at_email])
            if at_second is not None and person_id in second_ids and cells[at_second]:
                seconds.setdefault(person_id, cells[at_second])
    # The dates and the time as both backends store them (ISO text), made once, not per row.
    stamps = str(today), str(delete_on), str(utcnow())
    rows = [
        (pid, name, name, address, *stamps)
        for source in (emails, seconds)
        for pid, address in source.items()
        if address
    ]
    insert_rows(
        SurveyHandover,
        [
            SurveyHandover.person,
            SurveyHandover.title,
            SurveyHandover.survey_name,
            SurveyHandover.email_address,
            SurveyHandover.handed_over_on,
            SurveyHandover.delete_on,
            SurveyHandover.created_at,
        ],
        rows,
    )


KIND = Kind(
    key=NSE,
    title=Text("Overdracht aan de NSE", "Hand-over to the NSE"),
    link=Text(
        "NSE: iedereen die op de peildatum is ingeschreven",
        "NSE: everyone enrolled on the reference date",
    ),
    explanation=Text(
        "De UT is volgens de WHW verplicht deel te nemen aan de Nationale Studenten Enquête. "
        "Iedereen die op de peildatum voor een opleiding is ingeschreven, wordt doorgegeven; "
        "er wordt geen toestemming gevraagd, maar wie beperking van de verwerking kreeg of "
        "wiens bezwaar werd toegewezen, blijft erbuiten. Het tweede e-mailadres wordt alleen "
        "doorgegeven met toestemming. De doorgegeven e-mailadressen worden op de afgesproken "
        "verwijderdatum uit het portaal verwijderd.",
        "The UT is obliged by the WHW to take part in the National Student Survey. Everyone "
        "enrolled in a programme on the reference date is handed over; no consent is asked, "
        "but whoever had processing restricted or an objection upheld is left out. The "
        "second e-mail address is handed over only with consent. The e-mail addresses "
        "handed over are deleted from the portal on the agreed deletion date.",
    ),
    fields=NSE_FIELDS,
    params=(
        Param(
            "year",
            YEAR,
            Text("Jaar van de enquête", "Year of the survey"),
            Text("Het jaar van de NSE, zoals 2025.", "The year of the NSE, such as 2025."),
        ),
        Param(
            "delete_on",
            DATE,
            Text("Verwijderdatum", "Deletion date"),
            Text(
                "De vaste datum die met de organisator is afgesproken (YYYY-MM-DD): dan worden "
                "de doorgegeven e-mailadressen verwijderd.",
                "The fixed date agreed with the organiser (YYYY-MM-DD): the e-mail addresses "
                "handed over are deleted on it.",
            ),
        ),
    ),
    plan=plan_nse,
    consent_based=False,
    reference_date=replace(
        REFERENCE_DATE,
        hint=Text(
            "Iedereen die op deze dag voor een opleiding is ingeschreven, wordt doorgegeven "
            "(YYYY-MM-DD). Het moet een dag zijn die voorbij is.",
            "Everyone enrolled in a programme on this day is handed over (YYYY-MM-DD). It "
            "must be a day that has ended.",
        ),
    ),
    extra_counts=(
        (
            "second_email",
            Text(
                "Met een tweede e-mailadres (toestemming)", "With a second e-mail address (consent)"
            ),
        ),
        (
            "second_email_withdrawn",
            Text(
                "Tweede e-mailadres niet doorgegeven: toestemming ingetrokken na de peildatum",
                "Second e-mail address left out: consent withdrawn after the reference date",
            ),
        ),
    ),
)
