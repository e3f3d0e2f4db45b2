"""The data layer: SQLite connection, ordered migrations and the change log triggers.

Nothing here knows about Qt or the domain's rules; `desktop.core` builds on it.
"""

from db.connection import open_database, open_read_only, transaction
from db.errors import DamagedDatabase, DatabaseError, DatabaseLocked, DatabaseTooNew, DiskFull

__all__ = [
    "DamagedDatabase",
    "DatabaseError",
    "DatabaseLocked",
    "DatabaseTooNew",
    "DiskFull",
    "open_database",
    "open_read_only",
    "transaction",
]
