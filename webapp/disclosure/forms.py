"""One form per delivery kind, built from its declared parameters (domain.deliveries.kinds)."""

from __future__ import annotations

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import BooleanField, DateField, HiddenField, IntegerField, TextAreaField
from wtforms.validators import InputRequired, NumberRange, Optional, Regexp

from domain.core.text import Text
from domain.deliveries.kinds import KINDS
from domain.deliveries.plans import DATE, RERUN, VISITORS, YEAR, YEAR_RANGE, Kind
from webapp.fields import PortalForm
from webapp.i18n import current_language

RUN_TOKEN = r"^[A-Za-z0-9_-]{20,64}$"


def initial_values(kind: Kind, today, reference_date) -> dict:
    """What the form starts with: the reference date, and each year its kind pre-fills."""
    values = {"reference_date": reference_date}
    for param in kind.params:
        if param.kind == YEAR and param.default is not None:
            values[param.name] = param.default(today)
    return values


def _text(text: Text) -> LazyString:
    return LazyString(lambda: text.get(current_language()))


def _fields(param) -> dict:
    """The form fields of one parameter; the hidden ones carry it from preview to run."""
    label, hint = _text(param.label), _text(param.hint)
    if param.kind == YEAR:
        return {
            param.name: IntegerField(
                label,
                description=hint,
                validators=[
                    InputRequired(message=_l("Enter a year, such as 2024.")),
                    NumberRange(*YEAR_RANGE, message=_l("Enter a year, such as 2024.")),
                ],
            )
        }
    if param.kind == VISITORS:
        return {
            param.name + "_file": FileField(label, description=hint),
            param.name: HiddenField(validators=[Optional()]),
            param.name + "_lines": HiddenField(validators=[Optional()]),
            param.name + "_duplicates": HiddenField(validators=[Optional()]),
        }
    if param.kind == RERUN:
        return {
            param.name + "_confirm": BooleanField(
                _l("Replace the earlier delivery of this cohort"), validators=[Optional()]
            ),
            param.name: TextAreaField(label, description=hint, validators=[Optional()]),
        }
    if param.kind == DATE:
        return {
            param.name: DateField(
                label,
                description=hint,
                validators=[InputRequired(message=_l("Enter a date."))],
            )
        }
    raise ValueError(param.kind)


def _form_class(kind: Kind) -> type[PortalForm]:
    attributes = {}
    for param in kind.params:
        attributes.update(_fields(param))
    # The confirmation of a preview: its one-time token and the counts the officer saw.
    attributes["run_token"] = HiddenField(validators=[Optional(), Regexp(RUN_TOKEN)])
    attributes["previewed"] = HiddenField(validators=[Optional()])
    attributes["reference_date"] = DateField(
        _text(kind.reference_date.label),
        description=_text(kind.reference_date.hint),
        validators=[InputRequired(message=_l("Enter the reference date."))],
    )
    return type(f"{kind.key.title()}Form", (PortalForm,), attributes)


FORMS: dict[str, type[PortalForm]] = {key: _form_class(kind) for key, kind in KINDS.items()}
