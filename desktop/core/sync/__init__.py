"""Sync bundles: commune → province, signed manifests, age-encrypted payloads, acknowledgements.

The format is written down in docs/bundle-format.md. Modules, from the bottom up:
`keys` (Ed25519 signing keys, age identities, fingerprints), `setup_file` (the province's file a
commune loads), `register` (the province's register of communes' keys), `archive` (the zip
container read in memory with caps), `manifest`, `payload` (JSON Lines of rows), `bundle_writer`
(commune export), `bundle_reader` (verify and decrypt), `merge` (rows by unit_code, uid, rev),
`importer` (province import, dry run and commit), `ack`, `completeness` and `status`.
"""

FORMAT_NAME = "antq-bundle"
FORMAT_VERSION = 3
# Version 2 added the manifest's `audit_head`; a version 1 bundle is read as having none.
# Version 3 added `audit_marks`; a version 1 or 2 bundle is read as having none.
READABLE_FORMAT_VERSIONS = (1, 2, 3)
