"""Municipalities: the tenants."""
