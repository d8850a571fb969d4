"""``praksis seed-scale``: realistic, deterministic data for Denmark's 98 municipalities."""
