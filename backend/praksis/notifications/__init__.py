"""Notifications by e-mail: what a person is told, in their language, when they choose."""
