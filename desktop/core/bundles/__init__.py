"""Sync bundles (DESIGN.md §4, docs/bundle-format.md): keys, export, verified import, acks.

Modules: `archive` (the zip container), `manifest` (signed, no personal data), `payload`
(JSON Lines rows and their checks), `keys` (both offices' keys and the commune register),
`signed` (small signed JSON files), `export` (commune), `importer` (province: verify, decrypt,
merge), `chain` (numbers, gaps), `summary` (what an import did, in Vietnamese), `ack`
(acknowledgements), `completeness` (the province's grid), `fileio` (safe writes).
"""

from desktop.core.bundles.errors import BundleError

__all__ = ["BundleError"]
