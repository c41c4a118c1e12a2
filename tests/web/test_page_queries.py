"""Every student page runs the same number of SQL statements, however long the history.

A student with a little of everything is measured, then given much more of everything
(course results, counselling, enrolments, mandates, consent choices, staff looking at the
data, rights requests, downloads); no page may run one statement more (issue 14).
"""

import datetime as dt

from domain.accounts.roles import DESK
from domain.audit import trail
from domain.consent import parties
from domain.consent.vocabulary import GIVEN, WITHDRAWN
from domain.exports import files as exports
from domain.models import DirectDebitMandate
from domain.register import subject_data
from domain.requests import operations as ops
from domain.requests.vocabulary import REQUEST_TYPES
from tests.support import count_queries, html_of


def student_pages() -> list[str]:
    pages = ["/student/", "/student/my-data", "/student/consent/", "/student/requests/"]
    pages += [f"/student/my-data/{c}" for c in subject_data.categories()]
    pages += [f"/student/requests/new/{t}" for t in sorted(REQUEST_TYPES)]
    return pages + ["/student/exports"]


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

    def statements() -> dict[str, int]:
        counts = {}
        for page in student_pages():
            with count_queries() as run:
                html_of(portal.client.get(page))
            counts[page] = len(run)
        return counts

    statements()  # the first view of a page may prepare what later views reuse
    little = statements()
    add_history(data, person, desk, 30, start=1)
    much = statements()
    # Not one more statement on any page. (One may be fewer: the holds on a category are
    # looked up only when one of its rows has passed its term, which a later enrolment
    # can postpone.)
    assert {p: n for p, n in much.items() if n > little[p]} == {}
