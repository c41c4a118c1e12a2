"""Forms of the rights-request pages. The domain checks what they collect; choices come
from the register (``domain.requests.details``), never typed by hand."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    DateField,
    HiddenField,
    MultipleFileField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import InputRequired
from wtforms.widgets import CheckboxInput, ListWidget

from domain.register import CATEGORIES, PURPOSES
from domain.requests import details as request_details
from domain.requests.vocabulary import (
    CHANNELS,
    ERASURE,
    GROUNDS,
    OBJECTION,
    OUTCOMES,
    PORTAL,
    RECTIFICATION,
    REQUEST_TYPES,
    RESTRICTION,
    RESTRICTION_GROUNDS,
)
from webapp.fields import PortalForm, student_number_field

# Texts checked by the domain (which says which field is wrong); the form only carries them.
TEXT = dict(validators=[])


class CheckboxesField(SelectMultipleField):
    """Several choices as checkboxes (a fieldset in the template)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class RequestForm(PortalForm):
    """What a request of one type asks; the template shows only that type's fields."""

    submission_key = HiddenField()
    field = SelectField(_l("Which piece of data is wrong?"), validate_choice=False)
    proposed = StringField(_l("What it should be"), **TEXT)
    reason = TextAreaField(_l("Why it is wrong"), **TEXT)
    scope = RadioField(
        _l("What should be erased?"),
        validate_choice=False,
        default="all",
        choices=[
            ("all", _l("All my data that the law lets the university erase")),
            ("categories", _l("Only the categories I choose")),
        ],
    )
    categories = CheckboxesField(_l("Categories to erase"), validate_choice=False)
    ground = RadioField(_l("Why should the use of your data be restricted?"), validate_choice=False)
    explanation = TextAreaField(_l("Explanation (optional)"), **TEXT)
    purposes = CheckboxesField(_l("Which processing do you object to?"), validate_choice=False)
    reasons = TextAreaField(_l("Your reasons"), **TEXT)
    attachments = MultipleFileField(
        _l("Attachments (optional)"),
        description=_l(
            "For example proof of a name change. At most 3 files of at most 5 MB "
            "each: PDF, PNG or JPEG."
        ),
    )

    def fill_choices(self, locale: str) -> None:
        """Offer the register's choices in ``locale``."""
        self.field.choices = [("", _l("Choose…"))] + [
            (c.name, c.label.get(locale))
            for c in request_details.rectification_fields()
            if c.correctable
        ]
        self.categories.choices = [
            (c, CATEGORIES[c].get(locale)) for c in request_details.erasure_categories()
        ]
        self.ground.choices = [(k, t.get(locale)) for k, t in RESTRICTION_GROUNDS.items()]
        self.purposes.choices = [
            (str(p), PURPOSES[p].get(locale)) for p in request_details.objectable_purposes()
        ] + [(request_details.DIRECT_MARKETING, _l("Direct marketing (always possible)"))]

    def details(self, request_type: str) -> dict:
        """The answers that belong to ``request_type``."""
        if request_type == RECTIFICATION:
            return {
                "field": self.field.data,
                "proposed": self.proposed.data,
                "reason": self.reason.data,
            }
        if request_type == ERASURE:
            return {"scope": self.scope.data, "categories": self.categories.data}
        if request_type == RESTRICTION:
            return {"ground": self.ground.data, "explanation": self.explanation.data}
        if request_type == OBJECTION:
            return {"purposes": self.purposes.data, "reasons": self.reasons.data}
        return {}


class OnBehalfForm(RequestForm):
    """The desk files a request that came by letter, e-mail or at the counter."""

    student_number = student_number_field()
    request_type = SelectField(_l("Type of request"), validate_choice=False)
    channel = SelectField(_l("How did it arrive?"), validate_choice=False)
    received_on = DateField(
        _l("Date it arrived"),
        validators=[InputRequired(message=_l("Give the date the letter or e-mail arrived."))],
    )

    def fill_choices(self, locale: str) -> None:
        super().fill_choices(locale)
        self.request_type.choices = [(k, t.label.get(locale)) for k, t in REQUEST_TYPES.items()]
        self.channel.choices = [(k, t.get(locale)) for k, t in CHANNELS.items() if k != PORTAL]


class ReplyForm(PortalForm):
    body = TextAreaField(_l("Your message"), **TEXT)
    attachments = MultipleFileField(
        _l("Attachments (optional)"),
        description=_l("At most 3 files of at most 5 MB each: PDF, PNG or JPEG."),
    )


class MessageForm(PortalForm):
    body = TextAreaField(_l("Message"), **TEXT)


class ReasonForm(PortalForm):
    reason = TextAreaField(_l("Reason"), **TEXT)


class DecisionForm(PortalForm):
    outcome = RadioField(_l("Decision"), validate_choice=False)
    ground = SelectField(_l("Legal ground (for a full or partial refusal)"), validate_choice=False)
    message = TextAreaField(_l("Message to the student, in the student's language"), **TEXT)

    def fill_choices(self, locale: str) -> None:
        self.outcome.choices = [(k, t.get(locale)) for k, t in OUTCOMES.items()]
        self.ground.choices = [("", _l("No ground: granted in full"))] + [
            (k, t.get(locale)) for k, t in GROUNDS.items()
        ]


class AssignForm(PortalForm):
    assignee = SelectField(_l("Assign to"), validate_choice=False)


class ConfirmForm(PortalForm):
    """A button that changes something: only the CSRF token."""
