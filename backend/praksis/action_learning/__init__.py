"""Action-learning projects (aktionslæring) and their trial actions (prøvehandlinger)."""
