"""The `antq-desk` command line: argparse parsers, console prompts and printed output.

Kept out of `desktop.core` (an import-linter contract keeps argparse out, an AST test print and
getpass.getpass), so the core serves the window and the command line alike.
"""

from desktop.cli.commands import main

__all__ = ["main"]
