-- 0007_sync_heal: what lets every gap between a commune and the province be closed.
-- None of these tables travels in a bundle.

-- Commune side: each bundle's exact bytes, stored before its file is written and kept until the
-- province acknowledges it. A bundle the province lists as missing is issued again from here
-- (same number, same bytes); an export cut off between writing the file and recording it is
-- recorded from here at the next export, so a number never gets two different contents.
CREATE TABLE bundle_out_copy (
    device_id  TEXT NOT NULL,
    epoch      INTEGER NOT NULL,
    number     INTEGER NOT NULL,
    file_name  TEXT NOT NULL,
    folder     TEXT NOT NULL,
    data       BLOB NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (device_id, epoch, number)
);

-- Province side: whether a bundle was (part of) a full export. The first part of a full export
-- is a checkpoint: it closes every gap below it in its chain and in the device's older epochs.
ALTER TABLE bundle_in ADD COLUMN full INTEGER NOT NULL DEFAULT 0 CHECK (full IN (0, 1));
ALTER TABLE bundle_in ADD COLUMN part INTEGER NOT NULL DEFAULT 1;
ALTER TABLE bundle_in ADD COLUMN parts INTEGER NOT NULL DEFAULT 1;

-- Province side: the rows a full export carried, until all its parts have arrived and the
-- province has compared them with what it holds for the commune.
CREATE TABLE snapshot_seen (
    unit_code    TEXT NOT NULL,
    device_id    TEXT NOT NULL,
    epoch        INTEGER NOT NULL,
    first_number INTEGER NOT NULL,
    tbl          TEXT NOT NULL,
    uid          TEXT NOT NULL,
    PRIMARY KEY (unit_code, device_id, epoch, first_number, tbl, uid)
) WITHOUT ROWID;

-- Province side: rows the province holds that a commune's full export no longer has (after a
-- restore at the commune), listed for the officer's decision rather than kept silently.
-- `decision` is NULL until taken: 'keep' (the province keeps the row) or 'remove' (marked
-- deleted at the province).
CREATE TABLE sync_orphan (
    id         INTEGER PRIMARY KEY,
    unit_code  TEXT NOT NULL,
    tbl        TEXT NOT NULL,
    uid        TEXT NOT NULL,
    bundle_id  INTEGER NOT NULL,  -- bundle_in.id (no foreign key: bookkeeping only)
    found_at   TEXT NOT NULL,
    decision   TEXT CHECK (decision IN ('keep', 'remove')),
    decided_at TEXT,
    UNIQUE (unit_code, tbl, uid)
);

-- Province side: the audit-trail heads received, looked up by entry number, so a trail
-- rewritten after it was reported (the same entry number now with another hash) is named.
CREATE INDEX bundle_in_audit_head ON bundle_in(unit_code, audit_head_id);

-- Commune side: the audit-trail head each bundle carried, so later bundles can repeat the
-- current hash at those entries (manifest `audit_marks`, format 3).
ALTER TABLE bundle_out ADD COLUMN audit_head_id INTEGER;

-- Province side: every (entry number, hash) of a commune's audit trail it has received, per
-- device and epoch. A later manifest that gives another hash for a number already received
-- means the trail was rewritten after it was reported: the import says so and the completeness
-- grid names the commune (`audit_rewrite`).
CREATE TABLE audit_mark (
    unit_code TEXT NOT NULL,
    device_id TEXT NOT NULL,
    epoch     INTEGER NOT NULL,
    entry_id  INTEGER NOT NULL,
    hash      TEXT NOT NULL,
    bundle_id INTEGER NOT NULL,  -- bundle_in.id (no foreign key: bookkeeping only)
    PRIMARY KEY (unit_code, device_id, epoch, entry_id)
) WITHOUT ROWID;

CREATE TABLE audit_rewrite (
    id        INTEGER PRIMARY KEY,
    unit_code TEXT NOT NULL,
    bundle_id INTEGER NOT NULL,  -- bundle_in.id (no foreign key: bookkeeping only)
    entry_id  INTEGER NOT NULL,
    found_at  TEXT NOT NULL
);
CREATE INDEX audit_rewrite_unit ON audit_rewrite(unit_code);

-- The province's e-mail address for bundles, carried by the setup file (optional, '' if none):
-- the commune's export dialog prepares a draft to it (docs/bundle-format.md §2).
ALTER TABLE province_setup ADD COLUMN email TEXT NOT NULL DEFAULT '';
