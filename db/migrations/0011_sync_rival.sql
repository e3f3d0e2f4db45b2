-- 0011_sync_rival: a validly signed bundle that disagrees with the chain the province holds
-- (another bundle with its number, or a link to a neighbour that does not match) is kept aside
-- for the province officer's decision, never refused silently and never merged unasked.
-- Does not travel in a bundle.
--
-- `reason` is 'number' (the province holds another bundle of this number) or 'link' (a
-- neighbour's hash disagrees with this bundle's `prev_hash`, or its `prev_hash` with this one).
-- `data` holds the file's bytes until the decision; `decision` is NULL until taken: 'kept' (the
-- bundle the province held stands; this one stays refused), 'taken' (this one was imported in
-- its place), or 'replaced' (a bundle the province held that a taken one replaced: its record,
-- without data, so that file is explained if it comes again).
CREATE TABLE bundle_rival (
    id          INTEGER PRIMARY KEY,
    unit_code   TEXT NOT NULL,
    device_id   TEXT NOT NULL,
    epoch       INTEGER NOT NULL,
    number      INTEGER NOT NULL,
    reason      TEXT NOT NULL CHECK (reason IN ('number', 'link')),
    bundle_hash TEXT NOT NULL,
    prev_hash   TEXT NOT NULL,
    period      TEXT NOT NULL,
    rows        INTEGER NOT NULL,
    created_at  TEXT NOT NULL,  -- the commune's clock: information only
    file_name   TEXT NOT NULL,
    data        BLOB,
    received_at TEXT NOT NULL,
    decision    TEXT CHECK (decision IN ('kept', 'taken', 'replaced')),
    decided_at  TEXT,
    UNIQUE (unit_code, bundle_hash)
);
CREATE INDEX bundle_rival_chain ON bundle_rival(unit_code, device_id, epoch, number);
