"""Statistics: aggregate figures for a municipality; no person, no name, no free text."""
