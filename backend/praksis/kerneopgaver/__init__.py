"""Kerneopgaver: the municipality's core tasks and the movement each creates for the citizen."""
