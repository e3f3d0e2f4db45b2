"""Sync bundles (DESIGN.md §4, docs/bundle-format.md): keys, export, verified import, acks.

Modules: `archive` (the zip container), `manifest` (signed, no personal data), `payload`
(JSON Lines rows and their checks), `keys` (both offices' keys and the commune register),
`export` (commune), `importer` (province), `ack` (acknowledgements), `fileio` (safe writes).
"""

from desktop.core.bundles.errors import BundleError

__all__ = ["BundleError"]
