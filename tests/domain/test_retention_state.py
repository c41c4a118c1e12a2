"""The retention state of one record: kept, not started, until a date, tonight, review, held."""

import datetime as dt

from domain.core.text import Text
from domain.register import RULES
from domain.retention.state import Kind, state_of

TODAY = dt.date(2026, 11, 23)
HOLD = Text("juridische blokkade", "legal hold")


def test_a_kept_rule_is_kept_whatever_the_date():
    assert state_of(RULES["basic_study_data"], None, TODAY).kind is Kind.KEPT


def test_no_due_date_yet_means_the_term_has_not_started():
    assert state_of(RULES["counselling_dossier"], None, TODAY).kind is Kind.NOT_STARTED


def test_a_date_to_come_is_kept_until_then():
    state = state_of(RULES["counselling_dossier"], TODAY + dt.timedelta(days=1), TODAY)
    assert state.kind is Kind.UNTIL and state.due == TODAY + dt.timedelta(days=1)


def test_due_today_or_earlier_goes_tonight_unless_held():
    rule = RULES["direct_debit_mandate"]
    assert state_of(rule, TODAY, TODAY).kind is Kind.TONIGHT
    assert state_of(rule, dt.date(2020, 1, 1), TODAY).kind is Kind.TONIGHT
    held = state_of(rule, dt.date(2020, 1, 1), TODAY, [HOLD])
    assert held.kind is Kind.HELD and held.held_by == (HOLD,)
    # A hold on a record whose term has not ended says nothing yet.
    assert state_of(rule, TODAY + dt.timedelta(days=3), TODAY, [HOLD]).kind is Kind.UNTIL


def test_a_rule_reviewed_first_is_listed_rather_than_destroyed():
    rule = next(r for r in RULES.values() if r.review_first)
    assert state_of(rule, TODAY, TODAY).kind is Kind.REVIEW
