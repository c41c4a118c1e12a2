"""Secondary schools: per school (BRIN), its former pupils of one first-year cohort, with the
programme of year X, the EC earned in year X and the programme of year X+1.

The seed: "eenmalig … aan het eind van het eerste studiejaar" (seeds/ut-permission-portal.nl.txt).
So a cohort is refused until its first academic year has ended in Amsterdam, and it is
delivered once: a second run refuses and says when it was delivered, unless it is an
explicit re-run with a reason, which replaces the earlier delivery (docs/decisions.md).
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from peewee import fn

from domain.consent.parties import SCHOOLS
from domain.consent.vocabulary import NO_UT_ENROLMENT
from domain.core import clock
from domain.core.academic_year import (
    PASS_MARK,
    academic_year_end,
    academic_year_of,
    academic_year_range,
)
from domain.core.text import Text
from domain.deliveries.plans import (
    RERUN,
    YEAR,
    DeliveryError,
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
    ordering,
    party_and_version,
    person_columns,
    person_values,
)
from domain.models import CourseResult, Delivery, Enrolment, Person

RERUN_REASON_MAX = 500


def _cohort(cohort: int):
    """Persons whose first bachelor's enrolment started in academic year ``cohort``."""
    first, last = academic_year_range(cohort)
    return (
        Enrolment.select(Enrolment.person)
        .where(Enrolment.enrolment_type == "bachelor")
        .group_by(Enrolment.person)
        .having((fn.MIN(Enrolment.start_date) >= first) & (fn.MIN(Enrolment.start_date) <= last))
    )


def _overlaps(enrolment: dict, first: dt.date, last: dt.date) -> bool:
    start, end = as_date(enrolment["start_date"]), as_date(enrolment["end_date"])
    return start <= last and (end is None or end >= first)


def _ec_text(total) -> str:
    value = Decimal(str(total or 0)).quantize(Decimal("0.1"))
    return f"{value.normalize():f}"


def _safe_name(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]", "", text) or "school"


def earlier_delivery(party_id: int, cohort: int) -> Delivery | None:
    """The latest delivery of ``cohort`` to the schools, if any.

    The cohort sits in the JSON parameters; the schools get one delivery a year, so the
    party's deliveries are few and are read whole.
    """
    runs = (
        Delivery.select(Delivery.id, Delivery.run_at, Delivery.parameters)
        .where(Delivery.party == party_id)
        .order_by(Delivery.run_at.desc(), Delivery.id.desc())
    )
    return next((d for d in runs if d.parameter_values.get("cohort") == cohort), None)


def _when(delivery: Delivery) -> dict:
    return {"run_at": delivery.run_at, "delivery_id": delivery.id}


def check_once(party_id: int, cohort: int, rerun_reason: str | None) -> int | None:
    """The delivery a re-run replaces, or None for the cohort's first delivery.

    :raise DeliveryError: ``already_delivered`` (with ``run_at`` and ``delivery_id``) when
        the cohort was delivered and no reason to re-run is given; ``nothing_to_rerun``
        when a reason is given but the cohort was never delivered.
    """
    earlier = earlier_delivery(party_id, cohort)
    if earlier is None:
        if rerun_reason:
            raise DeliveryError("nothing_to_rerun", "rerun_reason")
        return None
    if not rerun_reason:
        raise DeliveryError("already_delivered", "cohort", **_when(earlier))
    return earlier.id


def plan_schools(
    cohort: int,
    reference_date: dt.date,
    today: dt.date | None = None,
    rerun_reason: str | None = None,
) -> Plan:
    """One file per school (BRIN) with its former pupils of first-year cohort ``cohort``.

    :raise DeliveryError: ``first_year_not_ended`` (with ``end``) while the cohort's first
        academic year has not ended in Amsterdam; ``rerun_reason`` for a reason that is
        too long; as ``check_once`` and ``check_reference_date``.
    """
    today = today or clock.local_today()
    check_reference_date(reference_date, today)
    end = academic_year_end(cohort)
    if today <= end:
        raise DeliveryError("first_year_not_ended", "cohort", end=end)
    rerun_reason = (rerun_reason or "").strip() or None
    if rerun_reason and len(rerun_reason) > RERUN_REASON_MAX:
        raise DeliveryError("rerun_reason", "rerun_reason", limit=RERUN_REASON_MAX)
    party, version = party_and_version(SCHOOLS)
    replaces = check_once(party.id, cohort, rerun_reason)
    fields = version.fields
    year_x, year_x1 = academic_year_range(cohort), academic_year_range(cohort + 1)
    candidates = Person.select(Person.id).where(
        Person.id.in_(_cohort(cohort)) & Person.school_brin.is_null(False)
    )
    consenting = deliverable(party, reference_date, fields)
    persons = list(
        Person.select(*person_columns(), Person.school_brin, Person.school_name)
        .where(Person.id.in_(candidates) & Person.id.in_(consenting))
        .order_by(Person.school_brin, *ordering())
        .dicts()
    )
    ids = [p["person_id"] for p in persons]
    enrolments = enrolments_of(ids)
    ec: dict[int, object] = {}
    for chunk in chunks(ids):
        ec.update(
            CourseResult.select(CourseResult.person, fn.SUM(CourseResult.ec))
            .where(
                CourseResult.person.in_(chunk)
                & (CourseResult.grade >= PASS_MARK)
                & CourseResult.result_date.between(*year_x)
            )
            .group_by(CourseResult.person)
            .tuples()
        )
    files: dict[str, FilePlan] = {}
    for person in persons:
        brin = person["school_brin"]
        if brin not in files:
            files[brin] = FilePlan(
                f"{brin} {person['school_name'] or ''}".strip(),
                f"scholen-{cohort}-{_safe_name(brin)}.csv",
            )
        own = enrolments.get(person["person_id"], [])
        first_year = [e for e in own if e["enrolment_type"] == "bachelor" and _overlaps(e, *year_x)]
        second_year = [e for e in own if _overlaps(e, *year_x1)]
        values = {
            **person_values(person, fields),
            "first_year_programme": first_year[0]["name_nl"] if first_year else "",
            "first_year_ec": _ec_text(ec.get(person["person_id"])),
            "second_year_programme": (
                second_year[-1]["name_nl"] if second_year else NO_UT_ENROLMENT
            ),
        }
        files[brin].rows.append((person["person_id"], [values[f] for f in fields]))
    total = Person.select(fn.COUNT(Person.id)).where(Person.id.in_(candidates)).scalar()
    parameters = {"cohort": cohort}
    if replaces is not None:
        parameters.update(rerun_reason=rerun_reason, replaces=replaces)

    def guard() -> None:
        if check_once(party.id, cohort, rerun_reason) != replaces:
            raise DeliveryError(
                "already_delivered", "cohort", **_when(earlier_delivery(party.id, cohort))
            )

    return Plan(
        party,
        version,
        reference_date,
        parameters,
        list(files.values()),
        total,
        *left_out(party, reference_date, fields, candidates),
        guard=guard,
    )


KIND = Kind(
    key=SCHOOLS,
    title=Text("Levering aan middelbare scholen", "Delivery to secondary schools"),
    link=Text(
        "Middelbare scholen: een cohort eerstejaars, één bestand per school",
        "Secondary schools: a first-year cohort, one file per school",
    ),
    explanation=Text(
        "Elke middelbare school ontvangt een bestand met alleen haar eigen "
        "oud-leerlingen die toestemming hebben gegeven. Een cohort kan pas worden "
        "geleverd als zijn eerste studiejaar voorbij is, en maar één keer.",
        "Each secondary school receives a file with only its own former pupils "
        "who consented. A cohort can be delivered only once its first academic "
        "year has ended, and only once.",
    ),
    fields=(
        "student_number",
        "initials",
        "first_name",
        "prefix",
        "surname",
        "first_year_programme",
        "first_year_ec",
        "second_year_programme",
    ),
    params=(
        Param(
            "cohort",
            YEAR,
            Text(
                "Cohort eerstejaars (het jaar waarin het begon)",
                "First-year cohort (the year it started)",
            ),
            Text(
                "Studenten van wie de eerste bacheloringschrijving in dit studiejaar begon.",
                "Students whose first bachelor's enrolment started in this academic year.",
            ),
            # The latest cohort whose first year has ended (on 31 August).
            default=lambda today: academic_year_of(today) - 1,
        ),
        Param(
            "rerun_reason",
            RERUN,
            Text(
                "Reden om een eerdere levering te vervangen",
                "Reason to replace an earlier delivery",
            ),
            Text(
                "Alleen om een foutieve levering van dit cohort te vervangen. De reden "
                "wordt bij de levering vastgelegd.",
                "Only to replace a faulty delivery of this cohort. The reason is recorded "
                "with the delivery.",
            ),
        ),
    ),
    plan=plan_schools,
    several_files=True,
)
