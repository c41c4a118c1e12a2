"""Delivery files as XLSX: every cell a text cell, read back with openpyxl."""

import io

from openpyxl import load_workbook

from domain.core.csv_safe import BOM, csv_text
from domain.core.spreadsheet import file_name_as, xlsx_bytes, xlsx_from_csv
from domain.deliveries.records import file_bytes


def sheet_of(body: bytes):
    return load_workbook(io.BytesIO(body)).active


def test_every_cell_is_text_even_when_it_looks_like_a_formula_or_a_number():
    body = xlsx_bytes(
        ["name", "ec", "date"],
        [["=2+2", 60, "2024-07-15"], ["Doe\n=3+3", "007", None], ["@SUM(A1)", "-1", "+31"]],
        "kivi-2024",
    )
    sheet = sheet_of(body)
    assert sheet.title == "kivi-2024"
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values == [
        ["name", "ec", "date"],
        ["=2+2", "60", "2024-07-15"],
        ["Doe\n=3+3", "007", None],  # an empty cell reads back as None
        ["@SUM(A1)", "-1", "+31"],
    ]
    cells = [c for row in sheet.iter_rows() for c in row if c.value]
    assert {c.data_type for c in cells} == {"s"}
    assert {c.number_format for c in cells} == {"@"}


def test_control_characters_xlsx_cannot_hold_are_dropped():
    sheet = sheet_of(xlsx_bytes(["a"], [["bell\x07tab\tline\nend"]]))
    assert sheet["A2"].value == "bell" + "tab\tline\nend"


def test_a_csv_file_becomes_a_workbook_with_the_same_cells():
    text = csv_text(["voornaam", "achternaam"], [["Anna", "van Dijk"], ["Doe;=1", "a,b"]])
    sheet = sheet_of(xlsx_from_csv(text, "x"))
    assert [[c.value for c in row] for row in sheet.iter_rows()] == [
        ["voornaam", "achternaam"],
        ["Anna", "van Dijk"],
        ["Doe;'=1", "a,b"],
    ]


def test_file_bytes_per_format():
    # A line stored under the older rule (only the cell's start neutralised) is made safe
    # again in the CSV download.
    stored = "a,b\r\nx,Doe;=1\r\n"
    body, mimetype = file_bytes("kivi-2024.csv", stored, "csv")
    assert mimetype == "text/csv"
    assert body.decode("utf-8") == BOM + "a,b\r\nx,Doe;'=1\r\n"
    body, mimetype = file_bytes("kivi-2024.csv", stored, "xlsx")
    assert mimetype.endswith("spreadsheetml.sheet")
    assert sheet_of(body).title == "kivi-2024"


def test_file_names_take_the_extension_of_the_format():
    assert file_name_as("scholen-2023-01AB.csv", "xlsx") == "scholen-2023-01AB.xlsx"
    assert file_name_as("kivi-2024.csv", "csv") == "kivi-2024.csv"
