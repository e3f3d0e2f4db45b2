-- Accounts, roles and the append-only audit trail (issue 5).
--
-- Accounts are local to one office's database and never travel in bundles. Passwords are
-- stored only as argon2id hashes. The audit trail is one `audit` row per service call, each
-- carrying the hash of the previous row, and its `audit_change` rows (the values before and
-- after of every record the call changed). Triggers refuse UPDATE and DELETE on both tables, so
-- a changed or removed entry can only come from editing the file outside the program, which
-- `antq-desk check` detects by walking the hash chain.

CREATE TABLE account (
    username              TEXT PRIMARY KEY COLLATE NOCASE,
    display_name          TEXT NOT NULL,
    role                  TEXT NOT NULL CHECK (role IN ('admin', 'officer', 'viewer')),
    password_hash         TEXT NOT NULL,
    active                INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    failed_count          INTEGER NOT NULL DEFAULT 0,
    last_failed_at        TEXT,
    must_change_password  INTEGER NOT NULL DEFAULT 0 CHECK (must_change_password IN (0, 1)),
    created_at            TEXT NOT NULL,
    password_changed_at   TEXT NOT NULL
);

CREATE TABLE audit (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    at         TEXT NOT NULL,
    actor      TEXT NOT NULL,
    kind       TEXT NOT NULL,
    subject    TEXT NOT NULL DEFAULT '',
    detail     TEXT NOT NULL DEFAULT '{}',
    prev_hash  TEXT NOT NULL,
    hash       TEXT NOT NULL
);
CREATE INDEX audit_at ON audit (at);
CREATE INDEX audit_actor ON audit (actor);
CREATE INDEX audit_kind ON audit (kind);

CREATE TABLE audit_change (
    entry_id    INTEGER NOT NULL REFERENCES audit (id),
    position    INTEGER NOT NULL,
    table_name  TEXT NOT NULL,
    uid         TEXT NOT NULL,
    op          TEXT NOT NULL CHECK (op IN ('create', 'edit', 'delete')),
    before      TEXT,
    after       TEXT,
    PRIMARY KEY (entry_id, position)
);
CREATE INDEX audit_change_uid ON audit_change (uid);

CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN
    SELECT RAISE(ABORT, 'audit is append-only');
END;

CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN
    SELECT RAISE(ABORT, 'audit is append-only');
END;

CREATE TRIGGER audit_change_no_update BEFORE UPDATE ON audit_change
BEGIN
    SELECT RAISE(ABORT, 'audit is append-only');
END;

CREATE TRIGGER audit_change_no_delete BEFORE DELETE ON audit_change
BEGIN
    SELECT RAISE(ABORT, 'audit is append-only');
END;
