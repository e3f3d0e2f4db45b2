"""The domain without Qt: registers, validation, catalogues, search keys and reports.

Every write goes through one transaction here; the UI and the CLI only call these services.
"""
