"""The secondary schools receive a cohort once, and only after its first academic year
(seeds/ut-permission-portal.nl.txt: "eenmalig … aan het eind van het eerste studiejaar")."""

import datetime as dt
import re

import pytest

from domain.consent import parties
from domain.consent.vocabulary import GIVEN
from domain.core import clock
from domain.core.academic_year import academic_year_of
from domain.deliveries import records
from domain.deliveries.plans import DeliveryError
from domain.deliveries.schools import plan_schools
from domain.models import Delivery, DeliveryFile, Disclosure
from tests import factories
from tests.support import confirm_delivery

REFERENCE = dt.date(2024, 9, 15)
AFTER = dt.date(2024, 10, 1)  # the first year of cohort 2023 has ended


@pytest.fixture
def pupil(db):
    schools = {p.key: p for p in parties.ensure_parties()}["schools"]
    p = factories.person(student_number="s3000011", school_brin="01AB")
    factories.enrolment(p, start=dt.date(2023, 9, 1))
    factories.choose(p.id, schools.id, GIVEN, dt.datetime(2024, 6, 1, 9))
    return p


def refusal(call) -> DeliveryError:
    with pytest.raises(DeliveryError) as refused:
        call()
    return refused.value


# --- The first year must have ended (in Amsterdam) -----------------------------------------


def test_a_cohort_is_refused_on_the_last_day_of_its_first_year(pupil):
    error = refusal(lambda: plan_schools(2023, dt.date(2024, 8, 30), today=dt.date(2024, 8, 31)))
    assert (error.code, error.field, error.details) == (
        "first_year_not_ended",
        "cohort",
        {"end": dt.date(2024, 8, 31)},
    )


def test_a_cohort_is_delivered_from_the_day_after_its_first_year(pupil):
    plan = plan_schools(2023, dt.date(2024, 8, 31), today=dt.date(2024, 9, 1))
    assert plan.person_count == 1


def test_the_first_year_ends_in_amsterdam_not_in_utc(pupil, monkeypatch):
    # 31 August 23:30 UTC is already 1 September in Amsterdam (summer time, UTC+2).
    monkeypatch.setattr(clock, "utcnow", lambda: dt.datetime(2024, 8, 31, 23, 30))
    assert clock.local_today() == dt.date(2024, 9, 1)
    assert plan_schools(2023, dt.date(2024, 8, 31)).person_count == 1
    monkeypatch.setattr(clock, "utcnow", lambda: dt.datetime(2024, 8, 31, 21, 30))
    assert refusal(lambda: plan_schools(2023, dt.date(2024, 8, 30))).code == "first_year_not_ended"


# --- Once per cohort -----------------------------------------------------------------------


def test_a_second_run_for_the_same_cohort_says_when_and_delivers_nothing(pupil):
    first = records.run(plan_schools(2023, REFERENCE, today=AFTER), None, "cli")
    error = refusal(lambda: plan_schools(2023, REFERENCE, today=AFTER))
    assert (error.code, error.field) == ("already_delivered", "cohort")
    assert error.details == {"run_at": first.run_at, "delivery_id": first.id}
    assert Delivery.select().count() == 1 and Disclosure.select().count() == 1


def test_another_cohort_is_not_held_back(pupil):
    records.run(plan_schools(2023, REFERENCE, today=AFTER), None, "cli")
    assert plan_schools(2022, REFERENCE, today=AFTER).candidates == 0


def test_a_rerun_with_a_reason_replaces_and_records_the_reason(pupil):
    first = records.run(plan_schools(2023, REFERENCE, today=AFTER), None, "cli")
    plan = plan_schools(2023, REFERENCE, today=AFTER, rerun_reason="  Wrong EC totals  ")
    again = records.run(plan, None, "cli")
    assert again.parameter_values["rerun_reason"] == "Wrong EC totals"
    assert again.parameter_values["replaces"] == first.id
    # A later re-run replaces the latest delivery.
    third = plan_schools(2023, REFERENCE, today=AFTER, rerun_reason="Again")
    assert third.parameters["replaces"] == again.id


def test_a_rerun_of_a_cohort_never_delivered_is_refused(pupil):
    error = refusal(lambda: plan_schools(2023, REFERENCE, today=AFTER, rerun_reason="why"))
    assert (error.code, error.field) == ("nothing_to_rerun", "rerun_reason")


def test_a_blank_reason_is_no_reason(pupil):
    records.run(plan_schools(2023, REFERENCE, today=AFTER), None, "cli")
    assert (
        refusal(lambda: plan_schools(2023, REFERENCE, today=AFTER, rerun_reason="   ")).code
        == "already_delivered"
    )


def test_two_runs_planned_at_once_deliver_once(pupil):
    one = plan_schools(2023, REFERENCE, today=AFTER)
    other = plan_schools(2023, REFERENCE, today=AFTER)
    records.run(one, None, "cli")
    assert refusal(lambda: records.run(other, None, "cli")).code == "already_delivered"
    assert Delivery.select().count() == 1 and DeliveryFile.select().count() == 1


# --- On the web ------------------------------------------------------------------------------


@pytest.fixture
def officer(portal, data, pupil):
    data.staff("disclosure")
    portal.login("disclosure")
    return portal


def html_of(response, status=200):
    assert response.status_code == status, response.status_code
    return response.get_data(as_text=True)


def post(officer, action="run", **values):
    """Preview, or (``run``) preview and confirm with the preview's one-time token."""
    asked = {"cohort": "2023", "reference_date": "2024-09-15", **values}
    if action == "run":
        return confirm_delivery(officer, "/disclosure/schools", asked)
    return officer.post("/disclosure/schools", {**asked, "action": action})


def test_web_refuses_a_cohort_whose_first_year_has_not_ended(officer):
    cohort = academic_year_of(clock.local_today())
    html = html_of(post(officer, "preview", cohort=str(cohort)), 422)
    error = re.search(r'<p class="error" id="cohort-error">([^<]*)</p>', html)
    assert error and "31 aug" in error.group(1) and 'id="preview"' not in html
    assert Delivery.select().count() == 0


def test_web_second_run_is_refused_with_the_date_of_the_first(officer):
    assert post(officer).status_code == 303
    html = html_of(post(officer, "preview"), 422)
    error = re.search(r'<p class="error" id="cohort-error">([^<]*)</p>', html).group(1)
    # The message names the first delivery and the day it was made (Amsterdam).
    assert f" {Delivery.get().id})" in error and str(clock.local_today().day) in error
    assert Delivery.select().count() == 1


def test_web_rerun_needs_the_box_and_a_reason(officer):
    post(officer)
    html = html_of(post(officer, "preview", rerun_reason_confirm="y"), 422)
    assert 'id="rerun_reason-error"' in html
    # A reason without the box ticked is not a re-run.
    html_of(post(officer, "preview", rerun_reason="typo"), 422)
    assert Delivery.select().count() == 1


def test_web_rerun_with_a_reason_is_recorded_and_shown(officer):
    post(officer)
    html = html_of(
        post(officer, "preview", rerun_reason_confirm="y", rerun_reason="Verkeerde EC's")
    )
    assert 'id="preview-rerun"' in html
    hidden = dict(
        re.findall(r'<input type="hidden" name="(rerun_reason\w*)" value="([^"]*)"', html)
    )
    assert hidden == {"rerun_reason_confirm": "y", "rerun_reason": "Verkeerde EC&#39;s"}
    response = post(officer, rerun_reason_confirm="y", rerun_reason="Verkeerde EC's")
    assert response.status_code == 303
    latest = Delivery.select().order_by(Delivery.id.desc()).first()
    assert latest.parameter_values["rerun_reason"] == "Verkeerde EC's"
    page = html_of(officer.client.get(response.headers["Location"]))
    assert re.search(r'id="delivery-rerun-reason">Verkeerde EC&#39;s<', page)
    assert 'id="delivery-replaces"' in page


# --- On the command line ---------------------------------------------------------------------


def cli(app, tmp_path, *extra, cohort="2023"):
    return app.test_cli_runner().invoke(
        args=[
            "delivery",
            "schools",
            "--cohort",
            cohort,
            "--reference-date",
            "2024-09-15",
            "--out-dir",
            str(tmp_path / "out"),
            *extra,
        ]
    )


def test_cli_refuses_a_cohort_whose_first_year_has_not_ended(app, pupil, tmp_path):
    result = cli(app, tmp_path, cohort=str(academic_year_of(clock.local_today())))
    assert result.exit_code != 0 and "first academic year ends on" in result.output
    assert Delivery.select().count() == 0


def test_cli_delivers_a_cohort_once_unless_given_a_reason(app, pupil, tmp_path):
    assert cli(app, tmp_path).exit_code == 0
    again = cli(app, tmp_path)
    assert again.exit_code != 0 and "already delivered on" in again.output
    assert Delivery.select().count() == 1
    blank = cli(app, tmp_path, "--rerun-reason", " ")
    assert blank.exit_code != 0 and "Give the reason" in blank.output
    rerun = cli(app, tmp_path, "--rerun-reason", "School 01AB got the wrong EC totals")
    assert rerun.exit_code == 0, rerun.output
    latest = Delivery.select().order_by(Delivery.id.desc()).first()
    assert latest.parameter_values["rerun_reason"] == "School 01AB got the wrong EC totals"
    assert latest.parameter_values["via"] == "cli"
