from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, TextAreaField
from wtforms.validators import InputRequired, Length

from webapp.fields import student_number_field


class PlaceHoldForm(FlaskForm):
    student_number = student_number_field()
    reason = TextAreaField(
        _l("Reason"),
        validators=[InputRequired(message=_l("Give the reason for the hold.")), Length(max=2000)],
    )


class LiftHoldForm(FlaskForm):
    reason = TextAreaField(
        _l("Reason for lifting"),
        validators=[
            InputRequired(message=_l("Give the reason for lifting the hold.")),
            Length(max=2000),
        ],
    )


class ApproveListForm(FlaskForm):
    confirm = BooleanField(
        _l("I have reviewed this list and approve the destruction of its records"),
        validators=[InputRequired(message=_l("Confirm that you reviewed the list."))],
    )
    note = TextAreaField(_l("Note (optional)"), validators=[Length(max=2000)])
