"""The NSE's anonymous results (issue 13 §2): line-numbered refusals that store nothing,
and no group under 5 ever stored with its score or shown."""

from decimal import Decimal

import pytest

from domain.models import SurveyResult
from domain.surveys import results
from tests import factories

GOOD = (
    b"croho,question,score,n\r\n"
    b"56964,Overall satisfaction,3.85,40\r\n"
    b"56964,Study load,4,4\r\n"
    b'60300,"Teachers, in general",\t3,5 \r\n'
)


@pytest.fixture
def programmes(db):
    factories.programme()
    factories.programme("60300", "Computer Science", "Computer Science", "EEMCS", "master")


def test_a_good_file_is_stored_and_small_groups_have_no_score(programmes):
    lines = results.parse_results(b"\xef\xbb\xbf" + GOOD)
    assert results.store_results(2025, lines, None) == 3
    stored = {(r.question, r.score, r.respondents) for r in SurveyResult.select()}
    assert stored == {
        ("Overall satisfaction", Decimal("3.85"), 40),
        ("Study load", None, 4),  # under 5: the score was never stored
        ("Teachers, in general", Decimal("3.00"), 5),
    }
    (tcs, cs) = results.results_of(2025)
    assert tcs.programme.code == "56964" and tcs.suppressed == 1
    assert [r.shown_score for r in tcs.rows] == [Decimal("3.85"), None]
    assert cs.suppressed == 0 and results.years() == [2025]


def test_uploading_a_year_again_replaces_it(programmes):
    results.store_results(2025, results.parse_results(GOOD), None)
    again = b"croho;question;score;n\n56964;Overall satisfaction;4,1;50\n"
    results.store_results(2025, results.parse_results(again), None)
    assert [(r.question, r.score) for r in SurveyResult.select()] == [
        ("Overall satisfaction", Decimal("4.10"))
    ]


def test_every_wrong_line_is_named_and_nothing_is_stored(programmes):
    bad = (
        b"croho,question,score,n\n"
        b"56964,Fine,3.5,10\n"
        b"99999,Unknown programme,3,10\n"
        b"56964,,3,10\n"
        b"56964,Score too high,5.5,10\n"
        b"56964,Not a count,3,ten\n"
        b"56964,Fine,3.1,12\n"
        b"56964,Too few columns\n"
        b"\n"
        b"56964,Small group may omit the score,,3\n"
        b"56964,Large group may not,,30\n"
    )
    with pytest.raises(results.ResultsError) as raised:
        results.parse_results(bad)
    assert raised.value.code == "invalid_lines"
    assert raised.value.lines == [
        (3, "programme"),
        (4, "question"),
        (5, "score"),
        (6, "n"),
        (7, "duplicate"),
        (8, "columns"),
        (11, "score"),
    ]
    assert SurveyResult.select().count() == 0


@pytest.mark.parametrize(
    "data, code",
    [
        (b"croho,question,score,n\n" + b"x" * results.MAX_BYTES, "too_large"),
        (b"\xff\xfe croho", "not_text"),
        (b"programme,question,score\n56964,a,3,10\n", "header"),
        (b"croho,question,score,n\n", "empty"),
        (b"", "empty"),
    ],
)
def test_a_file_that_is_not_a_results_file_is_refused(programmes, data, code):
    with pytest.raises(results.ResultsError) as raised:
        results.parse_results(data)
    assert raised.value.code == code


def test_a_line_the_csv_reader_cannot_read_is_named_not_a_traceback(programmes):
    data = b"croho,question,score,n\n56964,Fine,3.5,10\n56964," + b"x" * 200_000 + b",3,10\n"
    with pytest.raises(results.ResultsError) as raised:
        results.parse_results(data)
    assert raised.value.code == "invalid_lines" and raised.value.lines == [(3, "columns")]
