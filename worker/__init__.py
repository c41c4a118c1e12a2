"""The background worker: one process that runs the portal's scheduled jobs."""
