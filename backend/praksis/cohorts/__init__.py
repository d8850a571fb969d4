"""Cohorts (hold), learning groups and buddy pairs."""
