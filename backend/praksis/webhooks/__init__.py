"""Outgoing webhooks: a municipality's integrations register endpoints for events, and each
event is delivered to them signed per the Standard Webhooks specification, retried with
backoff (docs/operations.md, "Webhooks")."""
