"""Every template filter and global in one place: labels in the current language.

The texts live in the domain (``Text`` vocabularies and the register); this module only
picks the current language and formats values.
"""

from __future__ import annotations

import datetime as dt
import functools
from decimal import Decimal

from babel import Locale, dates, numbers
from flask import Flask, request
from flask_babel import format_date, format_datetime
from markupsafe import Markup

from domain.accounts.roles import STAFF_ROLES
from domain.consent.vocabulary import CHANNELS, DECISIONS, FREQUENCIES, PARTY_FIELDS
from domain.core.text import Text
from domain.register import (
    LEGAL_BASES,
    LEGAL_BASES_EXPLAINED,
    PURPOSES,
    RULES,
    record_type_named,
)
from domain.register.declarations import WRITTEN_IN_DUTCH
from domain.register.rules import ACTION_TEXTS
from domain.requests import vocabulary as request_words
from domain.requests.details import describe as describe_request
from domain.retention.state import Kind, RetentionState
from webapp.i18n import LANGUAGES, current_language, current_locale, page_to_return_to
from webapp.i18n import gettext as _
from webapp.navigation import menu_for, shortcuts_for
from webapp.templating import rendered_once


def init_app(app: Flask) -> None:
    app.jinja_env.filters.update(
        t=text,
        show=show,
        sentence=sentence,
        number=number,
        date=lambda value, fmt="medium": date_words(value, fmt) if value else "",
        datetime=lambda value, fmt="medium": format_datetime(value, fmt) if value else "",
        staff_role=staff_role_label,
        party_field=party_field_label,
        frequency=frequency_label,
        decision=decision_label,
        channel=channel_label,
        lang_of=lang_of,
        retention_state=retention_state_words,
    )
    app.jinja_env.globals.update(
        current_language=current_language,
        page_to_return_to=page_to_return_to,
        LANGUAGES=LANGUAGES,
        purposes=PURPOSES,
        bases=LEGAL_BASES,
        bases_explained=LEGAL_BASES_EXPLAINED,
        staff_role_label=staff_role_label,
        strategy_label=strategy_label,
        action_label=action_label,
        outcome_label=outcome_label,
        record_type_label=record_type_label,
        rule_label=rule_label,
        trigger_label=trigger_label,
        source_label=source_label,
        main_menu=main_menu,
        table_rows=table_rows,
        shortcuts_for=shortcuts_for,
        current_endpoint=current_endpoint,
        control_class=control_class,
        request_words=request_words,
        describe=describe_request,
    )


# The NL Design System's class for each kind of form control (vendor/utrecht/utrecht.min.css).
_CONTROL_CLASSES = {
    "checkbox": "utrecht-checkbox utrecht-checkbox--html-input",
    "radio": "utrecht-radio-button utrecht-radio-button--html-input",
    "select": "utrecht-select utrecht-select--html-select",
    "textarea": "utrecht-textarea utrecht-textarea--html-textarea",
    "text": "utrecht-textbox utrecht-textbox--html-input",
}


def control_class(field) -> str:
    """The component class for a WTForms field's control (a text box unless it is another kind)."""
    kind = getattr(field.widget, "input_type", None)
    if kind not in _CONTROL_CLASSES:
        name = type(field.widget).__name__
        kind = {"Select": "select", "TextArea": "textarea"}.get(name, "text")
    return _CONTROL_CLASSES[kind]


def current_endpoint() -> str | None:
    return request.endpoint


def main_menu(role: str | None) -> Markup:
    """The main menu of ``role`` with this page marked: the same for everyone with that role
    on this page, so rendered once per language."""
    here = request.endpoint
    return rendered_once("_main_menu.html", (role, here), entries=menu_for(role), here=here)


def text(value: Text | None) -> str:
    """A bilingual text in the current language."""
    return value.get(current_language()) if value is not None else ""


def sentence(value: str) -> str:
    return value[:1].upper() + value[1:] if value else value


def number(value) -> str:
    return format_decimal(value) if value is not None else ""


# flask-babel's format_date and format_decimal look the locale up on every call and Babel
# parses the pattern each time; a table of results calls them hundreds of times. These take
# the request's locale once resolved and keep what a value and a locale give (a pure
# function of the two, nobody's data but the value itself). The portal sets no BABEL date
# formats, so "medium" is the locale's own medium format, as flask-babel would use.


def format_decimal(value) -> str:
    locale = current_locale()
    return _decimal(type(value), str(value), value, locale.language, locale.territory)


@functools.lru_cache(maxsize=4096)
def _decimal(_kind, _text, value, language, territory) -> str:
    # The type and the text are part of the key: 7.5 and Decimal("7.50") stay apart.
    return numbers.format_decimal(value, locale=Locale(language, territory))


def date_words(value, fmt: str = "medium") -> str:
    """A date in the current locale; a datetime goes through flask-babel (Amsterdam time)."""
    if isinstance(value, dt.datetime):
        return format_date(value, fmt)
    locale = current_locale()
    return _date(value, fmt, locale.language, locale.territory)


@functools.lru_cache(maxsize=4096)
def _date(value: dt.date, fmt: str, language: str, territory: str | None) -> str:
    return dates.format_date(value, fmt, locale=Locale(language, territory))


def show(value) -> str:
    """Format any register value for display in the current language."""
    if value is None or value == "":
        return "—"
    if isinstance(value, Text):
        return value.get(current_language())
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, dt.datetime):
        return format_datetime(value, "medium")
    if isinstance(value, dt.date):
        return date_words(value)
    if isinstance(value, (int, float, Decimal)):
        return format_decimal(value)
    return str(value)


def staff_role_label(role: str) -> str:
    label = STAFF_ROLES.get(role)
    return label.get(current_language()) if label else _("student")


def action_label(action) -> str:
    return ACTION_TEXTS[action].get(current_language())


def outcome_label(outcome: str) -> str:
    return {
        "running": _("running"),
        "succeeded": _("succeeded"),
        "failed": _("failed"),
        "interrupted": _("interrupted"),
    }.get(outcome, outcome)


def strategy_label(strategy) -> str:
    return {
        "null": _("emptied"),
        "placeholder": _("a fixed placeholder"),
        "year": _("only the year kept"),
        "pseudonym": _("a keyed pseudonym"),
    }[strategy.value]


def party_field_label(key: str) -> str:
    field = PARTY_FIELDS.get(key)
    return field.label.get(current_language()) if field else key


def frequency_label(key: str) -> str:
    found = FREQUENCIES.get(key)
    return found.get(current_language()) if found else key


def decision_label(key: str) -> str:
    return DECISIONS[key].get(current_language())


def channel_label(key: str) -> str:
    return CHANNELS[key].get(current_language())


def record_type_label(model_name: str) -> str:
    """The register's name of a record type stored by class name (run logs), not the name."""
    found = record_type_named(model_name)
    return sentence(found.label.get(current_language())) if found else _("other records")


def rule_label(key: str) -> str:
    """A retention rule stored by key, told as its term in words."""
    rule = RULES.get(key)
    return rule.in_words(current_language()) if rule else _("a rule no longer in the register")


def trigger_label(trigger: str) -> str:
    """Who started a retention run, in words."""
    return {
        "cli": _("the nightly worker or the command line"),
        "schedule": _("the nightly schedule"),
        "start-up": _("the worker, on starting"),
    }.get(trigger, _("another process"))


def source_label(source: str) -> str:
    """Where a retention term comes from, in words instead of the register's reference."""
    told = []
    for part in filter(None, (p.strip() for p in source.split(";"))):
        if part.startswith("decision:"):
            told.append(_("a decision of the university where the policy sets no term"))
        elif part.startswith("backstop:"):
            told.append(_("a latest date the university set, in case the event never comes"))
        elif part.startswith("rug"):
            told.append(_("the privacy regulations, %(section)s", section=part[3:].strip()))
        elif part == "nse":
            told.append(_("the privacy statement of the National Student Survey"))
        else:
            told.append(part)
    return "; ".join(told) or "—"


def retention_state_words(state: RetentionState | None) -> str:
    """Where one record stands in its term, in one plain sentence."""
    if state is None:
        return ""
    lang = current_language()
    when = date_words(state.due) if state.due else ""
    if state.kind is Kind.KEPT:
        return state.rule.description.get(lang) + "."
    if state.kind is Kind.NOT_STARTED:
        return _(
            "Kept for now: the term starts at %(event)s.",
            event=state.rule.description.get(lang),
        )
    if state.kind is Kind.UNTIL:
        if state.anonymises:
            return _("Kept until %(date)s, then anonymised.", date=when)
        return _("Kept until %(date)s, then deleted.", date=when)
    if state.kind is Kind.HELD:
        reasons = ", ".join(r.get(lang) for r in state.held_by)
        return _(
            "Still here although its term ended on %(date)s, because of: %(reasons)s.",
            date=when,
            reasons=reasons,
        )
    if state.kind is Kind.REVIEW:
        return _(
            "Its term ended on %(date)s: tonight it goes on a list to be checked before "
            "it is destroyed.",
            date=when,
        )
    if state.anonymises:
        return _("Anonymised tonight: its term ended on %(date)s.", date=when)
    return _("Deleted tonight: its term ended on %(date)s.", date=when)


def table_rows(part) -> list[tuple]:
    """The rows of an open part's table, ready to print: per row the row itself, its cells
    and its retention sentence; per cell its text, the language it is in when that is not
    the page's, whether it is the file's download link, and whether it gets the "special
    category" badge.

    A table of results has hundreds of cells: formatted here in one loop, they cost a
    fraction of what a template loop with a filter call per cell cost (issue 14).
    """
    columns = [(f.name, lang_of(f), f.special_category) for f in part.columns]
    rows = []
    for row in part.rows:
        values, special = row.values, row.special_category
        cells = []
        for name, lang, special_field in columns:
            value = values[name]
            if name == "file_name" and row.has_file:
                cells.append((value, None, True, special_field and special))
            else:
                cells.append(
                    (show(value), lang if value else None, False, special_field and special)
                )
        rows.append((row, cells, retention_state_words(row.state)))
    return rows


def lang_of(field) -> str | None:
    """The language of a field's data when it differs from the page's (WCAG 3.1.2)."""
    if field.name in WRITTEN_IN_DUTCH and current_language() != "nl":
        return "nl"
    return None
