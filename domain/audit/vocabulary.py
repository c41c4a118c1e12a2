"""The audit actions: what each means in words, and which data it opens by default.

The student reads these on My data ("Who looked at my data"). A caller that knows
better which register categories it opened passes them to ``trail.record``; the
defaults here are for actions whose data is always the same.
"""

from __future__ import annotations

from dataclasses import dataclass

from domain.core.text import Text
from domain.register.vocabulary import CATEGORIES


@dataclass(frozen=True)
class AuditAction:
    label: Text
    categories: tuple[str, ...] = ()


ACTIONS: dict[str, AuditAction] = {
    "view:rights_request": AuditAction(
        Text("opende je verzoek, met je gegevens", "opened your request, with your data"),
        ("requests",),
    ),
    "download:request_attachment": AuditAction(
        Text("downloadde een bijlage bij je verzoek", "downloaded an attachment to your request"),
        ("requests",),
    ),
    "view:student": AuditAction(
        Text("bekeek je gegevens", "looked at your data"),
    ),
    "run:delivery": AuditAction(
        Text(
            "maakte een levering aan een externe partij waar je toestemming voor gaf",
            "made a delivery to an external party you consented to",
        ),
    ),
    # The NSE's link file or support-needs file imported from the portal (issue 13 §2).
    "import:survey_answers": AuditAction(
        Text(
            "koppelde je antwoorden op de NSE aan je gegevens",
            "linked your answers to the NSE to your data",
        ),
        ("surveys",),
    ),
    "download:delivery_file": AuditAction(
        Text(
            "downloadde een leveringsbestand met je gegevens",
            "downloaded a delivery file holding your data",
        ),
    ),
    # The desk's page of a student's consent choices (webapp/desk/consent.py).
    "view:consent": AuditAction(
        Text("bekeek je toestemmingskeuzes", "looked at your consent choices"),
        ("identity", "account"),
    ),
    "view:legal_holds": AuditAction(
        Text("bekeek de lijst van juridische blokkades", "looked at the list of legal holds"),
        ("identity", "account"),
    ),
    "place:legal_hold": AuditAction(
        Text("plaatste een juridische blokkade", "placed a legal hold"), ("account",)
    ),
    "lift:legal_hold": AuditAction(
        Text("hief een juridische blokkade op", "lifted a legal hold"), ("account",)
    ),
    # A page of a destruction list under review (webapp/admin/retention.py): each person
    # with a record on the page.
    "view:destruction_list": AuditAction(
        Text(
            "bekeek een vernietigingslijst met een gegeven van je",
            "looked at a destruction list holding a record of yours",
        ),
        ("identity",),
    ),
    # An administrator's actions on an account (webapp/admin/accounts.py).
    "end:sessions": AuditAction(
        Text("beëindigde je sessies in het portaal", "ended your sessions on the portal"),
        ("account",),
    ),
    "change:role": AuditAction(
        Text("gaf je account een andere rol", "gave your account another role"), ("account",)
    ),
    "approve:destruction_list": AuditAction(
        Text("keurde een vernietigingslijst goed", "approved a destruction list")
    ),
}

# An action declared nowhere (yet): still shown, in general words.
OTHER = AuditAction(Text("werkte met je gegevens", "worked with your data"))


def action(key: str) -> AuditAction:
    return ACTIONS.get(key, OTHER)


def encode_categories(keys) -> str:
    """Register category keys as stored: unique, in the register's order.

    :raise ValueError: for a key the register does not have.
    """
    wanted = set(keys)
    unknown = wanted - set(CATEGORIES)
    if unknown:
        raise ValueError(f"not a register category: {', '.join(sorted(unknown))}")
    return ",".join(c for c in CATEGORIES if c in wanted)


def decode_categories(stored: str | None) -> list[str]:
    return [c for c in (stored or "").split(",") if c]
