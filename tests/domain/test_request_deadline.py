"""The deadline of a rights request: one calendar month, working days, waiting, extension."""

import datetime as dt

import pytest

from domain.requests.deadline import (
    Deadline,
    days_between,
    due_date,
    next_working_day,
    public_holiday,
    receipt_day,
    working_day,
)

D = dt.date

# Dutch public holidays written out by hand, as an oracle independent of the package.
HOLIDAYS_2025 = [
    D(2025, 1, 1),
    D(2025, 4, 18),
    D(2025, 4, 20),
    D(2025, 4, 21),
    D(2025, 4, 26),  # King's Day: 27 April 2025 is a Sunday
    D(2025, 5, 5),
    D(2025, 5, 29),
    D(2025, 6, 8),
    D(2025, 6, 9),
    D(2025, 12, 25),
    D(2025, 12, 26),
]
HOLIDAYS_2026 = [
    D(2026, 1, 1),
    D(2026, 4, 3),
    D(2026, 4, 5),
    D(2026, 4, 6),
    D(2026, 4, 27),
    D(2026, 5, 14),
    D(2026, 5, 24),
    D(2026, 5, 25),
    D(2026, 12, 25),
    D(2026, 12, 26),
]


@pytest.mark.parametrize(
    "received, due",
    [
        (D(2026, 1, 15), D(2026, 2, 16)),  # 15 Feb 2026 is a Sunday: next Monday
        (D(2026, 3, 10), D(2026, 4, 10)),  # a plain Friday
        (D(2026, 1, 31), D(2026, 3, 2)),  # 28 Feb 2026 is a Saturday: Monday 2 March
        (D(2024, 1, 31), D(2024, 2, 29)),  # leap year: the last day of February, a Thursday
        (D(2025, 1, 29), D(2025, 2, 28)),  # no 29 February: its last day, a Friday
        (D(2025, 3, 31), D(2025, 4, 30)),  # April has no 31st
        (D(2025, 5, 31), D(2025, 6, 30)),
        (D(2025, 8, 31), D(2025, 9, 30)),
        (D(2025, 10, 31), D(2025, 12, 1)),  # 30 Nov 2025 is a Sunday
        (D(2025, 12, 31), D(2026, 2, 2)),  # across the year; 31 Jan 2026 is a Saturday
    ],
)
def test_one_calendar_month_ending_on_a_working_day(received, due):
    assert due_date(received) == due


@pytest.mark.parametrize("holiday", HOLIDAYS_2025 + HOLIDAYS_2026)
def test_every_dutch_public_holiday_is_not_a_working_day(holiday):
    assert public_holiday(holiday)
    assert not working_day(holiday)


@pytest.mark.parametrize("holiday", [h for h in HOLIDAYS_2025 + HOLIDAYS_2026 if h.weekday() < 5])
def test_a_period_ending_on_a_holiday_ends_on_the_next_working_day(holiday):
    received = (
        holiday.replace(month=holiday.month - 1)
        if holiday.month > 1
        else holiday.replace(year=holiday.year - 1, month=12)
    )
    due = due_date(received)
    assert due > holiday and working_day(due)
    assert all(not working_day(holiday + dt.timedelta(days=n)) for n in range((due - holiday).days))


def test_kings_day_moves_when_27_april_is_a_sunday():
    assert public_holiday(D(2025, 4, 26)) and not public_holiday(D(2025, 4, 28))
    assert public_holiday(D(2026, 4, 27))
    # Received 26 March 2025: the month ends on Saturday King's Day; Monday 28 April.
    assert due_date(D(2025, 3, 26)) == D(2025, 4, 28)


def test_easter_and_whitsun_chain_into_several_days_off():
    # 18 April 2025 is Good Friday; 19–20 weekend; 21 Easter Monday → Tuesday 22 April.
    assert due_date(D(2025, 3, 18)) == D(2025, 4, 22)
    # Whit Monday 9 June 2025 after Sunday 8 June: Tuesday 10 June.
    assert due_date(D(2025, 5, 8)) == D(2025, 6, 10)
    # Christmas: 25 and 26 December 2025 (Thu, Fri), then the weekend → Monday 29 December.
    assert due_date(D(2025, 11, 25)) == D(2025, 12, 29)


def test_next_working_day_of_a_working_day_is_itself():
    assert next_working_day(D(2026, 11, 23)) == D(2026, 11, 23)


def test_an_extension_adds_two_further_months():
    assert due_date(D(2026, 1, 31), extended=True) == D(2026, 4, 30)
    assert due_date(D(2024, 11, 30), extended=True) == D(2025, 2, 28)
    # 28 Feb 2026 is a Saturday; three months after 28 November 2025 → Monday 2 March.
    assert due_date(D(2025, 11, 28), extended=True) == D(2026, 3, 2)


def test_waiting_moves_the_end_by_the_whole_days_waited():
    assert due_date(D(2026, 3, 10), days_waited=3) == D(2026, 4, 13)  # Fri + 3 = Monday
    assert due_date(D(2026, 3, 10), days_waited=1) == D(2026, 4, 13)  # Saturday → Monday
    assert due_date(D(2026, 1, 31), extended=True, days_waited=5) == D(2026, 5, 5)
    with pytest.raises(ValueError):
        due_date(D(2026, 3, 10), days_waited=-1)


def test_days_waited_count_whole_amsterdam_days():
    assert days_between(D(2026, 3, 1), D(2026, 3, 1)) == 0
    assert days_between(D(2026, 3, 1), D(2026, 3, 4)) == 3
    assert days_between(D(2026, 3, 4), D(2026, 3, 1)) == 0


@pytest.mark.parametrize(
    "received_at, day",
    [
        (dt.datetime(2026, 1, 15, 22, 59), D(2026, 1, 15)),  # 23:59 in winter
        (dt.datetime(2026, 1, 15, 23, 0), D(2026, 1, 16)),  # 00:00 the next day
        (dt.datetime(2026, 6, 30, 21, 59), D(2026, 6, 30)),  # 23:59 in summer
        (dt.datetime(2026, 6, 30, 22, 0), D(2026, 7, 1)),  # midnight: a new month
        (dt.datetime(2026, 3, 29, 0, 30), D(2026, 3, 29)),  # the night clocks go forward
        (dt.datetime(2026, 10, 24, 22, 30), D(2026, 10, 25)),  # the night clocks go back
    ],
)
def test_receipt_is_the_amsterdam_day(received_at, day):
    assert receipt_day(received_at) == day


def test_the_deadline_as_screens_show_it():
    d = Deadline(received=D(2026, 3, 10), extended=False, days_waited=0, today=D(2026, 4, 8))
    assert d.due == D(2026, 4, 10) and d.days_left == 2 and not d.overdue and d.may_extend
    on_the_day = Deadline(D(2026, 3, 10), False, 0, D(2026, 4, 10))
    assert not on_the_day.overdue and on_the_day.may_extend and on_the_day.days_left == 0
    late = Deadline(D(2026, 3, 10), False, 0, D(2026, 4, 11))
    assert late.overdue and late.days_left == -1 and not late.may_extend
    extended = Deadline(D(2026, 3, 10), True, 0, D(2026, 4, 11))
    assert extended.due == D(2026, 6, 10) and not extended.overdue and not extended.may_extend
