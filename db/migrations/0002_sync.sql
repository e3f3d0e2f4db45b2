-- 0002_sync: keys, the province's setup, the commune register, bundles written and received.
-- None of these tables is synced: keys and the bookkeeping of bundles never travel in a bundle.

-- This office's own keys. `secret` is the Ed25519 private key (raw 32 bytes) for 'signing';
-- for the province's 'age_working' it is the age identity encrypted with the officer's
-- passphrase (age scrypt); 'age_escrow' keeps only its public recipient.
CREATE TABLE sync_key (
    name       TEXT PRIMARY KEY CHECK (name IN ('signing', 'age_working', 'age_escrow')),
    public     TEXT NOT NULL,
    secret     BLOB,
    created_at TEXT NOT NULL
);

-- Commune side: the province's setup file as loaded (one row).
CREATE TABLE province_setup (
    id                INTEGER PRIMARY KEY CHECK (id = 1),
    province_code     TEXT NOT NULL,
    province_name     TEXT NOT NULL,
    working_recipient TEXT NOT NULL,
    escrow_recipient  TEXT NOT NULL,
    signing_public    TEXT NOT NULL,
    loaded_at         TEXT NOT NULL
);

-- Province side: each commune's enrolled signing keys.
CREATE TABLE commune_key (
    id           INTEGER PRIMARY KEY,
    unit_code    TEXT NOT NULL,
    public_key   TEXT NOT NULL,
    fingerprint  TEXT NOT NULL,
    enrolled_at  TEXT NOT NULL,
    confirmed_at TEXT,
    valid_from   TEXT,
    valid_to     TEXT,
    revoked_at   TEXT,
    UNIQUE (unit_code, public_key)
);

-- Commune side: every bundle written. `bundle_hash` is the SHA-256 of manifest.json (the chain
-- link), `file_sha256` the hash of the .antq file as read back from the destination.
CREATE TABLE bundle_out (
    id          INTEGER PRIMARY KEY,
    device_id   TEXT NOT NULL,
    epoch       INTEGER NOT NULL,
    number      INTEGER NOT NULL,
    period      TEXT NOT NULL,
    seq_after   INTEGER NOT NULL,
    seq_to      INTEGER NOT NULL,
    row_count   INTEGER NOT NULL,
    full        INTEGER NOT NULL DEFAULT 0 CHECK (full IN (0, 1)),
    file_name   TEXT NOT NULL,
    size        INTEGER NOT NULL,
    bundle_hash TEXT NOT NULL,
    prev_hash   TEXT NOT NULL,
    file_sha256 TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    acked_at    TEXT,
    UNIQUE (device_id, epoch, number)
);

-- Commune side: acknowledgements imported (the mark only moves forward).
CREATE TABLE ack_in (
    id           INTEGER PRIMARY KEY,
    ack_number   INTEGER NOT NULL UNIQUE,
    device_id    TEXT NOT NULL,
    epoch        INTEGER NOT NULL,
    highest      INTEGER NOT NULL,
    acked_seq    INTEGER NOT NULL,
    missing      TEXT NOT NULL DEFAULT '[]',
    conflicts    TEXT NOT NULL DEFAULT '[]',
    issued_at    TEXT NOT NULL,
    imported_at  TEXT NOT NULL
);

-- Province side: every bundle received and committed.
CREATE TABLE bundle_in (
    id           INTEGER PRIMARY KEY,
    unit_code    TEXT NOT NULL,
    device_id    TEXT NOT NULL,
    epoch        INTEGER NOT NULL,
    number       INTEGER NOT NULL,
    period       TEXT NOT NULL,
    seq_after    INTEGER NOT NULL,
    seq_to       INTEGER NOT NULL,
    bundle_hash  TEXT NOT NULL,
    prev_hash    TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    received_at  TEXT NOT NULL,
    file_name    TEXT NOT NULL,
    aggregates   TEXT NOT NULL DEFAULT '{}',
    summary      TEXT NOT NULL DEFAULT '{}',
    UNIQUE (unit_code, device_id, epoch, number)
);
CREATE INDEX bundle_in_period ON bundle_in(unit_code, period);

-- Province side: rows with an equal rev but other content, kept aside and not applied.
CREATE TABLE sync_conflict (
    id          INTEGER PRIMARY KEY,
    bundle_id   INTEGER NOT NULL REFERENCES bundle_in(id),
    tbl         TEXT NOT NULL,
    unit_code   TEXT NOT NULL,
    uid         TEXT NOT NULL,
    rev         INTEGER NOT NULL,
    incoming    TEXT NOT NULL,
    found_at    TEXT NOT NULL
);
CREATE INDEX sync_conflict_row ON sync_conflict(unit_code, tbl, uid);

-- Province side: acknowledgements written, numbered per commune so a replayed one is seen.
CREATE TABLE ack_out (
    id          INTEGER PRIMARY KEY,
    unit_code   TEXT NOT NULL,
    ack_number  INTEGER NOT NULL,
    device_id   TEXT NOT NULL,
    epoch       INTEGER NOT NULL,
    highest     INTEGER NOT NULL,
    created_at  TEXT NOT NULL,
    UNIQUE (unit_code, ack_number)
);
