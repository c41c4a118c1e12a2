from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, PasswordField, StringField
from wtforms.validators import InputRequired, Length

from domain.accounts.signin import USERNAME_MAX, normal_username
from webapp.fields import LengthAfter, PortalForm


class SignInForm(PortalForm):
    username = StringField(
        _l("Student number or username"),
        validators=[
            InputRequired(message=_l("Enter your student number or username.")),
            LengthAfter(normal_username, max=USERNAME_MAX),
        ],
    )
    password = PasswordField(
        _l("Password"),
        validators=[InputRequired(message=_l("Enter your password.")), Length(max=200)],
    )
    next = HiddenField()
