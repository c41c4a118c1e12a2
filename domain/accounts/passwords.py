"""Changing one's own password: the rules for a new one and the change itself.

The rules follow NIST SP 800-63B: a minimum length and no composition rules, not the
username, and not the password it replaces.
"""

from __future__ import annotations

from domain.accounts import sessions
from domain.accounts.signin import hash_password

MIN_LENGTH = 12
MAX_LENGTH = 200


def is_username(password: str, username: str) -> bool:
    return password.strip().lower() == username.strip().lower()


def change(account_id: int, new_password: str, *, keep_token: str) -> int:
    """Store ``new_password`` hashed and end every other session of the account.

    The session of ``keep_token`` (the browser that made the change) stays signed in.
    :return: the number of other sessions ended.
    """
    return sessions.change_password(account_id, hash_password(new_password), keep_token=keep_token)
