"""Accounts, the roles staff hold, and signing in."""
