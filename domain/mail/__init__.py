"""E-mail: an outbox written in the change's own transaction, sent later by the worker."""
