"""Templates compiled once per language; fixed fragments and addresses built once.

Most of a page's words are fixed: ``{{ _("Sign out") }}`` reads the same for every
request in one language. Translating each of them on every view, through Jinja's call
machinery and gettext, was a fifth of what a simple page cost (issue 14). So each
template is compiled once per language, with those fixed texts already put in its
language: ``FixedTexts`` replaces a ``{{ _("...") }}`` that holds nothing but one
string by the text that call would have printed. Calls with variables, and every other
expression, still run per request.

``url_for`` in templates keeps the addresses it built for arguments that name a
vocabulary (a static file, a category, a request type) and no person's record; an
address is a function of its arguments only, so nothing of one request reaches another.
``rendered_once`` keeps a fragment that is the same for everyone it is shown to (a role's
menu, the desk's contact details), per language and mount point.
"""

from __future__ import annotations

import contextvars
import weakref

from flask import Flask, current_app, has_request_context, render_template, request
from flask.globals import _cv_request
from flask.templating import Environment
from jinja2.ext import Extension
from jinja2.lexer import Token
from markupsafe import Markup

from webapp.i18n import current_locale, translations

_compiling_for: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "template_language", default=None
)

# The token shape of a fixed text: {{ _("...") }} or {{ gettext("...") }}.
_FIXED = ("variable_begin", "name", "lparen", "string", "rparen", "variable_end")
_GETTEXT_NAMES = frozenset({"_", "gettext"})


def template_language() -> str | None:
    """The locale templates are compiled for in this request; None outside a request."""
    if not has_request_context():
        return None
    locale = current_locale()
    return str(locale) if locale is not None else None


class PortalEnvironment(Environment):
    """Flask's template environment, caching a compiled template per (language, name).

    ``_load_template`` is Jinja's own (3.1), with the language added to the cache key and
    made known to ``FixedTexts`` while the template compiles.
    """

    def _load_template(self, name, globals):
        if self.loader is None:
            raise TypeError("no loader for this environment specified")
        language = template_language()
        cache_key = (weakref.ref(self.loader), language, name)
        if self.cache is not None:
            template = self.cache.get(cache_key)
            if template is not None and (not self.auto_reload or template.is_up_to_date):
                if globals:
                    template.globals.update(globals)
                return template
        reset = _compiling_for.set(language)
        try:
            template = self.loader.load(self, name, self.make_globals(globals))
        finally:
            _compiling_for.reset(reset)
        if self.cache is not None:
            self.cache[cache_key] = template
        return template


class FixedTexts(Extension):
    """Puts a template's fixed texts in the language it is being compiled for."""

    def filter_stream(self, stream):
        if _compiling_for.get() is None:
            yield from stream
            return
        tokens = list(stream)
        i = 0
        while i < len(tokens):
            text = _fixed_text(tokens[i : i + len(_FIXED)])
            if text is None:
                yield tokens[i]
                i += 1
            else:
                yield Token(tokens[i].lineno, "data", text)
                i += len(_FIXED)


def _fixed_text(window: list[Token]) -> str | None:
    """What ``{{ _("...") }}`` would print, if ``window`` is one; else None."""
    if len(window) != len(_FIXED) or tuple(t.type for t in window) != _FIXED:
        return None
    if window[1].value not in _GETTEXT_NAMES:
        return None
    translated = translations().ugettext(window[3].value)
    try:
        # As i18n._template_gettext: always a format string, so "%%" prints "%".
        return translated % {}
    except (TypeError, ValueError, KeyError):
        return None  # leave it to the call, which fails or prints as it always did


# Arguments whose values come from the portal's vocabularies, never from a person's
# records: an address built from only these may be kept for the next request.
VOCABULARY_ARGUMENTS = frozenset(
    {"filename", "category", "request_type", "fmt", "action", "key", "party_key", "year"}
)
_KEPT_MAX = 4096


def _kept_url_for(app: Flask):
    build = app.url_for
    kept: dict[tuple, str] = {}

    def url_for(endpoint: str, **values) -> str:
        if app.url_default_functions or not VOCABULARY_ARGUMENTS.issuperset(values):
            return build(endpoint, **values)
        current = _cv_request.get().request  # once, not through the proxy for each read
        if endpoint.startswith("."):
            endpoint = f"{current.blueprint}{endpoint}" if current.blueprint else endpoint[1:]
        key = (current.script_root, endpoint, *sorted(values.items()))
        found = kept.get(key)
        if found is None:
            found = build(endpoint, **values)
            if len(kept) >= _KEPT_MAX:
                kept.clear()
            kept[key] = found
        return found

    url_for.kept = kept  # for the tests: what is kept must hold nothing of a person
    return url_for


_FRAGMENTS_MAX = 2048


def rendered_once(template: str, key: tuple, **context) -> Markup:
    """``template`` rendered with ``context`` once per language, site prefix and ``key``.

    For a fragment that is the same for everyone it is the same for (a role's menu): the
    caller's ``key`` must name everything the context varies by, and the context must hold
    nothing of one person. Template auto-reload (development) turns the keeping off.
    """
    fragments = current_app.extensions["rendered_once"]
    full_key = (template_language(), request.script_root, template, *key)
    found = fragments.get(full_key)
    if found is None:
        found = Markup(render_template(template, **context))
        if not current_app.jinja_env.auto_reload:
            if len(fragments) >= _FRAGMENTS_MAX:
                fragments.clear()
            fragments[full_key] = found
    return found


def init_app(app: Flask) -> None:
    """Call first, before anything touches ``app.jinja_env`` (which creates it)."""
    app.jinja_environment = PortalEnvironment
    app.jinja_env.add_extension(FixedTexts)
    app.jinja_env.globals["url_for"] = _kept_url_for(app)
    app.extensions["rendered_once"] = {}
