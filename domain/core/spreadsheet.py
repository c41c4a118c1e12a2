"""Delivery files as an Excel workbook (XLSX) in which every cell is text.

The receiving offices open deliveries in a spreadsheet program. In an XLSX file a cell is
text or a formula by its type, not by its first character, so writing every cell as a
text cell (type ``s``, number format ``@``) means nothing in it is ever evaluated and
nothing is turned into a number or a date (student numbers, ECs and dates stay as they
were written). Any file made of a header and rows can use it: each delivery kind, and
any later one, gets its XLSX from the same CSV lines its disclosures hold.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from pathlib import PurePosixPath

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SHEET_TITLE_MAX = 31  # Excel's limit
FORMATS = ("csv", "xlsx")


def _text_cell(sheet, value) -> WriteOnlyCell:
    # Control characters other than tab and line breaks are not allowed in XLSX: dropped.
    text = ILLEGAL_CHARACTERS_RE.sub("", "" if value is None else str(value))
    cell = WriteOnlyCell(sheet, value=text)
    cell.data_type = "s"  # text, also when it starts with "=" (openpyxl would make a formula)
    cell.number_format = "@"
    return cell


def xlsx_bytes(header: Iterable, rows: Iterable[Iterable], title: str = "data") -> bytes:
    """A workbook with one sheet: the header row, then the rows, every cell as text."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title[:SHEET_TITLE_MAX] or "data")
    for cells in (header, *rows):
        sheet.append([_text_cell(sheet, c) for c in cells])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def csv_rows(text: str) -> list[list[str]]:
    """The cells of a CSV text, line by line."""
    return list(csv.reader(io.StringIO(text, newline="")))


def xlsx_from_csv(text: str, title: str = "data") -> bytes:
    """The workbook of a CSV text (first line the header), with the same cells."""
    header, *rows = csv_rows(text) or [[]]
    return xlsx_bytes(header, rows, title)


def file_name_as(name: str, fmt: str) -> str:
    """The file name with the extension of ``fmt`` (``kivi-2025.csv`` -> ``kivi-2025.xlsx``)."""
    return str(PurePosixPath(name).with_suffix("." + fmt))
