"""Consent per external party: parties and their notices, the ledger, receipts."""
