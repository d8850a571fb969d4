"""Workshops of a module and cohort: time, place, themes, facilitators, attendance."""
