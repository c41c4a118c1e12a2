from flask_babel import lazy_gettext as _l
from wtforms import SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Regexp, StopValidation
from wtforms.widgets import CheckboxInput, ListWidget

from domain.consent.parties import KEY_PATTERN
from webapp.fields import PortalForm


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def _text(label, message, max_length=4000, area=True):
    """A required text: spaces alone do not count."""
    field = TextAreaField if area else StringField
    return field(
        label,
        filters=[_strip],
        render_kw={"rows": 5} if area else None,
        validators=[DataRequired(message=message), Length(max=max_length)],
    )


def _at_least_one(form, field):
    """Like InputRequired, without marking every checkbox ``required`` (all would be needed)."""
    if not field.data:
        raise StopValidation(_l("Choose at least one kind of data."))


class PartyForm(PortalForm):
    """A party and the texts of its notice, in both languages; choices are set per request."""

    key = StringField(
        _l("Key (lower-case letters, digits and hyphens)"),
        validators=[
            InputRequired(message=_l("Enter a key.")),
            Regexp(
                KEY_PATTERN,
                message=_l(
                    "Use 2 to 40 lower-case letters, digits or hyphens, starting with a letter."
                ),
            ),
        ],
    )
    name_nl = _text(_l("Name (Dutch)"), _l("Enter the name in Dutch."), 200, area=False)
    name_en = _text(_l("Name (English)"), _l("Enter the name in English."), 200, area=False)
    description_nl = _text(_l("Description (Dutch)"), _l("Enter the description in Dutch."))
    description_en = _text(_l("Description (English)"), _l("Enter the description in English."))
    purpose_nl = _text(_l("Purpose (Dutch)"), _l("Enter the purpose in Dutch."))
    purpose_en = _text(_l("Purpose (English)"), _l("Enter the purpose in English."))
    fields = SelectMultipleField(
        _l("Data the party receives"),
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
        validators=[_at_least_one],
    )
    frequency = SelectField(
        _l("How often it receives them"),
        validators=[InputRequired(message=_l("Choose how often."))],
    )
    # The party's own, not part of a notice version: changing it makes no new version.
    contact_nl = _text(_l("Contact (Dutch)"), _l("Enter the contact in Dutch."), 300, area=False)
    contact_en = _text(
        _l("Contact (English)"), _l("Enter the contact in English."), 300, area=False
    )
