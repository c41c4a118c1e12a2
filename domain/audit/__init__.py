"""The staff audit trail: who looked at or changed whose data, and when."""
