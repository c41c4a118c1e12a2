from flask_babel import lazy_gettext as _l
from wtforms import StringField
from wtforms.validators import InputRequired, Length

from webapp.fields import PortalForm, student_number_field


class LookupForm(PortalForm):
    """Which student, and why: the reason goes into the audit trail the student reads."""

    student_number = student_number_field()
    reason = StringField(
        _l("Why are you opening this student's data?"),
        description=_l(
            "Your task, or the reference of the rights request. The student can read it."
        ),
        validators=[
            InputRequired(message=_l("Say why you are opening this student's data.")),
            Length(min=3, max=200, message=_l("Give a reason of 3 to 200 characters.")),
        ],
    )
