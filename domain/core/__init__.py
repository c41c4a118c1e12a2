"""Shared ground of every feature.

Database and transactions, clock, academic year, texts, CSV safety, migrations.
"""
