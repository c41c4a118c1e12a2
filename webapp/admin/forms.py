from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, SelectField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length

from domain.accounts.roles import STAFF_ROLES
from webapp.fields import PortalForm, stripped, student_number_field


class PlaceHoldForm(PortalForm):
    student_number = student_number_field()
    reason = TextAreaField(
        _l("Reason"),
        filters=[stripped],
        validators=[DataRequired(message=_l("Give the reason for the hold.")), Length(max=2000)],
    )


class LiftHoldForm(PortalForm):
    reason = TextAreaField(
        _l("Reason for lifting"),
        filters=[stripped],
        validators=[
            DataRequired(message=_l("Give the reason for lifting the hold.")),
            Length(max=2000),
        ],
    )


class ApproveListForm(PortalForm):
    confirm = BooleanField(
        _l("I have reviewed this list and approve the destruction of its records"),
        validators=[InputRequired(message=_l("Confirm that you reviewed the list."))],
    )
    note = TextAreaField(_l("Note (optional)"), validators=[Length(max=2000)])


class RoleForm(PortalForm):
    """Another role for a staff account: its sessions end, it signs in with the new role."""

    role = SelectField(
        _l("Role"),
        choices=[(key, text.en) for key, text in STAFF_ROLES.items()],
        validators=[InputRequired(message=_l("Choose a role."))],
    )
