"""Error pages in the user's language; HTMX requests get just the message."""

from __future__ import annotations

from flask import Flask, abort, make_response, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException


def _messages() -> dict[int, str]:
    return {
        400: _("The request could not be understood. Check what you entered and try again."),
        403: _("You do not have access to this page."),
        404: _("This page does not exist."),
        405: _("This action is not possible here."),
        413: _("What you sent is too large."),
        429: _("Too many requests. Wait a moment and try again."),
        500: _("Something went wrong on our side. Please try again later."),
    }


def render_error(code: int, detail: str | None = None):
    messages = _messages()
    message = messages.get(code) or messages[500 if code >= 500 else 400]
    template = "errors/_message.html" if request.headers.get("HX-Request") else "errors/error.html"
    return render_template(template, code=code, message=message, detail=detail), code


def fail(code: int, detail: str):
    """Stop the request with an error page that explains ``detail`` (already translated)."""
    abort(make_response(render_error(code, detail)))


def init_app(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def _csrf(error):
        return render_error(
            400,
            _(
                "The form has expired or did not come from this portal. "
                "Reload the page and try again."
            ),
        )

    @app.errorhandler(HTTPException)
    def _http(error: HTTPException):
        return render_error(error.code or 500)

    @app.errorhandler(Exception)
    def _unexpected(error):
        app.logger.exception("unhandled error")
        return render_error(500)
