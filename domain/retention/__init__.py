"""Retention: when a record's term ends, and (later) the engine that acts on it."""
