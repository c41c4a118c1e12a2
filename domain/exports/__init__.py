"""Copies of a person's data for the person: the access export (GDPR art. 15) and the
portability export (art. 20), read from the register, stored as files that expire."""
