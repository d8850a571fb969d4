"""Demo data drawn from the seed texts."""
