"""Programmes, their modules and goals, and partners' cross-municipality offerings."""
