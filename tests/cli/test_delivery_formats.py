"""``flask delivery KIND --format csv|xlsx``: the same file as CSV or as an XLSX workbook."""

import datetime as dt

from openpyxl import load_workbook

from domain.consent import parties
from domain.consent.vocabulary import GIVEN
from domain.core.csv_safe import BOM
from tests import factories


def graduates():
    kivi = {p.key: p for p in parties.ensure_parties()}["kivi"]
    for number, first in (("s3000001", "Anna"), ("s3000003", "Doe;=3+3")):
        p = factories.person(student_number=number, first_name=first, prefix="", surname="Kok")
        factories.degree(p, exam_date=dt.date(2024, 7, 15))
        factories.choose(p.id, kivi.id, GIVEN, dt.datetime(2025, 1, 2, 9))


def kivi(runner, out, *extra):
    return runner.invoke(
        args=["delivery", "kivi", "--year", "2024", "--reference-date", "2025-01-15"]
        + ["--out", str(out), *extra]
    )


def test_xlsx_holds_the_file_with_every_cell_as_text(runner, data, tmp_path):
    graduates()
    out = tmp_path / "kivi.xlsx"
    result = kivi(runner, out, "--format", "xlsx")
    assert result.exit_code == 0, result.output
    sheet = load_workbook(out).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0][:2] == ["voornaam", "achternaam"]
    assert sorted(r[0] for r in rows[1:]) == ["Anna", "Doe;'=3+3"]
    assert {c.data_type for row in sheet.iter_rows() for c in row if c.value} == {"s"}


def test_csv_stays_the_default(runner, data, tmp_path):
    graduates()
    out = tmp_path / "kivi.csv"
    result = kivi(runner, out)
    assert result.exit_code == 0, result.output
    text = out.read_bytes().decode("utf-8")
    assert text.startswith(BOM + "voornaam,achternaam") and "Doe;'=3+3" in text


def test_an_unknown_format_is_refused_and_nothing_is_run(runner, data, tmp_path):
    from domain.models import Delivery

    graduates()
    result = kivi(runner, tmp_path / "kivi.ods", "--format", "ods")
    assert result.exit_code != 0 and "ods" in result.output
    assert Delivery.select().count() == 0
