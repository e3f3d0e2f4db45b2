"""Bringing existing Excel/CSV lists of people and events in, old Vietnamese encodings included.

readers → rows of a sheet; headers → which column is which; legacy_encodings → TCVN3/VNI text to
Unicode; values → dates, years, phones, genders, hamlets; plan → a preview with duplicates and
decisions; apply → one transaction and a summary.
"""
