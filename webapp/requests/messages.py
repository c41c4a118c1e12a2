"""Why a request change was refused, in the user's language, next to the field it is about.

The student's and the desk's pages share this one mapping of domain error codes.
"""

from __future__ import annotations

from flask_babel import gettext as _

from domain.requests.attachments import MAX_BYTES, MAX_FILES
from domain.requests.errors import RequestError


def message(error: RequestError) -> str:
    """The refusal in words."""
    d = error.details
    texts = {
        "text_required": lambda: _("Fill this in."),
        "text_too_long": lambda: _("Use at most %(num)d characters.", num=d.get("limit", 0)),
        "text_invalid": lambda: _("This text holds a character that cannot be stored."),
        "field": lambda: _("Choose one of the listed pieces of data."),
        "categories": lambda: _("Choose at least one category of data."),
        "ground": lambda: _("Choose a ground from the list."),
        "purposes": lambda: _("Choose at least one of the listed processings."),
        "too_many_files": lambda: _("Attach at most %(num)d files.", num=MAX_FILES),
        "file_too_large": lambda: _(
            "%(name)s is larger than %(size)d MB.",
            name=d.get("name"),
            size=MAX_BYTES // (1024 * 1024),
        ),
        "file_type": lambda: _("%(name)s is not a PDF, PNG or JPEG file.", name=d.get("name")),
        "received_on": lambda: _(
            "Give the date the letter or e-mail arrived; it cannot lie in the future."
        ),
        "unknown_outcome": lambda: _("Choose a decision."),
        "assignee": lambda: _("Choose a member of the privacy desk."),
        "ground_required": lambda: _("A (partial) refusal needs a legal ground from the list."),
        "already_extended": lambda: _(
            "This request has been extended already; the law allows one extension."
        ),
        "extend_too_late": lambda: _(
            "The original due date has passed: the period can no longer be extended."
        ),
        "own_proposal": lambda: _(
            "You proposed this decision yourself: another member of "
            "the privacy desk must approve it."
        ),
        "nothing_to_approve": lambda: _("There is no proposed decision to approve."),
        "cannot_wait": lambda: _("You can ask the student only while the request is in progress."),
        "cannot_decide": lambda: _(
            "This request cannot be decided now: it was decided, "
            "proposed, withdrawn or is waiting for the student."
        ),
        "cannot_close": lambda: _("Only a decided request can be closed."),
        "not_open": lambda: _("This request is no longer open."),
        "unknown_channel": lambda: _("Choose how the request arrived."),
        "unknown_type": lambda: _("Choose a type of request."),
        "proposed_invalid": lambda: _invalid_value(d.get("kind")),
        "not_correctable": lambda: _(
            "This piece of data is not corrected here: it is corrected at its source."
        ),
        "not_restricted": lambda: _(
            "There is no restriction to lift: the request was not granted or it was lifted."
        ),
    }
    # "field" and "restriction_ground" name the field they are about through details.
    code = {"restriction_ground": "ground"}.get(error.code, error.code)
    return texts.get(code, lambda: _("This could not be saved. Check the form and try again."))()


def _invalid_value(kind: str | None) -> str:
    """Why a proposed value does not fit its field (domain.rights.rectification)."""
    return {
        "email": lambda: _("Give an e-mail address such as name@example.org."),
        "phone": lambda: _("Give a phone number of digits, spaces and + ( ) - only."),
        "too_long": lambda: _("This is too long for this piece of data."),
        "date": lambda: _("Give a date as YYYY-MM-DD."),
        "required": lambda: _("This piece of data cannot be empty."),
    }.get(kind, lambda: _("This value does not fit this piece of data."))()


def put_on_form(form, error: RequestError) -> None:
    """Show the refusal next to its field, or at the top of the form."""
    name = error.details.get("field")
    field = getattr(form, name, None) if name else None
    if field is not None and hasattr(field, "errors"):
        field.errors = list(field.errors) + [message(error)]
    else:
        form.form_errors.append(message(error))
