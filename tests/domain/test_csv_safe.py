"""Formula injection: every segment of a cell that a spreadsheet could start a cell with."""

import csv
import io

import pytest

from domain.core.csv_safe import csv_text, safe_cell


def cells_of(text):
    return list(csv.reader(io.StringIO(text)))


@pytest.mark.parametrize(
    ("value", "safe"),
    [
        # A Dutch spreadsheet splits on ";": what follows starts a cell of its own.
        (";=2+2", ";'=2+2"),
        ("Doe;=2+2", "Doe;'=2+2"),
        # Line breaks inside a quoted cell become new rows in programs that ignore quotes.
        ("Doe\n=3+3", "Doe\n'=3+3"),
        ("Doe\r+31612345678", "Doe\r'+31612345678"),
        ("Doe\r\n=1+1", "Doe\r\n'=1+1"),
        # Tabs separate cells when text is pasted; a tab at the start is a classic payload.
        ("Doe\t=1+1", "Doe\t'=1+1"),
        ("\t=1+1", "'\t'=1+1"),
        # "@" and "-" start formulas too, also after a separator.
        ("x;@SUM(A1:A2)", "x;'@SUM(A1:A2)"),
        ("x,-2+3", "x,'-2+3"),
        # Spaces before the character do not save it: the quote goes before them.
        ("Doe; =1+1", "Doe;' =1+1"),
        ("  =1+1", "'  =1+1"),
    ],
)
def test_every_segment_that_could_start_a_cell_is_neutralised(value, safe):
    assert safe_cell(value) == safe
    assert cells_of(csv_text(["a"], [[value]]))[1] == [safe]


@pytest.mark.parametrize(
    "value", ["Jan-Willem", "a=b", "Doe; Jansen", "Doe\nJansen", "e-mail: a@b.nl", "1;2", ""]
)
def test_segments_that_cannot_start_a_formula_are_left_alone(value):
    assert safe_cell(value) == value


@pytest.mark.parametrize("value", [";=2+2", "Doe\n=3+3", "\t=1", "x; -1", "'=1"])
def test_making_a_safe_cell_safe_again_changes_nothing(value):
    once = safe_cell(value)
    assert safe_cell(once) == once


def test_the_fast_path_changes_nothing_the_full_rule_would_change():
    import random

    from domain.core.csv_safe import _DANGEROUS_SEGMENT

    rng = random.Random(13)
    alphabet = "ab1 ;,\t\r\n=+-@'\"é"
    for _ in range(20_000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 8)))
        assert safe_cell(text) == _DANGEROUS_SEGMENT.sub("'", text), repr(text)


def test_many_lines_at_once_are_each_line_as_made_alone():
    import datetime as dt
    import random

    from domain.core.csv_safe import csv_line, csv_lines

    rng = random.Random(7)
    alphabet = "ab1 ;,\t\r\n=+-@'\"é"
    # 1, 1.0 and True are equal as keys but are written differently: none may stand in
    # for another.
    values = [None, "", 1, 1.0, True, False, 0, "1", dt.date(2025, 10, 14), "=1+1"]
    rows = [
        [
            rng.choice(values)
            if rng.random() < 0.4
            else "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 6)))
            for _ in range(rng.randint(0, 5))
        ]
        for _ in range(3_000)
    ]
    assert csv_lines(rows) == [csv_line(row) for row in rows]
    assert csv_lines([]) == []
