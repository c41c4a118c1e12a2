"""Deterministic synthetic demo data, split by feature."""
