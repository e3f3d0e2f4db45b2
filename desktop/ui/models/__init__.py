"""Qt table models over core queries."""
