"""Every kind of e-mail the portal sends, with its Dutch and English name (the register's)."""

from __future__ import annotations

from domain.core.text import Text

REQUEST_RECEIVED, REQUEST_WAITING = "request_received", "request_waiting"
REQUEST_EXTENDED, REQUEST_MESSAGE = "request_extended", "request_message"
REQUEST_DECIDED, REQUEST_CLOSED = "request_decided", "request_closed"
DESK_DIGEST = "desk_digest"
SIGN_IN_FAILURES = "sign_in_failures"
SIGN_IN_CODE = "sign_in_code"

KINDS = {
    REQUEST_RECEIVED: Text("ontvangstbevestiging van een verzoek", "confirmation of a request"),
    REQUEST_WAITING: Text("vraag om informatie", "request for information"),
    REQUEST_EXTENDED: Text("verlenging van de termijn", "extension of the period"),
    REQUEST_MESSAGE: Text("melding van een nieuw bericht", "notice of a new message"),
    REQUEST_DECIDED: Text("melding van een besluit", "notice of a decision"),
    REQUEST_CLOSED: Text("melding van afronding", "notice of completion"),
    SIGN_IN_FAILURES: Text(
        "waarschuwing voor veel mislukte inlogpogingen", "warning of many failed sign-ins"
    ),
    SIGN_IN_CODE: Text("inlogcode per e-mail", "sign-in code by e-mail"),
    DESK_DIGEST: Text("dagoverzicht voor het privacyloket", "daily overview for the privacy desk"),
}
