"""The SQL cutoffs agree with the Python term for every day around the edges."""

import datetime as dt

import pytest

from domain.core.academic_year import academic_year_end, academic_year_start
from domain.register import RULES, Period, Unit
from domain.retention.due import latest_due_event, latest_due_year


def days(start: dt.date, end: dt.date):
    while start <= end:
        yield start
        start += dt.timedelta(days=1)


@pytest.mark.parametrize(
    "period",
    [
        Period(0, Unit.DAYS),
        Period(30, Unit.DAYS),
        Period(1, Unit.MONTHS),
        Period(2, Unit.MONTHS),
        Period(3, Unit.MONTHS),
        Period(1, Unit.YEARS),
        Period(7, Unit.YEARS),
        Period(9, Unit.YEARS),
    ],
)
@pytest.mark.parametrize(
    "today",
    [
        dt.date(2024, 2, 29),
        dt.date(2024, 2, 28),
        dt.date(2025, 2, 28),
        dt.date(2024, 3, 31),
        dt.date(2024, 4, 30),
        dt.date(2024, 3, 30),
        dt.date(2024, 8, 31),
        dt.date(2024, 9, 1),
        dt.date(2024, 12, 31),
        dt.date(2025, 1, 1),
        dt.date(2024, 11, 1),
    ],
)
def test_cutoff_matches_the_term_for_every_event_date(period, today):
    cutoff = latest_due_event(period, today)
    window_start = cutoff - dt.timedelta(days=70)
    for event in days(window_start, cutoff + dt.timedelta(days=70)):
        assert (event <= cutoff) == (period.after(event) <= today), (event, cutoff)


@pytest.mark.parametrize(
    "rule_key", ["selection_documents", "matching_results", "exchange_documents"]
)
def test_academic_year_cutoff_matches_the_term(rule_key):
    rule = RULES[rule_key]
    start_of = academic_year_start if rule_key != "exchange_documents" else academic_year_end
    for today in days(dt.date(2023, 8, 1), dt.date(2025, 1, 31)):
        cutoff = latest_due_year(rule, today)
        for year in range(2010, 2026):
            assert (year <= cutoff) == (rule.period.after(start_of(year)) <= today), (today, year)


def test_named_edges():
    # Matching results: 2 months after 1 September → due on 1 November.
    assert latest_due_year(RULES["matching_results"], dt.date(2024, 10, 31)) == 2023
    assert latest_due_year(RULES["matching_results"], dt.date(2024, 11, 1)) == 2024
    # Exchange: 7 years after 31 August following the exchange year.
    assert latest_due_year(RULES["exchange_documents"], dt.date(2032, 8, 30)) == 2023
    assert latest_due_year(RULES["exchange_documents"], dt.date(2032, 8, 31)) == 2024


def test_admission_emails_go_before_the_fourth_academic_year_of_their_cohort():
    rule = RULES["admission_emails"]
    for today in days(dt.date(2023, 8, 1), dt.date(2025, 9, 30)):
        cutoff = latest_due_year(rule, today)
        for cohort in range(2015, 2026):
            assert (cohort <= cutoff) == (rule.period.after(academic_year_end(cohort)) <= today)
    # rug §1.4: before the academic year 2024-2025 starts, cohort 2021's e-mails are gone.
    assert latest_due_year(rule, dt.date(2024, 8, 30)) == 2020
    assert latest_due_year(rule, dt.date(2024, 8, 31)) == 2021
