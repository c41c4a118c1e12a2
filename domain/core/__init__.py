"""Shared ground of every feature: database and transactions, clock, texts, CSV safety, migrations."""
