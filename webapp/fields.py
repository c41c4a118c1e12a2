"""The input policy every form shares, and form fields more than one audience's forms share.

Two rules hold for every request, so that no input reaches the database it cannot be
stored in (issue 11, section 5):

- no NUL character anywhere: not in the path, the query, a form field's name or value, or
  an uploaded file's name (PostgreSQL cannot store it in text); such a request is a 400;
- a form's text fields take text only: a text field sent as a file part is an error on that
  field, not a file object in the form's data (:class:`PortalForm`).
"""

from __future__ import annotations

from flask import Flask, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from werkzeug.datastructures import CombinedMultiDict, MultiDict
from wtforms import FileField, MultipleFileField, StringField
from wtforms.validators import InputRequired, Regexp, ValidationError

from webapp.errors import fail

NUL = "\x00"


class PortalForm(FlaskForm):
    """A form whose file fields see only file parts, and whose other fields only text.

    A field sent as the wrong kind of part is an error on that field (a 4xx), where it used
    to reach the field as a value of the wrong type (a 500).
    """

    class Meta(FlaskForm.Meta):
        def wrap_formdata(self, form, formdata):
            wrapped = super().wrap_formdata(form, formdata)
            if not (wrapped is request.form or isinstance(wrapped, CombinedMultiDict)):
                return wrapped  # nothing posted, JSON, or form data the caller gave
            fields = form._fields
            texts = [
                (k, v) for k, v in request.form.items(multi=True) if not _takes_files(fields.get(k))
            ]
            files = [
                (k, v) for k, v in request.files.items(multi=True) if _takes_files(fields.get(k))
            ]
            return MultiDict(texts + files)

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        for name, field in self._fields.items():
            if _takes_files(field) and name in request.form:
                field.errors = [*field.errors, _("Send this field as a file, not as text.")]
                valid = False
            elif not _takes_files(field) and name in request.files:
                field.errors = [*field.errors, _("Send this field as text, not as a file.")]
                valid = False
        return valid


class LengthAfter:
    """At most ``max`` characters once ``normalise`` has run, as the value is stored."""

    def __init__(self, normalise, max: int):
        self.normalise, self.max = normalise, max

    def __call__(self, form, field) -> None:
        if isinstance(field.data, str) and len(self.normalise(field.data)) > self.max:
            raise ValidationError(_("This can be at most %(max)d characters long.", max=self.max))


def stripped(value):
    """A filter: the text without spaces around it, so that blank counts as empty."""
    return value.strip() if isinstance(value, str) else value


def _takes_files(field) -> bool:
    return isinstance(field, FileField | MultipleFileField)


def _has_nul(pairs) -> bool:
    return any(NUL in key or NUL in value for key, value in pairs)


def reject_nul() -> None:
    """Refuse a request with a NUL character in any text it carries. :raise 400:"""
    found = NUL in request.path or _has_nul(request.args.items(multi=True))
    if not found and request.method not in ("GET", "HEAD", "OPTIONS"):
        found = _has_nul(request.form.items(multi=True)) or _has_nul(
            (name, part.filename or "") for name, part in request.files.items(multi=True)
        )
    if found:
        fail(
            400,
            _("What you sent contains a character that is not allowed. Remove it and try again."),
        )


def init_app(app: Flask) -> None:
    app.before_request(reject_nul)


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
