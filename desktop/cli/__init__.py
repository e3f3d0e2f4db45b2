"""The `antq-desk` command line: argparse parsers, console prompts and printed output.

Kept out of `desktop.core` (an import-linter contract forbids argparse and getpass there), so the
core serves the window and the command line alike.
"""

from desktop.cli.commands import main

__all__ = ["main"]
