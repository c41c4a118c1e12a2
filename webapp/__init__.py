"""The Privacy Portal web application."""

from __future__ import annotations

from flask import Flask

from webapp import config as portal_config
from webapp.config import ROOT


def create_app(config: dict | None = None) -> Flask:
    """Build the portal: configuration, extensions, blueprints, error pages, commands."""
    app = Flask(
        __name__, template_folder=str(ROOT / "templates"), instance_path=str(portal_config.INSTANCE)
    )
    app.config.from_mapping(portal_config.from_environment())
    if config:
        app.config.from_mapping(config)

    from webapp import (
        access,
        audit,
        database,
        desk_contact,
        errors,
        fields,
        i18n,
        labels,
        security,
        templating,
        urls,
    )
    from webapp.extensions import csrf, htmx, login_manager

    templating.init_app(app)  # first: it chooses the class of app.jinja_env
    urls.init_app(app)  # the bounded <int:...> converter, before any route is added
    database.init_app(app)
    audit.init_app(app)  # after database: its hooks run before the commit or rollback
    i18n.init_app(app)
    security.init_app(app)
    fields.init_app(app)  # refuses NUL characters before any view reads the request
    csrf.init_app(app)
    htmx.init_app(app)
    _configure_login(app, login_manager)
    errors.init_app(app)
    labels.init_app(app)
    desk_contact.init_app(app)
    _register_blueprints(app)
    access.init_app(app)

    from webapp import commands

    commands.init_app(app)
    _trust_proxies(app)
    return app


def _trust_proxies(app: Flask) -> None:
    """Behind ``TRUSTED_PROXIES`` reverse proxies, take the client's address, scheme and host
    from their X-Forwarded-* headers (the last ``n`` values only, which they set themselves),
    so rate limits and audit records see the real client."""
    proxies = app.config.get("TRUSTED_PROXIES", 0)
    if proxies:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)


def _configure_login(app: Flask, login_manager) -> None:
    from flask_babel import lazy_gettext as _l

    from webapp.auth.session import load_account

    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Sign in to see this page.")
    login_manager.login_message_category = "info"
    # Sessions live on the server (webapp/auth/session.py): the cookie only names one, and
    # signing out, an administrator or a role change end it there. No IP binding on top.
    login_manager.session_protection = None
    login_manager.request_loader(load_account)
    # Never an account from Flask-Login's own cookies ("remember me", "_user_id").
    login_manager.user_loader(lambda _account_id: None)


def _register_blueprints(app: Flask) -> None:
    from webapp.admin import bp as admin_bp
    from webapp.auth import bp as auth_bp
    from webapp.consent import bp as consent_bp
    from webapp.desk import bp as desk_bp
    from webapp.disclosure import bp as disclosure_bp
    from webapp.main import bp as main_bp
    from webapp.requests import bp as requests_bp
    from webapp.sso import bp as sso_bp
    from webapp.staff import bp as staff_bp
    from webapp.student import bp as student_bp

    for bp in (
        main_bp,
        auth_bp,
        student_bp,
        admin_bp,
        consent_bp,
        requests_bp,
        disclosure_bp,
        desk_bp,
        staff_bp,
        sso_bp,
    ):
        app.register_blueprint(bp)
