"""Every student page runs the same number of SQL statements, however long the history.

A student with a little of everything is measured, then given much more of everything
(course results, counselling, enrolments, mandates, consent choices, staff looking at the
data, rights requests, downloads); no page may run one statement more (issue 14). The
pages: home, My data closed and with each category open (whole page and HTMX fragment),
consent, my requests and the newest request, a new request of each type, the downloads and
the newest download's page.
"""

import datetime as dt

from domain.accounts.roles import DESK
from domain.audit import trail
from domain.consent import parties
from domain.consent.vocabulary import GIVEN, WITHDRAWN
from domain.exports import files as exports
from domain.models import DataExport, DirectDebitMandate, RightsRequest
from domain.register import subject_data
from domain.requests import operations as ops
from domain.requests.vocabulary import REQUEST_TYPES
from tests.support import statements_of

HTMX = {"HX-Request": "true"}


def student_pages(person_id: int) -> dict[str, str]:
    """Every page of the student's by name (its path, but for the newest request and
    download of ``person_id``, whose paths change as they are added)."""
    pages = ["/student/", "/student/my-data", "/student/consent/", "/student/requests/"]
    pages += [f"/student/my-data/{c}" for c in subject_data.categories()]
    pages += [f"/student/requests/new/{t}" for t in sorted(REQUEST_TYPES)]
    newest_request = (
        RightsRequest.select(RightsRequest.reference)
        .where(RightsRequest.person == person_id)
        .order_by(RightsRequest.id.desc())
        .scalar()
    )
    newest_export = (
        DataExport.select(DataExport.token)
        .where(DataExport.person == person_id)
        .order_by(DataExport.id.desc())
        .scalar()
    )
    pages.append("/student/exports")
    return {
        **{p: p for p in pages},
        "the newest request": f"/student/requests/{newest_request}",
        "the newest download's page": f"/student/exports/{newest_export}",
    }


def pages_statements(client, person_id: int) -> dict[str, int]:
    """The statements of each page, and of each category opened with HTMX (the fragment)."""
    counts = {name: statements_of(client, p) for name, p in student_pages(person_id).items()}
    for c in subject_data.categories():
        counts[f"HTMX {c}"] = statements_of(client, f"/student/my-data/{c}", headers=HTMX)
    return counts


def add_history(data, person, desk, n: int, start: int = 0) -> None:
    for i in range(start, start + n):
        data.course_result(person, code=f"20200{i:04d}")
        data.counselling(person, title=f"Gesprek {i}")
        data.enrolment(
            person,
            start=dt.date(2010 + i % 10, 9, 1),
            end=dt.date(2011 + i % 10, 8, 31),
            reason="end_of_year",
        )
        DirectDebitMandate.create(
            person=person,
            title="Machtiging",
            iban="NL91ABNA0417164300",
            account_holder="A. van Dijk",
            signed_on=dt.date(2020, 1, i % 28 + 1),
        )
        for key in ("kivi", "schools"):
            data.choose(
                person.id,
                parties.party_by_key(key).id,
                GIVEN if i % 2 else WITHDRAWN,
                dt.datetime(2025, 1, i % 28 + 1, 9),
            )
        trail.record(desk, "view:student", [person.id], categories=["identity"])
        ops.file_request(person.id, "access", {}, language="nl")
        exports.produce(person.id, "access")


def test_no_student_page_runs_more_statements_with_a_longer_history(portal, sign_in, data):
    parties.ensure_parties()
    person = sign_in(first_name="Anna", surname="Dijk").person
    desk = data.staff(DESK, "desk")
    add_history(data, person, desk, 1)

    pages_statements(portal.client, person.id)  # a first view may prepare what others reuse
    little = pages_statements(portal.client, person.id)
    add_history(data, person, desk, 30, start=1)
    much = pages_statements(portal.client, person.id)
    # Not one more statement on any page. (One may be fewer: the holds on a category are
    # looked up only when one of its rows has passed its term, which a later enrolment
    # can postpone.)
    assert {p: n for p, n in much.items() if n > little[p]} == {}
    # And few: home is the session and the person's name; My data adds the counts, the
    # next deletion date of the summary, the objections and one page of "who looked at my
    # data"; an open category one statement
    # per part (record type) and at most two more (the end of enrolment, the holds).
    assert much["/student/"] <= 2
    assert much["/student/my-data"] <= 5
    for c in subject_data.categories():
        parts = len(subject_data.category_parts(c))
        assert much[f"/student/my-data/{c}"] <= 5 + parts + 2, c
        assert much[f"HTMX {c}"] <= 1 + parts + 2, c
