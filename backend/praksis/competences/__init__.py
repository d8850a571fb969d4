"""Competence frameworks (fagprofiler) and their competences."""
