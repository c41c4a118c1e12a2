"""The disclosure officer's pages: preview, run, download; and who may not reach them."""

import csv
import datetime as dt
import io
import re

import pytest
from openpyxl import load_workbook

from domain.consent import parties
from domain.consent.vocabulary import GIVEN
from domain.core import clock
from domain.core.csv_safe import BOM
from domain.deliveries import records as deliveries
from domain.deliveries.kivi import plan_kivi
from domain.models import Account, AuditEvent, Delivery, DeliveryFile, Disclosure, Person
from tests import factories
from tests.support import confirm_delivery, count_queries, html_of


@pytest.fixture
def officer(portal, sign_in):
    parties.ensure_parties()
    sign_in("disclosure")
    return portal


@pytest.fixture
def graduates(data):
    kivi = parties.party_by_key("kivi") or parties.ensure_parties()[0]
    made = []
    for number, first, consents in (
        ("s3000001", "Anna", True),
        ("s3000002", "Bram", False),
        ("s3000003", "=HYPERLINK(1)", True),
    ):
        p = factories.person(
            student_number=number, first_name=first, prefix="", surname=f"Achter{number[-1]}"
        )
        factories.degree(p, exam_date=dt.date(2024, 7, 15))
        if consents:
            factories.choose(p.id, kivi.id, GIVEN, dt.datetime(2025, 1, 2, 9))
        made.append(p)
    return made


def count(html, name):
    match = re.search(rf'id="count-{name}">(\d+)<', html)
    assert match, name
    return int(match.group(1))


def test_index_shows_consent_counts_and_the_three_deliveries(officer, graduates):
    html = html_of(officer.client.get("/disclosure/"))
    assert html.count("<h1") == 1
    for key in ("kivi", "schools", "bedrijvendagen"):
        assert f'id="make-{key}"' in html and f'id="summary-{key}"' in html
    kivi_row = re.search(r'<tr id="summary-kivi">.*?</tr>', html, re.S).group(0)
    assert re.findall(r"<td>(\d+)</td>", kivi_row) == ["2", "0", "0", "0", "1"]


def test_preview_shows_counts_and_writes_nothing(officer, graduates):
    html = html_of(
        officer.post(
            "/disclosure/kivi",
            {"year": "2024", "reference_date": "2025-01-15", "action": "preview"},
        )
    )
    assert (
        count(html, "candidates"),
        count(html, "delivered"),
        count(html, "not-consented"),
        count(html, "restricted"),
    ) == (3, 2, 1, 0)
    assert 'id="run-form"' in html and 'name="year" value="2024"' in html
    assert Delivery.select().count() == 0 and Disclosure.select().count() == 0


def test_run_records_the_delivery_and_the_file_can_be_downloaded(officer, graduates):
    response = confirm_delivery(
        officer,
        "/disclosure/kivi",
        {"year": "2024", "reference_date": "2025-01-15", "action": "run"},
    )
    assert response.status_code == 303
    delivery = Delivery.get()
    assert response.headers["Location"].endswith(f"/disclosure/deliveries/{delivery.id}")
    assert delivery.run_by.username == "disclosure" and delivery.person_count == 2
    assert delivery.parameter_values["via"] == "web"
    detail = html_of(officer.client.get(f"/disclosure/deliveries/{delivery.id}"))
    file = DeliveryFile.get()
    assert f'id="file-{file.id}"' in detail and 'id="delivery-persons">2<' in detail
    download = officer.client.get(f"/disclosure/files/{file.id}")
    assert download.status_code == 200
    assert download.mimetype == "text/csv"
    assert "attachment" in download.headers["Content-Disposition"]
    text = download.get_data().decode("utf-8")
    assert text.startswith(BOM)
    rows = list(csv.reader(io.StringIO(text[1:])))
    assert [r[:2] for r in rows] == [
        ["voornaam", "achternaam"],
        ["Anna", "Achter1"],
        ["'=HYPERLINK(1)", "Achter3"],
    ]
    index = html_of(officer.client.get("/disclosure/"))
    assert f'id="delivery-{delivery.id}"' in index


def test_a_file_can_be_downloaded_as_xlsx_with_every_cell_as_text(officer, graduates):
    delivery = deliveries.run(plan_kivi(2024, dt.date(2025, 1, 15)), None, "cli")
    (file,) = DeliveryFile.select().where(DeliveryFile.delivery == delivery)
    detail = html_of(officer.client.get(f"/disclosure/deliveries/{delivery.id}"))
    assert f'href="/disclosure/files/{file.id}/xlsx"' in detail
    download = officer.client.get(f"/disclosure/files/{file.id}/xlsx")
    assert download.status_code == 200
    assert download.mimetype.endswith("spreadsheetml.sheet")
    assert "filename=kivi-2024.xlsx" in download.headers["Content-Disposition"]
    assert download.headers["Cache-Control"] == "no-store"
    sheet = load_workbook(io.BytesIO(download.get_data())).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert [r[:2] for r in rows] == [
        ["voornaam", "achternaam"],
        ["Anna", "Achter1"],
        ["'=HYPERLINK(1)", "Achter3"],
    ]
    assert {c.data_type for row in sheet.iter_rows() for c in row if c.value} == {"s"}
    # Downloaded as XLSX is downloaded: one audit event per person in it.
    assert AuditEvent.select().where(AuditEvent.action == "download:delivery_file").count() == 2


def test_an_unknown_file_as_xlsx_is_not_found(officer, graduates):
    assert officer.client.get("/disclosure/files/999999/xlsx").status_code == 404


def test_a_reference_date_that_has_not_ended_is_refused(officer, graduates):
    html = html_of(
        confirm_delivery(
            officer,
            "/disclosure/kivi",
            {"year": "2024", "reference_date": clock.local_today().isoformat(), "action": "run"},
        ),
        422,
    )
    assert 'id="reference_date-error"' in html
    assert "De peildatum moet een dag zijn die voorbij is" in html
    assert Delivery.select().count() == 0


def test_missing_fields_are_reported(officer):
    html = html_of(officer.post("/disclosure/schools", {"action": "preview"}), 422)
    assert 'id="cohort-error"' in html and 'aria-invalid="true"' in html


def test_schools_preview_and_run(officer, data):
    schools = parties.party_by_key("schools")
    p = factories.person(student_number="s3000011", school_brin="01AB")
    factories.enrolment(p, start=dt.date(2023, 9, 1))
    factories.choose(p.id, schools.id, GIVEN, dt.datetime(2024, 6, 1, 9))
    html = html_of(
        officer.post(
            "/disclosure/schools",
            {"cohort": "2023", "reference_date": "2024-09-15", "action": "preview"},
        )
    )
    assert count(html, "delivered") == 1 and "scholen-2023-01AB.csv" in html
    assert (
        confirm_delivery(
            officer,
            "/disclosure/schools",
            {"cohort": "2023", "reference_date": "2024-09-15", "action": "run"},
        ).status_code
        == 303
    )
    assert DeliveryFile.get().file_name == "scholen-2023-01AB.csv"


# --- Bedrijvendagen uploads --------------------------------------------------------------------


@pytest.fixture
def visitors(data):
    fair = parties.party_by_key("bedrijvendagen") or parties.ensure_parties()[2]
    for number, consents in (("s3000021", True), ("s3000022", False)):
        p = factories.person(student_number=number)
        factories.enrolment(p)
        if consents:
            factories.choose(p.id, fair.id, GIVEN, dt.datetime(2025, 3, 1, 9))


def upload(officer, content: bytes, action="preview", name="scans.csv"):
    return officer.post(
        "/disclosure/bedrijvendagen",
        {
            "visitors_file": (io.BytesIO(content), name),
            "reference_date": "2025-03-15",
            "action": action,
        },
        content_type="multipart/form-data",
    )


def test_upload_preview_counts_then_run_without_uploading_again(officer, visitors):
    scans = b"\xef\xbb\xbfs3000021\r\nS3000021\r\n\r\n 3000022 \r\ns9999999\r\n"
    html = html_of(upload(officer, scans))
    assert (
        count(html, "lines"),
        count(html, "visitors"),
        count(html, "duplicates"),
        count(html, "unknown"),
        count(html, "delivered"),
    ) == (4, 3, 1, 1, 1)
    assert "s3000022" not in html.split('id="run-form"')[0]  # no number is listed in the preview
    assert Delivery.select().count() == 0
    hidden = dict(
        re.findall(
            r'<input type="hidden" '
            r'name="(visitors|visitors_lines|visitors_duplicates)" '
            r'value="([^"]*)"',
            html,
        )
    )
    response = confirm_delivery(
        officer,
        "/disclosure/bedrijvendagen",
        {**hidden, "reference_date": "2025-03-15", "action": "run"},
    )
    assert response.status_code == 303
    delivery = Delivery.get()
    assert delivery.person_count == 1
    assert delivery.parameter_values["counts"]["duplicates"] == 1


def test_an_upload_with_invalid_lines_is_refused_with_line_numbers(officer, visitors):
    html = html_of(upload(officer, b"s3000021\nhello\n\ns30000\n", action="run"), 422)
    assert 'id="visitors_file-error"' in html
    assert "Deze regels zijn geen studentnummers: 2, 4." in html
    assert Delivery.select().count() == 0 and Disclosure.select().count() == 0


def test_an_upload_over_the_size_limit_is_refused(officer, visitors):
    html = html_of(upload(officer, b"s3000021\r\n" * 110_000, action="run"), 422)
    assert 'id="visitors_file-error"' in html and "1024 kB" in html
    assert Delivery.select().count() == 0


def test_an_empty_upload_is_refused(officer, visitors):
    html_of(upload(officer, b"\r\n\r\n", action="run"), 422)
    html_of(
        confirm_delivery(
            officer, "/disclosure/bedrijvendagen", {"reference_date": "2025-03-15", "action": "run"}
        ),
        422,
    )
    assert Delivery.select().count() == 0


def test_tampered_counts_are_refused(officer, visitors):
    html_of(
        officer.post(
            "/disclosure/bedrijvendagen",
            {
                "visitors": "s3000021",
                "visitors_lines": "7",
                "visitors_duplicates": "0",
                "reference_date": "2025-03-15",
                "action": "run",
            },
        ),
        422,
    )
    assert Delivery.select().count() == 0


def test_a_file_emptied_by_retention_is_gone(officer, graduates):
    confirm_delivery(
        officer,
        "/disclosure/kivi",
        {"year": "2024", "reference_date": "2025-01-15", "action": "run"},
    )
    Disclosure.update(rows=None).execute()
    file = DeliveryFile.get()
    assert officer.client.get(f"/disclosure/files/{file.id}").status_code == 410
    assert officer.client.get("/disclosure/files/999999").status_code == 404
    detail = html_of(officer.client.get(f"/disclosure/deliveries/{file.delivery_id}"))
    assert f'id="file-{file.id}"' not in detail


# --- Authorisation -------------------------------------------------------------------------------

URLS = [
    "/disclosure/",
    "/disclosure/kivi",
    "/disclosure/schools",
    "/disclosure/bedrijvendagen",
    "/disclosure/deliveries/1",
    "/disclosure/files/1",
]


@pytest.mark.parametrize("role", ["student", "desk", "admin"])
def test_only_the_disclosure_officer_may_run_deliveries(portal, data, graduates, role):
    kivi_run = {"year": "2024", "reference_date": "2025-01-15", "action": "run"}
    if role == "student":
        person, _ = data.student()
        portal.login(person.student_number)
    else:
        data.staff(role)
        portal.login(role)
    for url in URLS:
        assert portal.client.get(url).status_code == 403, url
    assert portal.post("/disclosure/kivi", kivi_run).status_code == 403
    assert Delivery.select().count() == 0


def test_anonymous_visitors_are_sent_to_sign_in(client):
    for url in URLS:
        assert client.get(url).status_code == 302


def test_disclosure_pages_have_no_inline_script_or_style(officer, graduates):
    confirm_delivery(
        officer,
        "/disclosure/kivi",
        {"year": "2024", "reference_date": "2025-01-15", "action": "run"},
    )
    for url in (
        "/disclosure/",
        "/disclosure/kivi",
        "/disclosure/bedrijvendagen",
        f"/disclosure/deliveries/{Delivery.get().id}",
    ):
        html = html_of(officer.client.get(url))
        assert html.count("<h1") == 1
        assert "<style" not in html and " style=" not in html
        assert "<script" not in html.split("</head>")[-1]


# --- Audit trail: runs and downloads ------------------------------------------------------------


def audit_rows(action):
    """(person id, actor's username, detail) of each audit event of ``action``."""
    return sorted(
        AuditEvent.select(AuditEvent.person, Account.username, AuditEvent.detail)
        .join(Account)
        .where(AuditEvent.action == action)
        .tuples()
    )


def test_running_a_delivery_audits_each_delivered_person(officer, graduates):
    anna, bram, formula = graduates
    officer.post(
        "/disclosure/kivi", {"year": "2024", "reference_date": "2025-01-15", "action": "preview"}
    )
    assert AuditEvent.select().count() == 0  # a preview shows counts only
    assert (
        confirm_delivery(
            officer,
            "/disclosure/kivi",
            {"year": "2024", "reference_date": "2025-01-15", "action": "run"},
        ).status_code
        == 303
    )
    delivery = Delivery.get()
    detail = f"delivery {delivery.id} to kivi, 1 file(s)"
    assert audit_rows("run:delivery") == sorted(
        [(anna.id, "disclosure", detail), (formula.id, "disclosure", detail)]
    )
    assert bram.id not in {e.person_id for e in AuditEvent.select()}  # not delivered
    assert audit_rows("download:delivery_file") == []


def test_a_run_from_the_command_line_has_no_staff_account_to_audit(db, graduates):
    deliveries.run(plan_kivi(2024, dt.date(2025, 1, 15)), None, "cli")
    assert Delivery.get().person_count == 2
    assert AuditEvent.select().count() == 0


def test_a_bedrijvendagen_run_audits_only_the_delivered_visitors(officer, visitors):
    html = html_of(upload(officer, b"s3000021\ns3000022\ns9999999\n"))
    hidden = dict(
        re.findall(
            r'<input type="hidden" '
            r'name="(visitors|visitors_lines|visitors_duplicates)" '
            r'value="([^"]*)"',
            html,
        )
    )
    confirm_delivery(
        officer,
        "/disclosure/bedrijvendagen",
        {**hidden, "reference_date": "2025-03-15", "action": "run"},
    )
    delivered = Person.get(Person.student_number == "s3000021")
    assert [
        (pid, action)
        for pid, action in AuditEvent.select(AuditEvent.person, AuditEvent.action).tuples()
    ] == [(delivered.id, "run:delivery")]


def test_downloading_a_file_audits_each_person_in_it(officer, graduates):
    anna, bram, formula = graduates
    confirm_delivery(
        officer,
        "/disclosure/kivi",
        {"year": "2024", "reference_date": "2025-01-15", "action": "run"},
    )
    file = DeliveryFile.get()
    with count_queries() as statements:
        assert officer.client.get(f"/disclosure/files/{file.id}").status_code == 200
    detail = f"delivery {file.delivery_id}, file {file.id} (kivi-2024.csv)"
    assert audit_rows("download:delivery_file") == sorted(
        [(anna.id, "disclosure", detail), (formula.id, "disclosure", detail)]
    )
    # The persons come with the file's lines (one query), the audit in one insert.
    on_disclosures = [s for s in statements if re.search(r'FROM "disclosure"', s)]
    audit_inserts = [s for s in statements if s.startswith('INSERT INTO "audit_event"')]
    assert len(on_disclosures) == 1 and len(audit_inserts) == 1, statements
    # Every download is a view of its own.
    officer.client.get(f"/disclosure/files/{file.id}")
    assert AuditEvent.select().where(AuditEvent.action == "download:delivery_file").count() == 4


def test_each_school_file_audits_only_its_own_pupils(officer, data):
    schools = parties.party_by_key("schools")
    pupils = {}
    for number, brin in (("s3000031", "01AB"), ("s3000032", "01AB"), ("s3000033", "02CD")):
        p = factories.person(student_number=number, school_brin=brin)
        factories.enrolment(p, start=dt.date(2023, 9, 1))
        factories.choose(p.id, schools.id, GIVEN, dt.datetime(2024, 6, 1, 9))
        pupils.setdefault(brin, set()).add(p.id)
    confirm_delivery(
        officer,
        "/disclosure/schools",
        {"cohort": "2023", "reference_date": "2024-09-15", "action": "run"},
    )
    run_audit = AuditEvent.select().where(AuditEvent.action == "run:delivery")
    assert {e.person_id for e in run_audit} == pupils["01AB"] | pupils["02CD"]
    assert {e.detail for e in run_audit} == {f"delivery {Delivery.get().id} to schools, 2 file(s)"}
    for file in list(DeliveryFile.select()):
        AuditEvent.delete().where(AuditEvent.action == "download:delivery_file").execute()
        assert officer.client.get(f"/disclosure/files/{file.id}").status_code == 200
        downloaded = AuditEvent.select().where(AuditEvent.action == "download:delivery_file")
        brin = file.file_name.removesuffix(".csv").rsplit("-", 1)[1]
        assert {e.person_id for e in downloaded} == pupils[brin]
        assert {e.detail for e in downloaded} == {
            f"delivery {file.delivery_id}, file {file.id} ({file.file_name})"
        }


def test_no_download_audit_when_nothing_is_downloaded(officer, graduates):
    confirm_delivery(
        officer,
        "/disclosure/kivi",
        {"year": "2024", "reference_date": "2025-01-15", "action": "run"},
    )
    Disclosure.update(rows=None).execute()
    assert officer.client.get(f"/disclosure/files/{DeliveryFile.get().id}").status_code == 410
    assert officer.client.get("/disclosure/files/999999").status_code == 404
    assert AuditEvent.select().where(AuditEvent.action == "download:delivery_file").count() == 0
