"""Who may open which part of the portal, and the menu each role sees: one declaration.

``webapp.access`` guards each blueprint with ``AUDIENCES``; ``base.html`` and the staff
home page draw their links from it. A new page for a role is one entry here.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from domain.accounts.roles import ADMIN, COUNSELLOR, DESK, DISCLOSURE, STUDENT


@dataclass(frozen=True)
class Entry:
    """One link: where it goes, what it says, and which pages count as "here"."""

    endpoint: str
    label: str
    also: tuple[str, ...] = ()

    def is_current(self, endpoint: str | None) -> bool:
        return endpoint == self.endpoint or endpoint in self.also


@dataclass(frozen=True)
class Audience:
    """What one role reaches: its start page, its menu, its shortcuts and its blueprints."""

    home: str
    menu: tuple[Entry, ...]
    shortcuts: tuple[Entry, ...] = ()
    blueprints: tuple[str, ...] = ()


_STAFF_HOME = Entry("main.home", _l("Home"))
# One student's data, as the register lets the role see it (every view audited).
_LOOKUP = Entry("staff.student", _l("Look up a student"))

AUDIENCES: dict[str, Audience] = {
    STUDENT: Audience(
        home="student.home",
        menu=(
            Entry("student.home", _l("Home")),
            Entry(
                "student.my_data",
                _l("My data"),
                also=("student.download", "student.exports", "student.export_page"),
            ),
            Entry("consent.page", _l("Consent"), also=("consent.show_receipt",)),
            Entry(
                "requests.index",
                _l("My requests"),
                also=(
                    "requests.new",
                    "requests.detail",
                    "requests.reply",
                    "requests.withdraw",
                    "requests.attachment",
                ),
            ),
        ),
        blueprints=("student", "consent", "requests"),
    ),
    DESK: Audience(
        home="main.home",
        menu=(
            _STAFF_HOME,
            Entry(
                "desk.queue", _l("Requests"), also=("desk.detail", "desk.act", "desk.attachment")
            ),
            Entry("desk.new", _l("File a request")),
            Entry(
                "desk.consent_find",
                _l("Consent"),
                also=("desk.consent_student", "desk.consent_record"),
            ),
            _LOOKUP,
        ),
        shortcuts=(
            Entry("desk.queue", _l("Rights requests by due date")),
            Entry("desk.new", _l("File a request that came by letter or e-mail")),
            Entry("desk.consent_find", _l("Record a consent choice that came by letter or e-mail")),
            Entry("staff.student", _l("Look up a student's data")),
        ),
        blueprints=("desk", "staff"),
    ),
    DISCLOSURE: Audience(
        home="main.home",
        menu=(
            _STAFF_HOME,
            Entry(
                "disclosure.index",
                _l("Deliveries"),
                also=(
                    "disclosure.make",
                    "disclosure.delivery_detail",
                    "disclosure.download",
                    "disclosure.download_xlsx",
                ),
            ),
            Entry("disclosure.nse_results", _l("NSE results")),
            Entry("disclosure.nse_links", _l("NSE link file")),
        ),
        blueprints=("disclosure",),
    ),
    COUNSELLOR: Audience(
        home="main.home",
        menu=(_STAFF_HOME, _LOOKUP),
        shortcuts=(Entry("staff.student", _l("Look up a student's data")),),
        blueprints=("staff",),
    ),
    ADMIN: Audience(
        home="main.home",
        menu=(
            _STAFF_HOME,
            Entry("admin.register", _l("Record of processing")),
            Entry(
                "admin.retention",
                _l("Retention"),
                also=(
                    "admin.runs",
                    "admin.run_detail",
                    "admin.legal_holds",
                    "admin.lift_hold",
                    "admin.reviews",
                    "admin.review_list",
                    "admin.approve_review",
                ),
            ),
            Entry(
                "admin.parties_list",
                _l("External parties"),
                also=("admin.party_new", "admin.party_edit", "admin.party_versions"),
            ),
        ),
        shortcuts=(
            Entry("admin.register", _l("Record of processing (GDPR Art. 30)")),
            Entry("admin.retention", _l("Retention: rules and tonight's plan")),
            Entry("admin.runs", _l("Retention run history")),
            Entry("admin.legal_holds", _l("Legal holds")),
            Entry("admin.reviews", _l("Destruction lists awaiting approval")),
            Entry("admin.health_detail", _l("Health of the portal")),
            Entry("admin.accounts", _l("Accounts: sessions and roles")),
        ),
        blueprints=("admin",),
    ),
}


def audience(role: str | None) -> Audience | None:
    """The declaration for ``role``; None for an unknown role."""
    return AUDIENCES.get(role or "")


def roles_for(blueprint: str) -> frozenset[str]:
    """The roles that may open the pages of ``blueprint`` (empty: not role-bound)."""
    return frozenset(role for role, a in AUDIENCES.items() if blueprint in a.blueprints)


def menu_for(role: str | None) -> tuple[Entry, ...]:
    found = audience(role)
    return found.menu if found else ()


def shortcuts_for(role: str | None) -> tuple[Entry, ...]:
    found = audience(role)
    return found.shortcuts if found else ()


def home_for(role: str | None) -> str:
    """The start page of ``role``'s audience."""
    found = audience(role)
    return found.home if found else "main.home"
