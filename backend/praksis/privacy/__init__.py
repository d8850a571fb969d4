"""A person's rights over their data (GDPR): export (art. 15), erasure (art. 17) and the
retention of leavers' data.

This package comes after every domain that holds personal data (docs/architecture.md): it
reads their tables to put a person's data together, and pseudonymises it across them, in one
place that knows the whole picture (the record of processing, docs/privacy.md).
"""
