"""Demo data for every app: it may import everything, and nothing imports it."""
