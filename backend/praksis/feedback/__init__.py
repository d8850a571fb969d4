"""Feedback: on trial actions, workshop evaluations, and transfer follow-ups."""
