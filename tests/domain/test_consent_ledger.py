"""The consent ledger: append-only events, state on a reference date, versions, restriction."""

import datetime as dt
import threading

import pytest

from domain.consent import ledger as consent
from domain.consent import parties
from domain.consent.ledger import NoticeChanged, record_choice
from domain.consent.parties import Notice
from domain.consent.vocabulary import GIVEN, WITHDRAWN
from domain.core import clock
from domain.core.clock import end_of_day
from domain.core.text import Text
from domain.models import ConsentEvent, NoticeVersion
from tests import factories
from tests.support import count_queries


@pytest.fixture
def kivi(db):
    parties.ensure_parties()
    return parties.party_by_key(parties.KIVI)


def utc(*args) -> dt.datetime:
    return dt.datetime(*args)


def choose(person, party, decision, at: dt.datetime, **kwargs):
    return record_choice(
        person.id, party.id, decision, channel="web", language="nl", actor_id=None, now=at, **kwargs
    ).event


def consents(party, day) -> set[int]:
    return consent.consenting_ids(party.id, day)


def test_the_parties_of_the_seed_exist_once_with_exactly_their_fields(db):
    parties.ensure_parties()
    parties.ensure_parties()  # idempotent
    versions = {v.party.key: v for v in parties.current_versions(every_party=True)}
    assert set(versions) == {"kivi", "schools", "bedrijvendagen", "nse", "nse-second-email"}
    assert NoticeVersion.select().count() == 5
    # The NSE receives its data by legal obligation: no consent is asked for it.
    asked = {v.party.key for v in parties.current_versions()}
    assert asked == {"kivi", "schools", "bedrijvendagen", "nse-second-email"}
    assert versions["nse-second-email"].fields == ["second_email"]
    assert versions["kivi"].fields == [
        "first_name",
        "surname",
        "university_email",
        "programme",
        "exam_date",
    ]
    assert versions["schools"].fields == [
        "surname",
        "first_year_programme",
        "first_year_ec",
        "second_year_programme",
    ]
    assert versions["bedrijvendagen"].fields == [
        "student_number",
        "initials",
        "prefix",
        "surname",
        "university_email",
        "faculty",
        "exam_type",
        "programme",
        "start_cohort",
        "last_enrolment_year",
    ]
    assert versions["kivi"].name.nl.startswith("KIVI") and versions["kivi"].purpose.en


def test_no_recorded_choice_counts_as_no(kivi):
    factories.person()
    assert consents(kivi, dt.date(2025, 1, 15)) == set()


def test_consent_given_before_the_reference_date_counts_and_after_it_does_not(kivi):
    early, late = factories.person(), factories.person()
    choose(early, kivi, GIVEN, utc(2025, 1, 10, 9))
    choose(late, kivi, GIVEN, utc(2025, 1, 20, 9))
    assert consents(kivi, dt.date(2025, 1, 15)) == {early.id}
    assert consents(kivi, dt.date(2025, 1, 25)) == {early.id, late.id}
    assert consents(kivi, dt.date(2025, 1, 9)) == set()


def test_consent_withdrawn_before_the_reference_date_is_no(kivi):
    person = factories.person()
    choose(person, kivi, GIVEN, utc(2025, 1, 1, 9))
    choose(person, kivi, WITHDRAWN, utc(2025, 1, 10, 9))
    assert consents(kivi, dt.date(2025, 1, 5)) == {person.id}  # before the withdrawal
    assert consents(kivi, dt.date(2025, 1, 15)) == set()


def test_consent_given_again_counts_from_then_on(kivi):
    person = factories.person()
    choose(person, kivi, GIVEN, utc(2025, 1, 1, 9))
    choose(person, kivi, WITHDRAWN, utc(2025, 1, 10, 9))
    choose(person, kivi, GIVEN, utc(2025, 1, 20, 9))
    assert consents(kivi, dt.date(2025, 1, 15)) == set()
    assert consents(kivi, dt.date(2025, 1, 20)) == {person.id}
    assert ConsentEvent.select().count() == 3  # append-only: every choice is a row


def test_events_at_the_same_instant_are_ordered_by_id(kivi):
    person = factories.person()
    same = utc(2025, 1, 10, 9)
    choose(person, kivi, GIVEN, same)
    choose(person, kivi, WITHDRAWN, same)
    assert consents(kivi, dt.date(2025, 1, 10)) == set()


# --- A reference date is a whole day in Europe/Amsterdam ----------------------------------


@pytest.mark.parametrize(
    "day, end_utc",
    [
        (dt.date(2024, 1, 15), utc(2024, 1, 15, 23)),  # winter: UTC+1
        (dt.date(2024, 6, 14), utc(2024, 6, 14, 22)),  # summer: UTC+2
        (dt.date(2024, 3, 31), utc(2024, 3, 31, 22)),  # 23-hour day: clocks go forward
        (dt.date(2024, 3, 30), utc(2024, 3, 30, 23)),  # the day before it ends in winter time
        (dt.date(2024, 10, 27), utc(2024, 10, 27, 23)),  # 25-hour day: clocks go back
        (dt.date(2024, 10, 26), utc(2024, 10, 26, 22)),
    ],
)
def test_end_of_day_is_the_next_midnight_in_amsterdam(day, end_utc):
    assert end_of_day(day) == end_utc


@pytest.mark.parametrize(
    "day, counted, not_counted",
    [
        # 23:30 local on the reference date counts; 00:30 local the next day does not.
        (dt.date(2024, 1, 15), utc(2024, 1, 15, 22, 30), utc(2024, 1, 15, 23, 30)),
        (dt.date(2024, 6, 14), utc(2024, 6, 14, 21, 30), utc(2024, 6, 14, 22, 30)),
        (dt.date(2024, 3, 31), utc(2024, 3, 31, 21, 30), utc(2024, 3, 31, 22, 30)),
        (dt.date(2024, 10, 27), utc(2024, 10, 27, 22, 30), utc(2024, 10, 27, 23, 30)),
    ],
)
def test_the_reference_date_is_judged_as_a_whole_amsterdam_day(kivi, day, counted, not_counted):
    on_time, too_late = factories.person(), factories.person()
    choose(on_time, kivi, GIVEN, counted)
    choose(too_late, kivi, GIVEN, not_counted)
    assert clock.local_time(counted).date() == day
    assert clock.local_time(counted).strftime("%H:%M") == "23:30"
    assert clock.local_time(not_counted).strftime("%H:%M") == "00:30"
    assert consents(kivi, day) == {on_time.id}
    assert consents(kivi, day + dt.timedelta(days=1)) == {on_time.id, too_late.id}


def test_a_choice_just_after_midnight_on_the_dst_day_belongs_to_that_day(kivi):
    person = factories.person()
    # 00:30 on 31 March 2024 in Amsterdam (still winter time) is 23:30 UTC on 30 March.
    choose(person, kivi, GIVEN, utc(2024, 3, 30, 23, 30))
    assert consents(kivi, dt.date(2024, 3, 30)) == set()
    assert consents(kivi, dt.date(2024, 3, 31)) == {person.id}


# --- Versions -----------------------------------------------------------------------------


def _add_field(party, field):
    current = parties.current_version(party.id)
    notice = Notice.of(current)
    return parties.update_party(
        party,
        party.contact,
        party.frequency,
        Notice(notice.name, notice.description, notice.purpose, notice.fields + (field,)),
    )


def test_consent_to_an_older_version_does_not_cover_added_fields(kivi):
    person = factories.person()
    choose(person, kivi, GIVEN, utc(2025, 1, 2, 9))
    v2 = _add_field(kivi, "student_number")
    assert v2.version == 2 and "student_number" in v2.fields
    assert consents(kivi, dt.date(2025, 1, 5)) == set()
    choice = consent.choice_for(person.id, kivi.id)
    assert choice.outdated and not choice.consented and choice.new_fields == ["student_number"]
    # Consenting again, to the new version, counts.
    choose(person, kivi, GIVEN, utc(2025, 1, 6, 9))
    assert consents(kivi, dt.date(2025, 1, 6)) == {person.id}
    assert ConsentEvent.select().order_by(ConsentEvent.id.desc()).get().notice_version_id == v2.id
    # The fields of the older version alone are still covered by the older consent.
    assert consent.consenting_ids(
        kivi.id, dt.date(2025, 1, 5), fields=["first_name", "surname"]
    ) == {person.id}


def test_a_version_that_drops_a_field_keeps_earlier_consent_valid(kivi):
    person = factories.person()
    choose(person, kivi, GIVEN, utc(2025, 1, 2, 9))
    notice = Notice.of(parties.current_version(kivi.id))
    parties.update_party(
        kivi,
        kivi.contact,
        kivi.frequency,
        Notice(notice.name, notice.description, notice.purpose, notice.fields[:-1]),
    )
    assert consents(kivi, dt.date(2025, 1, 5)) == {person.id}


def test_an_unchanged_notice_makes_no_new_version(kivi):
    notice = Notice.of(parties.current_version(kivi.id))
    contact = Text("KIVI, elders", "KIVI, elsewhere")
    assert parties.update_party(kivi, contact, kivi.frequency, notice) is None
    assert NoticeVersion.select().where(NoticeVersion.party == kivi).count() == 1
    assert parties.party_by_key("kivi").contact == contact


@pytest.mark.parametrize("contact", [Text("", "KIVI"), Text("KIVI", "  ")])
def test_a_contact_is_required_in_both_languages(kivi, contact):
    notice = Notice.of(parties.current_version(kivi.id))
    with pytest.raises(parties.PartyError) as error:
        parties.update_party(kivi, contact, kivi.frequency, notice)
    assert error.value.code == "contact"
    with pytest.raises(parties.PartyError) as error:
        parties.create_party(
            "alumni",
            contact,
            "yearly",
            Notice(notice.name, notice.description, notice.purpose, ("surname",)),
        )
    assert error.value.code == "contact"
    assert parties.party_by_key("kivi").contact == parties.SEED_PARTIES["kivi"][0]


# --- Restriction, summaries, recording ------------------------------------------------------


def test_restricted_persons_are_never_consenting(kivi):
    free, restricted = factories.person(), factories.person(is_restricted=True)
    for p in (free, restricted):
        choose(p, kivi, GIVEN, utc(2025, 1, 2, 9))
    assert consents(kivi, dt.date(2025, 1, 5)) == {free.id}


def test_summary_counts_every_kind_of_no(kivi):
    yes, withdrawn, outdated = (factories.person() for _ in range(3))
    restricted = factories.person(is_restricted=True)
    factories.person()  # no choice
    for p in (yes, withdrawn, outdated, restricted):
        choose(p, kivi, GIVEN, utc(2025, 1, 2, 9))
    choose(withdrawn, kivi, WITHDRAWN, utc(2025, 1, 3, 9))
    _add_field(kivi, "student_number")
    for p in (yes, restricted):
        choose(p, kivi, GIVEN, utc(2025, 1, 4, 9))
    summaries = {s.party.key: s for s in consent.summary_on(dt.date(2025, 1, 5))}
    kivi_summary = summaries["kivi"]
    assert (
        kivi_summary.consented,
        kivi_summary.restricted,
        kivi_summary.outdated,
        kivi_summary.withdrawn,
        kivi_summary.no_choice,
    ) == (1, 1, 1, 1, 1)
    assert kivi_summary.counted_as_no == 3
    assert summaries["schools"].no_choice == 5 and summaries["schools"].consented == 0
    # On an earlier day only the consents to the first version existed: all outdated now.
    before = {s.party.key: s for s in consent.summary_on(dt.date(2025, 1, 2))}["kivi"]
    assert (before.consented, before.outdated, before.restricted) == (0, 4, 0)


def test_state_for_everyone_takes_a_constant_number_of_queries(kivi):
    def measure(n):
        for _ in range(n):
            choose(factories.person(), kivi, GIVEN, utc(2025, 1, 2, 9))
        with count_queries() as queries:
            consent.consenting_ids(kivi.id, dt.date(2025, 1, 5))
            consent.summary_on(dt.date(2025, 1, 5))
        return len(queries)

    assert measure(2) == measure(20)


def test_repeating_the_last_choice_writes_nothing(kivi):
    person = factories.person()
    first = record_choice(person.id, kivi.id, GIVEN, channel="web", language="nl", actor_id=None)
    again = record_choice(person.id, kivi.id, GIVEN, channel="web", language="en", actor_id=None)
    assert first.changed and not again.changed and again.event.id == first.event.id
    assert ConsentEvent.select().count() == 1


def test_consent_to_a_notice_that_changed_meanwhile_is_refused(kivi):
    person = factories.person()
    shown = parties.current_version(kivi.id)
    _add_field(kivi, "student_number")
    with pytest.raises(NoticeChanged):
        record_choice(
            person.id,
            kivi.id,
            GIVEN,
            channel="web",
            language="nl",
            actor_id=None,
            shown_version_id=shown.id,
        )
    withdrawn = record_choice(
        person.id,
        kivi.id,
        WITHDRAWN,
        channel="web",
        language="nl",
        actor_id=None,
        shown_version_id=shown.id,
    )
    assert withdrawn.changed  # withdrawing is never refused
    assert ConsentEvent.select().count() == 1


def test_invalid_values_are_refused(kivi):
    person = factories.person()
    for kwargs in ({"decision": "maybe"}, {"channel": "fax"}, {"language": "de"}):
        values = {"decision": GIVEN, "channel": "web", "language": "nl"} | kwargs
        with pytest.raises(ValueError):
            record_choice(
                person.id,
                kivi.id,
                values["decision"],
                channel=values["channel"],
                language=values["language"],
                actor_id=None,
            )


def test_choices_recorded_within_the_same_clock_tick_stay_in_order(kivi, monkeypatch):
    person = factories.person()
    frozen = utc(2025, 1, 2, 9)
    monkeypatch.setattr(consent, "utcnow", lambda: frozen)
    a = record_choice(person.id, kivi.id, GIVEN, channel="web", language="nl", actor_id=None)
    b = record_choice(person.id, kivi.id, WITHDRAWN, channel="web", language="nl", actor_id=None)
    assert b.event.occurred_at > a.event.occurred_at
    assert consent.choice_for(person.id, kivi.id).latest.decision == WITHDRAWN


def test_the_ledger_goes_with_the_person(kivi):
    person, account = factories.student()
    record_choice(person.id, kivi.id, GIVEN, channel="web", language="nl", actor_id=account.id)
    person.delete_instance()
    assert ConsentEvent.select().count() == 0


def test_near_simultaneous_choices_leave_a_consistent_ledger(kivi):
    """Threads, each with its own connection, click at once; the last recorded wins."""
    from domain.core.db import database

    person = factories.person()
    rounds, errors = 6, []
    barrier = threading.Barrier(2)

    def click(decision):
        try:
            with database.connection_context():
                for _ in range(rounds):
                    barrier.wait(timeout=10)
                    record_choice(
                        person.id, kivi.id, decision, channel="web", language="nl", actor_id=None
                    )
        except Exception as exc:  # reported below: a thread cannot fail the test itself
            errors.append(exc)

    threads = [threading.Thread(target=click, args=(d,)) for d in (GIVEN, WITHDRAWN)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not errors, errors
    events = list(ConsentEvent.select().order_by(ConsentEvent.occurred_at, ConsentEvent.id))
    # Recording order (ids) and time order agree, and no two events share a moment.
    assert [e.id for e in events] == sorted(e.id for e in events)
    assert len({e.occurred_at for e in events}) == len(events)
    # Consecutive events always differ: a repeat would have written nothing.
    assert all(a.decision != b.decision for a, b in zip(events, events[1:], strict=False))
    assert consent.choice_for(person.id, kivi.id).latest.id == events[-1].id
    today_state = consent.consenting_ids(kivi.id, clock.local_today() + dt.timedelta(days=1))
    assert (person.id in today_state) == (events[-1].decision == GIVEN)
