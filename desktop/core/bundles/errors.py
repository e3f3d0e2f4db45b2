"""The one error a bundle, an ack or a setup file raises when it cannot be used."""

from __future__ import annotations

from desktop.core.errors import UserError


class BundleError(UserError):
    """A file refused as a whole; `lines` lists the reasons per payload line, if any.

    The database is untouched whenever this is raised: every check runs before the one write
    transaction, and the transaction rolls back if anything fails inside it.
    """

    def __init__(self, message: str, log_message: str = "", lines: list[str] | None = None):
        self.lines = list(lines or [])
        full = message if not self.lines else message + "\n" + "\n".join(self.lines)
        super().__init__(full, log_message or message)
