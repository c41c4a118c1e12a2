from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms import HiddenField, PasswordField, StringField
from wtforms.validators import EqualTo, InputRequired, Length, ValidationError

from domain.accounts import passwords
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


class PasswordChangeForm(PortalForm):
    """The signed-in user's new password; the current one proves it is really them."""

    current_password = PasswordField(
        _l("Current password"),
        validators=[InputRequired(message=_l("Enter your current password.")), Length(max=200)],
    )
    new_password = PasswordField(
        _l("New password"),
        description=_l(
            "At least %(min)d characters. A sentence of a few words is long and easy to remember.",
            min=passwords.MIN_LENGTH,
        ),
        validators=[
            InputRequired(message=_l("Enter a new password.")),
            Length(
                min=passwords.MIN_LENGTH,
                max=passwords.MAX_LENGTH,
                message=_l(
                    "Choose a password of %(min)d to %(max)d characters.",
                    min=passwords.MIN_LENGTH,
                    max=passwords.MAX_LENGTH,
                ),
            ),
        ],
    )
    repeat_password = PasswordField(
        _l("New password again"),
        validators=[
            InputRequired(message=_l("Enter the new password again.")),
            EqualTo("new_password", message=_l("The two new passwords are not the same.")),
        ],
    )

    def validate_new_password(self, field) -> None:
        if passwords.is_username(field.data or "", current_user.username):
            raise ValidationError(_l("Your password must not be your username or student number."))
        if field.data and field.data == self.current_password.data:
            raise ValidationError(_l("The new password is the same as the current one."))
