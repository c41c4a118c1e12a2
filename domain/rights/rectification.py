"""Rectification (GDPR art. 16): a granted request puts the proposed value in its field.

Only fields the register marks ``correctable`` are corrected here; a field whose source is
elsewhere names where it is corrected (``correct_at``) and is never offered. The value is
checked by the field's type before it is stored, and the audit trail records which field
changed, by whom and when: never the old value (nor the new one: it is on the request).
"""

from __future__ import annotations

import datetime as dt
import re

from peewee import CharField, DateField, TextField

from domain.audit import trail as audit
from domain.models import Account, Person, RightsRequest
from domain.register import declaration
from domain.requests.errors import RequestError

ACTION = "rectify:person"
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
PHONE = re.compile(r"\+?[0-9 ()-]+")
MIN_PHONE_DIGITS = 4  # a short internal extension is a phone number too


def _invalid(kind: str) -> RequestError:
    return RequestError("proposed_invalid", field="proposed", kind=kind)


def clean_value(name: str, value: str | None):
    """The proposed value for ``Person.name`` as its column stores it.

    :raise RequestError: ``not_correctable`` for a field the desk does not correct here,
        ``proposed_invalid`` (with ``kind``) for a value its type does not accept.
    """
    try:
        decl = declaration(Person, name)
    except KeyError:
        raise RequestError("not_correctable", field="field") from None
    if not decl.correctable:
        raise RequestError("not_correctable", field="field")
    column = getattr(Person, name)
    text = (value or "").strip()
    if not text:
        if column.null:
            return None
        if column.default == "":
            return ""
        raise _invalid("required")
    if isinstance(column, DateField):
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            raise _invalid("date") from None
    if not isinstance(column, CharField | TextField):
        raise _invalid("type")  # a flag or a number is not a value a student proposes
    if isinstance(column, CharField) and len(text) > column.max_length:
        raise _invalid("too_long")
    if name.endswith("email") and not EMAIL.fullmatch(text):
        raise _invalid("email")
    if name == "phone" and (
        not PHONE.fullmatch(text) or sum(c.isdigit() for c in text) < MIN_PHONE_DIGITS
    ):
        raise _invalid("phone")
    return text


def apply(request: RightsRequest, actor: Account | int) -> str:
    """Put the request's proposed value in its field (caller's transaction); return the key."""
    details = request.detail_values
    name = details.get("field", "")
    value = clean_value(name, details.get("proposed"))
    Person.update({getattr(Person, name): value}).where(Person.id == request.person_id).execute()
    key = declaration(Person, name).key
    actor = actor if isinstance(actor, Account) else Account(id=actor)
    audit.record(actor, ACTION, [request.person_id], f"{key} ({request.reference})")
    return key
