"""Form fields more than one audience's forms share."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import StringField
from wtforms.validators import InputRequired, Regexp

# ASCII digits only: ``\d`` would also accept full-width and other Unicode digits.
STUDENT_NUMBER = r"^\s*[sS][0-9]{7}\s*$"


def student_number_field() -> StringField:
    """A student number as staff type it: ``s`` and seven digits, spaces around allowed."""
    return StringField(
        _l("Student number"),
        validators=[
            InputRequired(message=_l("Enter a student number.")),
            Regexp(STUDENT_NUMBER, message=_l("A student number is an s followed by 7 digits.")),
        ],
    )
