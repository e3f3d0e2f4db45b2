"""The office's database file itself: where it may live, who holds it, its checks and copies."""
