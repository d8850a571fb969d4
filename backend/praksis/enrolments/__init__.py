"""Enrolments: nomination with a written justification → approval → completion."""
