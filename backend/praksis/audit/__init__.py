"""The audit trail: who decided or changed what, when, with the fields before and after.

The lowest domain, so every domain records into it (``audit.trail.record``) in its own unit
of work; its routes only read (docs/architecture.md, "Audit trail").
"""
