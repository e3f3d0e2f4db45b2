"""Benchmarks of ANTQ Desk on a large commune: `python -m bench` (or `make bench`).

Each measured core call stands beside the same query run with plain sqlite3 on the same file,
so a slow service layer or a missing index shows up as a ratio, not only as a number.
"""
