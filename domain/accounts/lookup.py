"""Finding the account behind a session."""

from __future__ import annotations

from domain.accounts.models import Account


def active_account(account_id: str) -> Account | None:
    """The active account with id ``account_id`` (as a session stores it); None otherwise."""
    if not account_id.isdigit():
        return None
    return Account.get_or_none((Account.id == int(account_id)) & Account.is_active)


def staff_with(role: str) -> list[Account]:
    """The active staff accounts holding ``role``, by name."""
    return list(
        Account.select()
        .where((Account.role == role) & Account.is_active)
        .order_by(Account.display_name, Account.id)
    )


def display_names(account_ids) -> dict[int, str]:
    """The names of the accounts ``account_ids`` (None is skipped), in one query."""
    ids = {i for i in account_ids if i is not None}
    if not ids:
        return {}
    query = Account.select(Account.id, Account.display_name).where(Account.id.in_(ids))
    return dict(query.tuples())
