"""The NSE hand-over (issue 13 §1) on small explicit data: the FAQ's fields in order, who is
in, the second e-mail address on consent, and the deletion date the retention worker keeps."""

import csv
import datetime as dt
import io

import pytest

from domain.consent import ledger as consent
from domain.consent import parties
from domain.consent.vocabulary import GIVEN, WITHDRAWN
from domain.core import clock
from domain.deliveries import records as deliveries
from domain.deliveries.kinds import KINDS
from domain.deliveries.nse import plan_nse
from domain.deliveries.plans import DeliveryError
from domain.models import Objection, Person, SurveyHandover
from domain.retention import engine
from tests import factories

TODAY = dt.date(2025, 1, 20)
REF = dt.date(2025, 1, 15)
DELETE_ON = dt.date(2025, 10, 14)

# The FAQ's list ("Ontvangen jullie ook andere gegevens?"), in its order, then the optional
# fields the UT's programmes have, then the second e-mail address (consent only).
HEADER = [
    "email",
    "brin",
    "brin_volgnummer",
    "plaats",
    "croho",
    "opleidingsvorm",
    "soort_student",
    "afstandsonderwijs",
    "niveau",
    "eerstejaars_ouderejaars",
    "voorkeurstaal",
    "variant",
    "internationale_student",
    "tweede_email",
]


@pytest.fixture
def world(db):
    found = {p.key: p for p in parties.ensure_parties()}
    return {
        "second": found["nse-second-email"],
        "tcs": factories.programme(),
        "cs": factories.programme(
            "60300", "Computer Science", "Computer Science", "EEMCS", "master"
        ),
    }


def enrolled(number, surname, prog, start=dt.date(2022, 9, 1), end=dt.date(2025, 8, 31), **kw):
    person_values = {
        k: kw.pop(k) for k in ("nationality", "survey_language", "private_email") if k in kw
    }
    p = factories.person(student_number=number, surname=surname, prefix="", **person_values)
    factories.enrolment(p, start=start, end=end, prog=prog, **kw)
    return p


def give(p, party, at, decision=GIVEN):
    consent.record_choice(
        p.id, party.id, decision, channel="web", language="nl", actor_id=None, now=at
    )


def plan(**kw):
    return plan_nse(kw.pop("year", 2025), kw.pop("delete_on", DELETE_ON), REF, today=TODAY)


def rows(p):
    return [dict(zip(p.header, cells, strict=True)) for _, cells in p.files[0].rows]


def test_the_file_has_exactly_the_faq_fields_in_its_order(world):
    anna = enrolled("s2000001", "Aalbers", world["tcs"], start=dt.date(2024, 9, 1))
    anna.survey_language = "de"
    anna.nationality = "Duitse"
    anna.save()
    enrolled(
        "s2000002",
        "Bos",
        world["cs"],
        enrolment_type="premaster",
        form="deeltijd",
        distance_learning=True,
        track="Research",
    )
    p = plan()
    assert p.header == HEADER
    assert KINDS["nse"].fields == tuple(p.fields)
    assert rows(p) == [
        {
            "email": "s2000001@student.utwente.nl",
            "brin": "21PH",
            "brin_volgnummer": "00",
            "plaats": "Enschede",
            "croho": "56964",
            "opleidingsvorm": "voltijd",
            "soort_student": "regulier",
            "afstandsonderwijs": "nee",
            "niveau": "wo",
            "eerstejaars_ouderejaars": "eerstejaars",
            "voorkeurstaal": "Duits",
            "variant": "",
            "internationale_student": "ja",
            "tweede_email": "",
        },
        {
            "email": "s2000002@student.utwente.nl",
            "brin": "21PH",
            "brin_volgnummer": "00",
            "plaats": "Enschede",
            "croho": "60300",
            "opleidingsvorm": "deeltijd",
            "soort_student": "premaster",
            "afstandsonderwijs": "ja",
            "niveau": "wo",
            "eerstejaars_ouderejaars": "ouderejaars",
            "voorkeurstaal": "Nederlands",
            "variant": "Research",
            "internationale_student": "nee",
            "tweede_email": "",
        },
    ]


def test_a_later_year_in_the_same_programme_is_not_a_first_year(world):
    p = enrolled("s2000001", "Aalbers", world["tcs"], start=dt.date(2024, 9, 1))
    factories.enrolment(p, start=dt.date(2023, 9, 1), end=dt.date(2024, 8, 31), prog=world["tcs"])
    assert [r["eerstejaars_ouderejaars"] for r in rows(plan())] == ["ouderejaars"]


def test_only_those_enrolled_on_the_reference_date_are_in_and_no_consent_is_asked(world):
    enrolled("s2000001", "Aalbers", world["tcs"], start=REF, end=REF)  # that one day
    enrolled("s2000002", "Bos", world["tcs"], start=REF + dt.timedelta(days=1))
    enrolled("s2000003", "Claes", world["tcs"], end=REF - dt.timedelta(days=1))
    enrolled("s2000004", "Dekker", world["tcs"], enrolment_type="extraneus")
    enrolled("s2000005", "Evers", world["tcs"], enrolment_type="exchange_incoming")
    p = plan()
    assert [r["email"] for r in rows(p)] == ["s2000001@student.utwente.nl"]
    assert p.counts()["candidates"] == 1 and p.counts()["delivered"] == 1


def test_a_restriction_or_an_upheld_objection_keeps_a_student_out(world):
    enrolled("s2000001", "Aalbers", world["tcs"])
    restricted = enrolled("s2000002", "Bos", world["tcs"])
    Person.update(is_restricted=True).where(Person.id == restricted.id).execute()
    objecting = enrolled("s2000003", "Claes", world["tcs"])
    Objection.create(person=objecting, processing="13")
    other = enrolled("s2000004", "Dekker", world["tcs"])
    Objection.create(person=other, processing="7")  # another purpose: still in
    p = plan()
    assert [r["email"][:8] for r in rows(p)] == ["s2000001", "s2000004"]
    assert p.counts()["candidates"] == 4 and p.counts()["restricted"] == 2


def test_the_second_address_only_with_consent_that_counted_on_the_reference_date(world):
    second = world["second"]
    # The reference date ends at midnight in Amsterdam: 23:00 UTC in winter.
    last_moment = clock.end_of_day(REF) - dt.timedelta(microseconds=1)
    on_time = enrolled("s2000001", "Aalbers", world["tcs"], private_email="a@example.org")
    give(on_time, second, last_moment)
    too_late = enrolled("s2000002", "Bos", world["tcs"], private_email="b@example.org")
    give(too_late, second, clock.end_of_day(REF))
    withdrew = enrolled("s2000003", "Claes", world["tcs"], private_email="c@example.org")
    give(withdrew, second, dt.datetime(2025, 1, 2, 9))
    give(withdrew, second, dt.datetime(2025, 1, 17, 9), WITHDRAWN)  # after the date
    never = enrolled("s2000004", "Dekker", world["tcs"], private_email="d@example.org")
    p = plan()
    assert [(r["email"][:8], r["tweede_email"]) for r in rows(p)] == [
        ("s2000001", "a@example.org"),
        ("s2000002", ""),
        ("s2000003", ""),
        ("s2000004", ""),
    ]
    assert p.extra == {"second_email": 1, "second_email_withdrawn": 1}
    assert never.id in p.person_ids  # the hand-over itself needs no consent
    with pytest.raises(ValueError):  # and none can be recorded for it
        nse = parties.party_by_key("nse")
        give(never, nse, dt.datetime(2025, 1, 2, 9))


@pytest.mark.parametrize("delete_on", [REF, TODAY, None])
def test_the_deletion_date_must_still_be_ahead(world, delete_on):
    with pytest.raises(DeliveryError) as raised:
        plan_nse(2025, delete_on, REF, today=TODAY)
    assert raised.value.field == "delete_on"


def test_the_handover_is_logged_and_deleted_by_the_worker_on_its_amsterdam_day(world):
    p1 = enrolled("s2000001", "Aalbers", world["tcs"], private_email="a@example.org")
    give(p1, world["second"], dt.datetime(2025, 1, 2, 9))
    p2 = enrolled("s2000002", "Bos", world["tcs"])
    factories.enrolment(p2, prog=world["cs"], enrolment_type="master")  # two rows, one person
    delivery = deliveries.run(plan(), None, "cli")
    assert delivery.parameter_values["delete_on"] == "2025-10-14"
    kept = sorted(
        (h.person_id, h.survey_name, h.email_address, h.delete_on) for h in SurveyHandover.select()
    )
    assert kept == sorted(
        [
            (p1.id, "NSE 2025", "s2000001@student.utwente.nl", DELETE_ON),
            (p1.id, "NSE 2025", "a@example.org", DELETE_ON),
            (p2.id, "NSE 2025", "s2000002@student.utwente.nl", DELETE_ON),
        ]
    )
    (logged,) = deliveries.disclosed_about(p1.id)
    assert logged.delete_on == DELETE_ON and logged.party_name.en.startswith("National")
    assert "second_email" in logged.fields
    # 22:30 UTC on 13 October is already 14 October in Amsterdam (CEST); 21:30 is not.
    day = clock.local_today(dt.datetime(2025, 10, 13, 21, 30))
    assert day == dt.date(2025, 10, 13)
    engine.run(day, pseudonym_key="k")
    assert SurveyHandover.select().count() == 3
    day = clock.local_today(dt.datetime(2025, 10, 13, 22, 30))
    assert day == DELETE_ON
    engine.run(day, pseudonym_key="k")
    assert SurveyHandover.select().count() == 0


def test_the_file_downloads_without_consent_but_not_after_a_restriction(world):
    p1 = enrolled("s2000001", "Aalbers", world["tcs"])
    enrolled("s2000002", "Bos", world["tcs"])
    delivery = deliveries.run(plan(), None, "cli")
    (view,) = deliveries.delivery(delivery.id)[1]
    assert view.current_persons == 2
    Person.update(is_restricted=True).where(Person.id == p1.id).execute()
    found = deliveries.file_download(view.file.id)
    lines = list(csv.reader(io.StringIO(found.text)))
    assert lines[0] == HEADER and [line[0][:8] for line in lines[1:]] == ["s2000002"]
    assert found.withdrawn == 1


def test_cli_writes_the_formula_safe_file_and_keeps_the_deletion_date(app, data, tmp_path):
    from domain.core.csv_safe import BOM
    from domain.models import Delivery

    parties.ensure_parties()
    ref = clock.local_today() - dt.timedelta(days=1)
    delete_on = clock.local_today() + dt.timedelta(days=200)
    p = factories.person(student_number="s2000001", surname="Aalbers")
    factories.enrolment(p, start=dt.date(2023, 9, 1), track="=HYPERLINK(1)")
    out = tmp_path / "nse.csv"
    args = ["delivery", "nse", "--year", str(ref.year), "--reference-date", ref.isoformat()]
    result = app.test_cli_runner().invoke(
        args=[*args, "--delete-on", delete_on.isoformat(), "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "delivered: 1" in result.output and "s2000001" not in result.output
    text = out.read_bytes().decode("utf-8")
    assert text.startswith(BOM + ",".join(HEADER) + "\r\n")
    assert "'=HYPERLINK(1)" in text
    assert Delivery.get().parameter_values["via"] == "cli"
    (kept,) = SurveyHandover.select()
    assert kept.delete_on == delete_on
    # A deletion date that is not ahead is refused with the reason, and nothing is stored.
    result = app.test_cli_runner().invoke(
        args=[*args, "--delete-on", ref.isoformat(), "--out", str(tmp_path / "x.csv")]
    )
    assert result.exit_code != 0 and "deletion date" in result.output
    assert Delivery.select().count() == 1 and not (tmp_path / "x.csv").exists()
