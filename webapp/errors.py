"""Error pages in the user's language; HTMX requests get just the message."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask, abort, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_url
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from webapp.extensions import login_manager
from webapp.urls import is_local_path


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


def is_htmx() -> bool:
    return bool(request.headers.get("HX-Request"))


def htmx_page() -> str | None:
    """The page an htmx request came from (path and query), if it is on this portal.

    htmx sends the browser's whole address in ``HX-Current-URL``; only a page of this
    host is trusted, and only its local part is kept.
    """
    current = urlsplit(request.headers.get("HX-Current-URL", ""))
    if current.netloc and current.netloc != request.host:
        return None
    target = current.path + (f"?{current.query}" if current.query else "")
    return target if is_local_path(target) else None


def htmx_redirect(location: str, code: int):
    """Tell htmx to load ``location`` as a whole page (``HX-Redirect``), whatever ``code``.

    htmx acts on the header before it looks at the status, so the status stays honest
    (401, 400) for logs and for clients without htmx.
    """
    response = make_response("", code)
    response.headers["HX-Redirect"] = location
    return response


def sign_in_again():
    """Send a visitor whose session has ended to sign in, and back to the page afterwards.

    An ordinary request is redirected with ``next`` = the address it asked for (as
    Flask-Login does). An htmx request asked for a fragment, so the sign-in page must not
    be swapped into the page: the browser is sent to sign in with ``next`` = the page it
    was on.
    """
    if is_htmx():
        flash(_("Your session has ended. Sign in again to continue."), "info")
        return htmx_redirect(login_url(login_manager.login_view, next_url=htmx_page()), 401)
    flash(str(login_manager.login_message), login_manager.login_message_category)
    return redirect(login_url(login_manager.login_view, next_url=request.url))


def init_app(app: Flask) -> None:
    login_manager.unauthorized_handler(sign_in_again)

    @app.errorhandler(CSRFError)
    def _csrf(error):
        message = _(
            "The form has expired or did not come from this portal. Reload the page and try again."
        )
        if is_htmx():
            if not current_user.is_authenticated:
                return sign_in_again()  # the session, and its token, have expired
            # Signed in, but the page's token is stale (a new session since it was loaded):
            # load the page again, which gives it the session's token.
            flash(_("The page had expired and has been reloaded. Try again."), "error")
            return htmx_redirect(htmx_page() or url_for("main.home"), 400)
        return render_error(400, message)

    @app.errorhandler(HTTPException)
    def _http(error: HTTPException):
        return render_error(error.code or 500)

    @app.errorhandler(Exception)
    def _unexpected(error):
        app.logger.exception("unhandled error")
        return render_error(500)
