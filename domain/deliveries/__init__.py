"""Consent-checked deliveries to external parties and the disclosure log."""
