-- 0005_bundles: keys, the province's commune register, bundles written and received, conflicts.
-- None of these tables is synced: keys never leave the office, and the bundle history is local.
-- Names differ from DESIGN.md (bundle_out/bundle_in) so this step never collides with another.

-- This office's own keys. role: 'commune_signing' (Ed25519 raw private key), 'province_signing'
-- (Ed25519 raw private key), 'province_working' (age X25519 identity, passphrase-encrypted with
-- age scrypt); 'province_escrow' keeps only its recipient (public). Only one active key per role.
CREATE TABLE bundle_key (
    role        TEXT PRIMARY KEY
                CHECK (role IN ('commune_signing', 'province_signing', 'province_working',
                                'province_escrow')),
    secret      BLOB,
    public      TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    created_at  TEXT NOT NULL
);

-- At a commune: the province setup file it loaded (one row).
CREATE TABLE bundle_province (
    id                 INTEGER PRIMARY KEY CHECK (id = 1),
    province_code      TEXT NOT NULL,
    province_name      TEXT NOT NULL,
    working_recipient  TEXT NOT NULL,
    escrow_recipient   TEXT NOT NULL,
    signing_public     TEXT NOT NULL,
    fingerprint        TEXT NOT NULL,
    loaded_at          TEXT NOT NULL
);

-- At the province: the register of communes' signing keys.
CREATE TABLE bundle_enrolment (
    id           INTEGER PRIMARY KEY,
    unit_code    TEXT NOT NULL,
    public_key   TEXT NOT NULL,
    fingerprint  TEXT NOT NULL,
    confirmed    INTEGER NOT NULL DEFAULT 0 CHECK (confirmed IN (0, 1)),
    enrolled_at  TEXT NOT NULL,
    valid_from   TEXT,
    revoked_at   TEXT,
    UNIQUE (unit_code, public_key)
);
CREATE UNIQUE INDEX bundle_enrolment_active ON bundle_enrolment(unit_code)
    WHERE confirmed = 1 AND revoked_at IS NULL;

-- At a commune: every bundle written.
CREATE TABLE bundles_out (
    id            INTEGER PRIMARY KEY,
    device_id     TEXT NOT NULL,
    epoch         INTEGER NOT NULL,
    number        INTEGER NOT NULL,
    period        TEXT NOT NULL,
    seq_from      INTEGER NOT NULL,
    seq_to        INTEGER NOT NULL,
    full          INTEGER NOT NULL DEFAULT 0,
    rows          INTEGER NOT NULL,
    file_name     TEXT NOT NULL,
    size          INTEGER NOT NULL,
    sha256        TEXT NOT NULL,
    previous_sha256 TEXT,
    created_at    TEXT NOT NULL,
    acked_at      TEXT,
    UNIQUE (device_id, epoch, number)
);

-- At a commune: the acknowledged mark per device epoch (moves forward only).
CREATE TABLE bundle_ack_mark (
    device_id     TEXT NOT NULL,
    epoch         INTEGER NOT NULL,
    number        INTEGER NOT NULL,
    seq_to        INTEGER NOT NULL,
    issued_at     TEXT NOT NULL,
    imported_at   TEXT NOT NULL,
    PRIMARY KEY (device_id, epoch)
);

-- At the province: every bundle imported (rejected files leave no trace: the database is unchanged).
CREATE TABLE bundles_in (
    id            INTEGER PRIMARY KEY,
    unit_code     TEXT NOT NULL,
    device_id     TEXT NOT NULL,
    epoch         INTEGER NOT NULL,
    number        INTEGER NOT NULL,
    period        TEXT NOT NULL,
    seq_from      INTEGER NOT NULL,
    seq_to        INTEGER NOT NULL,
    sha256        TEXT NOT NULL,
    previous_sha256 TEXT,
    file_name     TEXT NOT NULL,
    manifest      TEXT NOT NULL,
    summary       TEXT NOT NULL,
    imported_at   TEXT NOT NULL,
    UNIQUE (unit_code, device_id, epoch, number)
);

-- At the province: rows of equal rev but different content, kept aside and not applied.
CREATE TABLE bundle_conflict (
    id            INTEGER PRIMARY KEY,
    bundles_in_id  INTEGER NOT NULL REFERENCES bundles_in(id),
    tbl           TEXT NOT NULL,
    unit_code     TEXT NOT NULL,
    uid           TEXT NOT NULL,
    rev           INTEGER NOT NULL,
    incoming      TEXT NOT NULL,
    line          INTEGER NOT NULL
);
CREATE INDEX bundle_conflict_row ON bundle_conflict(unit_code, tbl, uid);
