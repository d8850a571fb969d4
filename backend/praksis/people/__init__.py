"""Org units and people."""
