"""Sign-in through the OpenID Provider: send the user there, take them back, start a session."""

from __future__ import annotations

from authlib.integrations.base_client.errors import MismatchingStateError, OAuthError
from flask import abort, current_app, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user
from joserfc.errors import JoseError
from requests import RequestException

from domain.accounts import sso
from webapp.auth.session import start_session
from webapp.sso import bp
from webapp.sso.client import (
    LEEWAY,
    ProviderProblem,
    configured,
    id_token_rules,
    metadata,
    provider,
)
from webapp.urls import is_local_path, safe_next

NEXT_KEY = "sso_next"


def _problem(status: int, message: str, *, retry: bool = True):
    """A page that says why signing in did not work (never a 500)."""
    html = render_template(
        "sso/problem.html",
        message=message,
        retry=retry,
        provider_name=current_app.config["OIDC_PROVIDER_NAME"],
    )
    return html, status


def _unreachable():
    return _problem(
        503,
        _(
            "%(provider)s cannot be reached right now. Try again in a few minutes.",
            provider=current_app.config["OIDC_PROVIDER_NAME"],
        ),
    )


def _failed():
    return _problem(
        400,
        _(
            "Signing in through %(provider)s did not succeed: the answer could not be "
            "verified, or this sign-in was already used or started in another window. "
            "Start again.",
            provider=current_app.config["OIDC_PROVIDER_NAME"],
        ),
    )


@bp.before_request
def _only_when_configured():
    """:raise 404: when the portal has no OpenID Provider."""
    if not configured():
        abort(404)


@bp.get("/login")
def login():
    """Send the user to the OpenID Provider (a plain link starts it: no form, no script)."""
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    target = request.args.get("next", "")
    session[NEXT_KEY] = target if is_local_path(target) else ""
    client = provider()
    try:
        metadata(client)
        return client.authorize_redirect(url_for("sso.callback", _external=True))
    except (RequestException, ValueError, ProviderProblem) as error:
        current_app.logger.warning("SSO: the provider's metadata failed: %s", error)
        return _unreachable()


@bp.get("/callback")
def callback():
    """Check the provider's answer and the ID token; sign the account in, or say why not."""
    client = provider()
    error = request.args.get("error")
    if error:
        current_app.logger.info("SSO: the provider answered %s", error[:100])
        if error == "access_denied":
            return _problem(
                400,
                _(
                    "Signing in through %(provider)s was cancelled.",
                    provider=current_app.config["OIDC_PROVIDER_NAME"],
                ),
            )
        return _failed()
    config = current_app.config
    issuer = request.args.get("iss")
    if issuer is not None and issuer != config["OIDC_ISSUER"]:
        # RFC 9207: the answer comes from another provider than the one asked (mix-up).
        current_app.logger.warning("SSO: the answer names issuer %r", issuer[:200])
        return _failed()
    try:
        metadata(client)
        token = client.authorize_access_token(claims_options=id_token_rules(), leeway=LEEWAY)
        claims = token.get("userinfo")
        if not claims:
            raise ProviderProblem("no ID token in the token response")
        claims = dict(claims)
        if config["OIDC_ACCOUNT_CLAIM"] not in claims:
            claims = _with_userinfo(client, token, claims)
    except MismatchingStateError:
        current_app.logger.warning("SSO: unknown or used state")
        return _failed()
    except (OAuthError, JoseError, ProviderProblem, ValueError) as problem:
        current_app.logger.warning("SSO: refused the provider's answer: %r", problem)
        return _failed()
    except RequestException as problem:
        current_app.logger.warning("SSO: the provider cannot be reached: %s", problem)
        return _unreachable()

    rule = sso.ClaimRule(config["OIDC_ACCOUNT_CLAIM"], config["OIDC_ACCOUNT_SCOPE"])
    result = sso.sign_in(claims, rule, request.remote_addr or "unknown")
    if result.outcome is not sso.SsoOutcome.OK:
        return _problem(
            403,
            _(
                "You signed in at %(provider)s as %(name)s, but the Privacy Portal has no "
                "account for you. Students get one when they enrol; staff get one from the "
                "portal's administrator. If you think this is wrong, contact the privacy desk.",
                provider=config["OIDC_PROVIDER_NAME"],
                name=result.identifier,
            ),
            retry=False,
        )
    target = session.pop(NEXT_KEY, "")
    start_session(result.account)
    return redirect(safe_next(target), code=303)


def _with_userinfo(client, token, claims: dict) -> dict:
    """Add the UserInfo claims, for a provider that keeps them out of the ID token.

    :raise ProviderProblem: when UserInfo speaks of another subject (OIDC Core 5.3.2).
    """
    if not client.load_server_metadata().get("userinfo_endpoint"):
        return claims
    info = client.userinfo(token=token)
    if info.get("sub") != claims["sub"]:
        raise ProviderProblem("UserInfo names another subject than the ID token")
    return {**info, **claims}
