"""Every refusal of a delivery in words, for the web pages and the command line alike.

Counts, dates and line numbers only: never a student.
"""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import ngettext

from domain.deliveries.plans import DeliveryError
from webapp.labels import show


def describe(error: DeliveryError) -> str:
    """The refusal in the current language."""
    details = error.details
    code = error.code
    if code == "invalid_lines" and details.get("count"):
        lines = ", ".join(str(n) for n in details["lines"])
        message = ngettext(
            "This line is not a student number: %(lines)s.",
            "These lines are not student numbers: %(lines)s.",
            details["count"],
            lines=lines,
        )
        if details["count"] > len(details["lines"]):
            message += " " + _("(%(num)d lines in all.)", num=details["count"])
        return message + " " + _("Nothing was stored. Correct the file and upload it again.")
    if code == "already_delivered":
        return _(
            "This cohort was already delivered on %(when)s (delivery %(id)d); nothing was "
            "delivered now. To replace a faulty delivery, re-run it and give the reason.",
            when=show(details["run_at"]),
            id=details["delivery_id"],
        )
    if code == "first_year_not_ended":
        return _(
            "This cohort's first academic year ends on %(end)s: it can be delivered from "
            "the day after.",
            end=show(details["end"]),
        )
    if code == "too_large":
        return _(
            "The file is larger than %(size)d kB. Split it and deliver each part.",
            size=details["limit"] // 1024,
        )
    if code == "rerun_reason":
        return _("Keep the reason under %(num)d characters.", num=details["limit"])
    return MESSAGES.get(code, MESSAGES["invalid_lines"])()


MESSAGES = {
    "reference_date": lambda: _(
        "The reference date must be a day that has ended: consent counts for the whole day."
    ),
    "delete_on": lambda: _("The deletion date must be after the reference date and after today."),
    "no_party": lambda: _("This party has not been set up yet. Ask an administrator."),
    "not_text": lambda: _("The file is not a text or CSV file in UTF-8."),
    "empty": lambda: _("The file holds no student numbers."),
    "no_file": lambda: _("Choose the file with the scanned student numbers."),
    "invalid_lines": lambda: _("The list does not fit its counts. Upload the file again."),
    "nothing_to_rerun": lambda: _(
        "This cohort has not been delivered yet: there is nothing to "
        "replace. Leave out the reason to make its first delivery."
    ),
    "no_rerun_reason": lambda: _("Give the reason to replace the earlier delivery."),
}


def wrong_lines(lines, count: int, reasons) -> str:
    """An uploaded file's wrong lines by number, each with its reason (``reasons[code]``),
    and how many there are in all when only the first are listed."""
    listed = "; ".join(
        _("line %(line)d: %(reason)s", line=line, reason=reasons[reason]) for line, reason in lines
    )
    message = ngettext(
        "This line is not correct: %(lines)s.",
        "These lines are not correct: %(lines)s.",
        count,
        lines=listed,
    )
    if count > len(lines):
        message += " " + _("(%(num)d lines in all.)", num=count)
    return message
