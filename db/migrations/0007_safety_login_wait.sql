-- Sign-in waits that neither the clock nor an unknown name can shorten (issue 15).
--
-- `last_failed_mono` is the machine's monotonic clock (seconds since it started) at the last
-- wrong password: setting the wall clock back or forward does not move it, so a growing wait
-- stays. `login_failure` counts wrong passwords for names that have no account, so an unknown
-- name gets the same waits as a real one and the waits do not tell which names exist.

ALTER TABLE account ADD COLUMN last_failed_mono REAL;

CREATE TABLE login_failure (
    username          TEXT PRIMARY KEY COLLATE NOCASE,
    failed_count      INTEGER NOT NULL DEFAULT 0,
    last_failed_at    TEXT,
    last_failed_mono  REAL
);
