"""Praksis: strategic competence development for municipalities."""
