"""Declarations for the copies of their data that students download (issue 10 §2).

An export file is itself personal data: a full copy of the student's data. It is kept only
while its download link works (``EXPORT_LINK_DAYS``, 14 by default) and removed by the
retention worker the night after the link expired, so the portal holds no stale copies
(GDPR Art. 5(1)(c) and (e)). A person under a hold keeps their files until the hold ends,
as all their records, but an expired link never downloads.
"""

from __future__ import annotations

from domain import models as m
from domain.accounts.roles import ADMIN, DESK
from domain.core.text import Text
from domain.register.declarations import record_type
from domain.register.rules import Action, Event, Period, RetentionRule, Unit

RULES = {
    rule.key: rule
    for rule in [
        RetentionRule(
            "data_export",
            Event.RECORD_DATE,
            Period(1, Unit.DAYS),
            Action.DELETE,
            Text("het verlopen van de downloadlink", "the expiry of the download link"),
            date_field="expires_at",
            source="decision: docs/decisions.md",
        ),
    ]
}

RECORD_TYPES = (
    record_type(
        m.DataExport,
        Text("download van je gegevens", "download of your data"),
        category="requests",
        purpose=22,
        # GDPR art. 15(3) and 20: the university must provide the copy.
        basis="legal_obligation",
        retention="data_export",
        origin="university",
        roles=(DESK, ADMIN),
        rules=RULES,
        shown=False,
        section="exports",
        technical=("id", "person", "token", "request", "schema_version"),
        withheld={
            "document": Text(
                "De inhoud is de download zelf; een nieuwe download telt eerdere alleen op",
                "The content is the download itself; a new download only lists earlier ones",
            )
        },
        kind=Text("soort", "kind"),
        document=Text("inhoud", "content"),
        size=Text("grootte", "size"),
        created_at=Text("gemaakt op", "made on"),
        expires_at=Text("link verloopt op", "link expires on"),
    ),
)
