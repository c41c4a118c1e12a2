"""The three deliveries on small explicit data: exactly who and what each file holds."""

import csv
import datetime as dt
import io
import json

import pytest

from domain.consent import ledger as consent
from domain.consent import parties
from domain.consent.vocabulary import GIVEN, WITHDRAWN
from domain.core import clock
from domain.core.csv_safe import BOM
from domain.deliveries import records as deliveries
from domain.deliveries.bedrijvendagen import plan_bedrijvendagen
from domain.deliveries.kivi import plan_kivi
from domain.deliveries.plans import DeliveryError
from domain.deliveries.schools import plan_schools
from domain.deliveries.visitors import parse_visitors
from domain.models import Delivery, DeliveryFile, Disclosure
from tests import factories

TODAY = dt.date(2025, 6, 1)


@pytest.fixture
def world(db):
    parties.ensure_parties()
    progs = {
        "tcs": factories.programme(),
        "cs": factories.programme(
            "60300", "Computer Science", "Computer Science", "EEMCS", "master"
        ),
        "psy": factories.programme("56604", "Psychologie", "Psychology", "BMS", "bachelor"),
    }
    return {"parties": {p.key: p for p in parties.ensure_parties()}, "prog": progs}


def person(number, first, prefix, surname, **values):
    return factories.person(
        student_number=number,
        first_name=first,
        prefix=prefix,
        surname=surname,
        initials=f"{first[0]}.",
        **values,
    )


def give(p, party, at, decision=GIVEN):
    consent.record_choice(
        p.id, party.id, decision, channel="web", language="nl", actor_id=None, now=at
    )


def degree(p, prog, exam_type, day):
    from domain.models import Degree

    return Degree.create(person=p, programme=prog, exam_type=exam_type, exam_date=day)


def rows_of(text):
    assert text.endswith("\r\n")
    return list(csv.reader(io.StringIO(text)))


# --- KIVI ------------------------------------------------------------------------------------


@pytest.fixture
def kivi_world(world):
    kivi, prog = world["parties"]["kivi"], world["prog"]
    before = dt.datetime(2025, 1, 10, 9)
    anna = person("s2000001", "Anna", "van", "Dijk")
    degree(anna, prog["tcs"], "bachelor", dt.date(2024, 7, 15))
    give(anna, kivi, before)
    bram = person("s2000002", "Bram", "", "Jansen")
    degree(bram, prog["tcs"], "bachelor", dt.date(2024, 2, 1))
    degree(bram, prog["cs"], "master", dt.date(2024, 8, 20))
    # 23:30 on the reference date in Amsterdam (winter: UTC+1): counts.
    give(bram, kivi, dt.datetime(2025, 1, 15, 22, 30))
    cees = person("s2000003", "Cees", "", "Kok")  # no choice: no
    degree(cees, prog["tcs"], "bachelor", dt.date(2024, 7, 15))
    dirk = person("s2000004", "Dirk", "", "Lam")  # 00:30 the next day: too late
    degree(dirk, prog["tcs"], "bachelor", dt.date(2024, 7, 15))
    give(dirk, kivi, dt.datetime(2025, 1, 15, 23, 30))
    eva = person("s2000005", "Eva", "", "Mol", is_restricted=True)  # restricted
    degree(eva, prog["tcs"], "master", dt.date(2024, 7, 15))
    give(eva, kivi, before)
    fay = person("s2000006", "Fay", "", "Noord")  # propedeuse only: not a candidate
    degree(fay, prog["tcs"], "propedeuse", dt.date(2024, 7, 15))
    give(fay, kivi, before)
    gijs = person("s2000007", "Gijs", "", "Oost")  # exam in 2023: not this year
    degree(gijs, prog["tcs"], "bachelor", dt.date(2023, 12, 31))
    give(gijs, kivi, before)
    hans = person("s2000008", "Hans", "", "Pool")  # withdrew before the date
    degree(hans, prog["tcs"], "bachelor", dt.date(2024, 12, 31))
    give(hans, kivi, before)
    give(hans, kivi, dt.datetime(2025, 1, 12, 9), WITHDRAWN)
    mallory = person(
        "s2000009", "=cmd|' /C calc'!A0", "", "Zwart", university_email="@SUM(1+1)*cmd"
    )  # formula injection
    degree(mallory, prog["tcs"], "bachelor", dt.date(2024, 1, 2))
    give(mallory, kivi, before)
    return {"anna": anna, "bram": bram, "mallory": mallory}


def test_kivi_holds_exactly_the_consenting_graduates_of_the_year(kivi_world):
    plan = plan_kivi(2024, dt.date(2025, 1, 15), today=TODAY)
    assert plan.counts() == {
        "candidates": 7,
        "delivered": 3,
        "not_consented": 3,
        "restricted": 1,
        "withdrawn": 0,
        "files": 1,
    }
    delivery = deliveries.run(plan, None, "cli")
    (file,) = DeliveryFile.select().where(DeliveryFile.delivery == delivery)
    name, text = deliveries.file_content(file.id)
    assert name == "kivi-2024.csv"
    assert rows_of(text) == [
        ["voornaam", "achternaam", "email", "opleiding", "examendatum"],
        ["Anna", "van Dijk", "s2000001@student.utwente.nl", "Technische Informatica", "2024-07-15"],
        ["Bram", "Jansen", "s2000002@student.utwente.nl", "Technische Informatica", "2024-02-01"],
        ["Bram", "Jansen", "s2000002@student.utwente.nl", "Computer Science", "2024-08-20"],
        ["'=cmd|' /C calc'!A0", "Zwart", "'@SUM(1+1)*cmd", "Technische Informatica", "2024-01-02"],
    ]


def test_a_delivery_is_recorded_with_one_disclosure_per_person(kivi_world):
    plan = plan_kivi(2024, dt.date(2025, 1, 15), today=TODAY)
    delivery = deliveries.run(plan, None, "cli")
    stored = Delivery.get_by_id(delivery.id)
    assert stored.party.key == "kivi" and stored.reference_date == dt.date(2025, 1, 15)
    assert stored.person_count == 3 and stored.run_by is None and stored.run_at
    assert stored.parameter_values["year"] == 2024 and stored.parameter_values["via"] == "cli"
    assert stored.parameter_values["counts"]["delivered"] == 3
    disclosed = {d.person_id: d for d in Disclosure.select()}
    assert set(disclosed) == {kivi_world[k].id for k in ("anna", "bram", "mallory")}
    assert disclosed[kivi_world["bram"].id].fields == [
        "first_name",
        "surname",
        "university_email",
        "programme",
        "exam_date",
    ]
    assert disclosed[kivi_world["bram"].id].rows.count("\r\n") == 2
    about_bram = deliveries.disclosed_about(kivi_world["bram"].id)
    assert [(d.recipient, d.reference_date, d.fields[0]) for d in about_bram] == [
        ("KIVI (Koninklijk Instituut van Ingenieurs)", dt.date(2025, 1, 15), "first_name")
    ]


def test_a_later_yes_counts_from_the_next_delivery(kivi_world, world):
    first = plan_kivi(2024, dt.date(2025, 1, 15), today=TODAY)
    later = plan_kivi(2024, dt.date(2025, 1, 16), today=TODAY)
    assert first.person_count == 3 and later.person_count == 4  # Dirk's 00:30 choice


def test_a_new_field_makes_earlier_consent_count_as_no(kivi_world, world):
    kivi = world["parties"]["kivi"]
    notice = parties.Notice.of(parties.current_version(kivi.id))
    parties.update_party(
        kivi,
        kivi.contact,
        kivi.frequency,
        parties.Notice(
            notice.name, notice.description, notice.purpose, notice.fields + ("student_number",)
        ),
    )
    give(kivi_world["anna"], kivi, dt.datetime(2025, 1, 14, 9))
    plan = plan_kivi(2024, dt.date(2025, 1, 15), today=TODAY)
    assert [cells for _, cells in plan.files[0].rows] == [
        [
            "s2000001",
            "Anna",
            "van Dijk",
            "s2000001@student.utwente.nl",
            "Technische Informatica",
            "2024-07-15",
        ]
    ]
    assert plan.header == [
        "studentnummer",
        "voornaam",
        "achternaam",
        "email",
        "opleiding",
        "examendatum",
    ]


def test_the_reference_date_must_have_ended(world):
    with pytest.raises(DeliveryError) as refused:
        plan_kivi(2024, TODAY, today=TODAY)
    assert refused.value.code == "reference_date"


# --- Secondary schools ------------------------------------------------------------------------


@pytest.fixture
def schools_world(world):
    from domain.models import Enrolment

    schools, prog = world["parties"]["schools"], world["prog"]
    at = dt.datetime(2024, 6, 1, 9)

    def pupil(number, first, prefix, surname, brin, school, spells, consents=True):
        p = person(number, first, prefix, surname, school_brin=brin, school_name=school)
        for programme, start, end in spells:
            Enrolment.create(
                person=p,
                programme=prog[programme],
                enrolment_type="bachelor",
                form="voltijd",
                start_date=start,
                end_date=end or factories.STILL_ENROLLED,
            )
        if consents:
            give(p, schools, at)
        return p

    y, y1 = dt.date(2023, 9, 1), dt.date(2024, 9, 1)
    anna = pupil(
        "s2000011", "Anna", "de", "Vries", "01AB", "Stedelijk Lyceum Enschede", [("tcs", y, None)]
    )
    for ec, grade, day in (
        ("5", "7.0", dt.date(2023, 11, 1)),
        ("5", "6.5", dt.date(2024, 4, 1)),
        ("5", "4.0", dt.date(2024, 6, 1)),  # failed: no EC
        ("5", "8.0", dt.date(2024, 10, 1)),
    ):  # year X+1
        factories.course_result(anna, ec=ec, grade=grade, date=day)
    bram = pupil(
        "s2000012",
        "Bram",
        "",
        "Bakker",
        "01AB",
        "Stedelijk Lyceum Enschede",
        [("psy", y, dt.date(2024, 8, 31))],
    )
    factories.course_result(bram, ec="7.5", grade="5.5", date=dt.date(2024, 1, 20))
    pupil(
        "s2000013",
        "Cees",
        "",
        "Claassen",
        "02CD",
        "Bonhoeffer College",
        [("tcs", y, dt.date(2024, 8, 31)), ("psy", y1, None)],
    )
    pupil(
        "s2000014",
        "Dirk",
        "",
        "Dekker",
        "01AB",
        "Stedelijk Lyceum Enschede",
        [("tcs", y, None)],
        consents=False,
    )
    pupil(
        "s2000015", "Eva", "", "Evers", "03EF", "Het Erasmus", [("tcs", dt.date(2022, 9, 1), None)]
    )  # cohort 2022
    pupil("s2000016", "Fay", "", "Fokker", None, None, [("tcs", y, None)])  # no school known
    pupil(
        "s2000017",
        "Gijs",
        "",
        "Goossens",
        "02CD",
        "Bonhoeffer College",
        [("psy", dt.date(2022, 9, 1), dt.date(2023, 1, 31)), ("tcs", y, None)],
    )  # restarted
    return world


def test_schools_get_one_file_each_with_only_their_own_consenting_pupils(schools_world):
    plan = plan_schools(2023, dt.date(2024, 9, 15), today=TODAY + dt.timedelta(365))
    assert plan.counts() == {
        "candidates": 4,
        "delivered": 3,
        "not_consented": 1,
        "restricted": 0,
        "withdrawn": 0,
        "files": 2,
    }
    delivery = deliveries.run(plan, None, "web")
    files = {f.file_name: f for f in DeliveryFile.select().where(DeliveryFile.delivery == delivery)}
    assert set(files) == {"scholen-2023-01AB.csv", "scholen-2023-02CD.csv"}
    assert files["scholen-2023-01AB.csv"].recipient == "01AB Stedelijk Lyceum Enschede"
    header = ["achternaam", "opleiding_jaar_x", "ec_jaar_x", "herinschrijving_jaar_x1"]
    _, ab = deliveries.file_content(files["scholen-2023-01AB.csv"].id)
    assert rows_of(ab) == [
        header,
        ["Bakker", "Psychologie", "7.5", "Geen UT inschrijving"],
        ["de Vries", "Technische Informatica", "10", "Technische Informatica"],
    ]
    _, cd = deliveries.file_content(files["scholen-2023-02CD.csv"].id)
    assert rows_of(cd) == [header, ["Claassen", "Technische Informatica", "0", "Psychologie"]]


# --- Bedrijvendagen ---------------------------------------------------------------------------


@pytest.fixture
def fair_world(world):
    from domain.models import Enrolment

    fair, prog = world["parties"]["bedrijvendagen"], world["prog"]
    at = dt.datetime(2025, 3, 1, 9)
    anna = person("s2000021", "Anna", "van", "Dijk")
    Enrolment.create(
        person=anna,
        programme=prog["tcs"],
        enrolment_type="bachelor",
        form="voltijd",
        start_date=dt.date(2020, 9, 1),
        end_date=dt.date(2023, 8, 31),
    )
    Enrolment.create(
        person=anna,
        programme=prog["cs"],
        enrolment_type="master",
        form="voltijd",
        start_date=dt.date(2023, 9, 1),
        end_date=factories.STILL_ENROLLED,
    )
    give(anna, fair, at)
    bram = person("s2000022", "Bram", "", "Jansen")
    Enrolment.create(
        person=bram,
        programme=prog["psy"],
        enrolment_type="bachelor",
        form="voltijd",
        start_date=dt.date(2021, 9, 1),
        end_date=dt.date(2022, 8, 31),
    )
    give(bram, fair, at)
    cees = person("s2000023", "Cees", "", "Kok")  # consented but did not visit
    give(cees, fair, at)
    person("s2000024", "Dirk", "", "Lam")  # visited, no consent
    return world


UPLOAD = (
    BOM + "studentnummer\r\ns2000021\r\n\r\n  S2000022 \r\n2000021\r\ns9999999\r\n2000024\n"
).encode("utf-8")


def test_bedrijvendagen_holds_only_consenting_visitors(fair_world):
    visitors = parse_visitors(UPLOAD)
    plan = plan_bedrijvendagen(visitors, dt.date(2025, 3, 15), today=TODAY)
    assert plan.counts() == {
        "candidates": 3,
        "delivered": 2,
        "not_consented": 1,
        "restricted": 0,
        "withdrawn": 0,
        "files": 1,
        "lines": 5,
        "visitors": 4,
        "duplicates": 1,
        "unknown": 1,
    }
    delivery = deliveries.run(plan, None, "web")
    (file,) = DeliveryFile.select().where(DeliveryFile.delivery == delivery)
    name, text = deliveries.file_content(file.id)
    assert name == "bedrijvendagen-2025-03-15.csv"
    assert rows_of(text) == [
        [
            "studentnummer",
            "voorletters",
            "voorvoegsel",
            "achternaam",
            "email",
            "faculteit",
            "examentype",
            "opleiding",
            "startcohort",
            "laatste_jaar_inschrijving",
        ],
        [
            "s2000021",
            "A.",
            "van",
            "Dijk",
            "s2000021@student.utwente.nl",
            "EEMCS",
            "master",
            "Computer Science",
            "2020",
            "2024-2025",
        ],
        [
            "s2000022",
            "B.",
            "",
            "Jansen",
            "s2000022@student.utwente.nl",
            "BMS",
            "bachelor",
            "Psychologie",
            "2021",
            "2021-2022",
        ],
    ]
    stored = json.loads(Delivery.get_by_id(delivery.id).parameters)
    assert stored["visitors"] == 4 and "s2000021" not in json.dumps(stored)


# --- Formula injection ----------------------------------------------------------------------


@pytest.mark.parametrize("cell", ["=1+2", "+31612345678", "-2+3", "@SUM(A1:A2)", "\tx", "\rx"])
def test_cells_a_spreadsheet_would_evaluate_are_neutralised(cell):
    from domain.core.csv_safe import csv_text, safe_cell

    assert safe_cell(cell) == "'" + cell
    assert rows_of(csv_text(["a"], [[cell]]))[1] == ["'" + cell]


def test_harmless_cells_are_left_alone():
    from domain.core.csv_safe import safe_cell

    assert [safe_cell(v) for v in ("Anna", "s1234567", 60, None, "a=b")] == [
        "Anna",
        "s1234567",
        "60",
        "",
        "a=b",
    ]


# --- Upload validation: one test per case ------------------------------------------------------


def test_upload_tolerates_a_byte_order_mark():
    assert parse_visitors((BOM + "s1234567\n").encode()).numbers == ("s1234567",)


def test_upload_tolerates_crlf_line_ends():
    assert parse_visitors(b"s1234567\r\ns7654321\r\n").numbers == ("s1234567", "s7654321")


def test_upload_tolerates_blank_lines():
    assert parse_visitors(b"\n\ns1234567\n\n \n\ns7654321\n\n").numbers == ("s1234567", "s7654321")


def test_upload_tolerates_surrounding_spaces():
    assert parse_visitors(b"  s1234567\t \n\t s7654321").numbers == ("s1234567", "s7654321")


def test_upload_tolerates_lower_and_upper_case_s():
    assert parse_visitors(b"s1234567\nS7654321\n1111111").numbers == (
        "s1234567",
        "s7654321",
        "s1111111",
    )


def test_upload_accepts_a_csv_with_a_header_and_quotes():
    data = b'"studentnummer"\r\n"s1234567";\r\ns7654321,\r\n'
    assert parse_visitors(data).numbers == ("s1234567", "s7654321")


def test_upload_reports_invalid_lines_by_number():
    with pytest.raises(DeliveryError) as refused:
        parse_visitors(b"s1234567\nabc\n\ns12\ns1234567 s7654321\n")
    assert refused.value.code == "invalid_lines"
    assert refused.value.details == {"lines": [2, 4, 5], "count": 3}


def test_upload_lists_at_most_twenty_invalid_lines():
    with pytest.raises(DeliveryError) as refused:
        parse_visitors(b"x\n" * 30)
    assert refused.value.details == {"lines": list(range(1, 21)), "count": 30}


def test_upload_counts_duplicates_without_listing_them():
    visitors = parse_visitors(b"s1234567\nS1234567\n1234567\ns7654321\n")
    assert visitors.numbers == ("s1234567", "s7654321")
    assert (visitors.lines, visitors.duplicates) == (4, 2)


def test_upload_over_the_size_limit_is_refused():
    with pytest.raises(DeliveryError) as refused:
        parse_visitors(b"s1234567\n" * 200, max_bytes=1000)
    assert refused.value.code == "too_large" and refused.value.details == {"limit": 1000}


def test_upload_that_is_not_text_is_refused():
    with pytest.raises(DeliveryError) as refused:
        parse_visitors(b"\xff\xfe\x00s\x001\x00")
    assert refused.value.code == "not_text"


def test_upload_without_numbers_is_refused():
    for data in (b"", b"\r\n \r\n", b"studentnummer\r\n"):
        with pytest.raises(DeliveryError) as refused:
            parse_visitors(data)
        assert refused.value.code == "empty"


# --- Retention of delivered values, and the CLI ------------------------------------------------


def test_delivered_values_are_emptied_after_their_term(kivi_world):
    from domain.register import RULES
    from domain.retention import engine
    from domain.retention.due import due_condition

    delivery = deliveries.run(plan_kivi(2024, dt.date(2025, 1, 15), today=TODAY), None, "cli")
    rule = RULES["delivery_rows"]
    run_day = delivery.run_at.date()
    assert Disclosure.select().where(due_condition(rule, Disclosure, run_day)).count() == 0
    later = run_day + dt.timedelta(days=91)
    due = due_condition(rule, Disclosure, later)
    assert Disclosure.select().where(due).count() == 3
    engine.run(later, pseudonym_key="key")
    (file,) = DeliveryFile.select()
    assert deliveries.file_content(file.id) is None
    assert len(deliveries.disclosed_about(kivi_world["anna"].id)) == 1  # the record stays
    assert deliveries.deliveries()[0][1][0].available is False


def test_cli_kivi_writes_the_file_and_records_the_delivery(app, data, kivi_world, tmp_path):
    out = tmp_path / "kivi.csv"
    result = app.test_cli_runner().invoke(
        args=[
            "delivery",
            "kivi",
            "--year",
            "2024",
            "--reference-date",
            "2025-01-15",
            "--out",
            str(out),
        ]
    )
    assert result.exit_code == 0, result.output
    assert "3" in result.output
    text = out.read_bytes().decode("utf-8")
    assert text.startswith(BOM + "voornaam,achternaam")
    assert Delivery.select().count() == 1 and Disclosure.select().count() == 3


def test_cli_schools_writes_one_file_per_school(app, data, schools_world, tmp_path):
    result = app.test_cli_runner().invoke(
        args=[
            "delivery",
            "schools",
            "--cohort",
            "2023",
            "--reference-date",
            "2024-09-15",
            "--out-dir",
            str(tmp_path / "out"),
        ]
    )
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "scholen-2023-01AB.csv",
        "scholen-2023-02CD.csv",
    ]


def test_cli_bedrijvendagen_reads_the_visitor_list(app, data, fair_world, tmp_path):
    visitors = tmp_path / "scans.txt"
    visitors.write_bytes(UPLOAD)
    out = tmp_path / "bd.csv"
    result = app.test_cli_runner().invoke(
        args=[
            "delivery",
            "bedrijvendagen",
            "--visitors",
            str(visitors),
            "--reference-date",
            "2025-03-15",
            "--out",
            str(out),
        ]
    )
    assert result.exit_code == 0, result.output
    assert "duplicates: 1" in result.output and "unknown: 1" in result.output
    assert "s2000021" not in result.output
    assert out.read_bytes().count(b"\r\n") == 3


def test_cli_refuses_a_bad_visitor_list_and_stores_nothing(app, data, fair_world, tmp_path):
    visitors = tmp_path / "scans.txt"
    visitors.write_bytes(b"s2000021\nnonsense\n")
    result = app.test_cli_runner().invoke(
        args=[
            "delivery",
            "bedrijvendagen",
            "--visitors",
            str(visitors),
            "--reference-date",
            "2025-03-15",
            "--out",
            str(tmp_path / "bd.csv"),
        ]
    )
    assert result.exit_code != 0
    assert "This line is not a student number: 2." in result.output
    assert Delivery.select().count() == 0 and not (tmp_path / "bd.csv").exists()


def test_cli_refuses_a_reference_date_that_has_not_ended(app, data, world, tmp_path):
    today = clock.local_today().isoformat()
    result = app.test_cli_runner().invoke(
        args=[
            "delivery",
            "kivi",
            "--year",
            "2024",
            "--reference-date",
            today,
            "--out",
            str(tmp_path / "k.csv"),
        ]
    )
    assert result.exit_code != 0 and "reference date" in result.output
