-- 0001_initial: the office, the campaign registers, reference lists and the change log.
-- Every synced table carries uid, unit_code, rev, timestamps and a tombstone (deleted_at);
-- triggers append each insert, update and delete to change_log in the same transaction.

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE unit (
    code          TEXT PRIMARY KEY,
    name          TEXT NOT NULL,
    level         TEXT NOT NULL CHECK (level IN ('commune', 'province')),
    parent_code   TEXT,
    parent_name   TEXT NOT NULL DEFAULT '',
    division_type TEXT NOT NULL DEFAULT '',
    head_name     TEXT NOT NULL DEFAULT '',
    officer_name  TEXT NOT NULL DEFAULT '',
    officer_phone TEXT NOT NULL DEFAULT '',
    is_self       INTEGER NOT NULL DEFAULT 0 CHECK (is_self IN (0, 1)),
    created_at    TEXT NOT NULL
);
CREATE UNIQUE INDEX unit_self ON unit(is_self) WHERE is_self = 1;

CREATE TABLE ethnicity (
    code        TEXT PRIMARY KEY,
    scheme      TEXT NOT NULL,
    name        TEXT NOT NULL,
    other_names TEXT NOT NULL DEFAULT '',
    search_key  TEXT NOT NULL
);

CREATE TABLE religion (
    code       TEXT PRIMARY KEY,
    scheme     TEXT NOT NULL,
    name       TEXT NOT NULL,
    search_key TEXT NOT NULL
);

CREATE TABLE change_log (
    seq   INTEGER PRIMARY KEY AUTOINCREMENT,
    tbl   TEXT NOT NULL,
    uid   TEXT NOT NULL,
    op    TEXT NOT NULL CHECK (op IN ('I', 'U', 'D')),
    rev   INTEGER NOT NULL
);
CREATE INDEX change_log_row ON change_log(tbl, uid);

CREATE TABLE campaign (
    id          INTEGER PRIMARY KEY,
    uid         TEXT NOT NULL UNIQUE,
    unit_code   TEXT NOT NULL,
    rev         INTEGER NOT NULL DEFAULT 1 CHECK (rev >= 1),
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    deleted_at  TEXT,
    code            TEXT NOT NULL,
    title           TEXT NOT NULL,
    legal_basis     TEXT NOT NULL DEFAULT '',
    issuing_body    TEXT NOT NULL DEFAULT '',
    start_date      TEXT NOT NULL,
    end_date        TEXT NOT NULL,
    report_deadline TEXT,
    festival_day    TEXT,
    notes           TEXT NOT NULL DEFAULT '',
    CHECK (end_date >= start_date)
);

CREATE TABLE event_type (
    id          INTEGER PRIMARY KEY,
    uid         TEXT NOT NULL UNIQUE,
    unit_code   TEXT NOT NULL,
    rev         INTEGER NOT NULL DEFAULT 1 CHECK (rev >= 1),
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    deleted_at  TEXT,
    campaign_uid TEXT NOT NULL REFERENCES campaign(uid),
    code         TEXT NOT NULL,
    name         TEXT NOT NULL,
    grp          TEXT NOT NULL DEFAULT 'thuong_xuyen',
    sort_order   INTEGER NOT NULL DEFAULT 0,
    active       INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
);

CREATE TABLE indicator (
    id          INTEGER PRIMARY KEY,
    uid         TEXT NOT NULL UNIQUE,
    unit_code   TEXT NOT NULL,
    rev         INTEGER NOT NULL DEFAULT 1 CHECK (rev >= 1),
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    deleted_at  TEXT,
    campaign_uid TEXT NOT NULL REFERENCES campaign(uid),
    code         TEXT NOT NULL,
    name         TEXT NOT NULL,
    category     TEXT NOT NULL,
    unit_label   TEXT NOT NULL DEFAULT '',
    has_value    INTEGER NOT NULL DEFAULT 0 CHECK (has_value IN (0, 1)),
    note         TEXT NOT NULL DEFAULT '',
    sort_order   INTEGER NOT NULL DEFAULT 0,
    active       INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
);

CREATE TABLE hamlet (
    id          INTEGER PRIMARY KEY,
    uid         TEXT NOT NULL UNIQUE,
    unit_code   TEXT NOT NULL,
    rev         INTEGER NOT NULL DEFAULT 1 CHECK (rev >= 1),
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    deleted_at  TEXT,
    name         TEXT NOT NULL,
    kind         TEXT NOT NULL DEFAULT 'ap',
    search_key   TEXT NOT NULL,
    sort_order   INTEGER NOT NULL DEFAULT 0,
    active       INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
);

CREATE TABLE organisation (
    id          INTEGER PRIMARY KEY,
    uid         TEXT NOT NULL UNIQUE,
    unit_code   TEXT NOT NULL,
    rev         INTEGER NOT NULL DEFAULT 1 CHECK (rev >= 1),
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    deleted_at  TEXT,
    code         TEXT,
    name         TEXT NOT NULL,
    short_name   TEXT NOT NULL DEFAULT '',
    search_key   TEXT NOT NULL,
    active       INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
);

CREATE TABLE event (
    id          INTEGER PRIMARY KEY,
    uid         TEXT NOT NULL UNIQUE,
    unit_code   TEXT NOT NULL,
    rev         INTEGER NOT NULL DEFAULT 1 CHECK (rev >= 1),
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    deleted_at  TEXT,
    campaign_uid     TEXT NOT NULL REFERENCES campaign(uid),
    event_type_uid   TEXT NOT NULL REFERENCES event_type(uid),
    title            TEXT NOT NULL,
    search_key       TEXT NOT NULL,
    start_date       TEXT NOT NULL,
    end_date         TEXT NOT NULL,
    level            TEXT NOT NULL DEFAULT 'xa'
                     CHECK (level IN ('xa', 'ap', 'co_quan', 'truong_hoc')),
    hamlet_uid       TEXT REFERENCES hamlet(uid),
    place            TEXT NOT NULL DEFAULT '',
    organiser_uid    TEXT REFERENCES organisation(uid),
    status           TEXT NOT NULL DEFAULT 'planned'
                     CHECK (status IN ('planned', 'held', 'cancelled')),
    count_total      INTEGER NOT NULL DEFAULT 0 CHECK (count_total >= 0),
    count_women      INTEGER NOT NULL DEFAULT 0 CHECK (count_women >= 0),
    count_youth      INTEGER NOT NULL DEFAULT 0 CHECK (count_youth >= 0),
    count_ethnic     INTEGER NOT NULL DEFAULT 0 CHECK (count_ethnic >= 0),
    count_religious  INTEGER NOT NULL DEFAULT 0 CHECK (count_religious >= 0),
    count_students   INTEGER NOT NULL DEFAULT 0 CHECK (count_students >= 0),
    notes            TEXT NOT NULL DEFAULT '',
    CHECK (end_date >= start_date)
);

CREATE TABLE person (
    id          INTEGER PRIMARY KEY,
    uid         TEXT NOT NULL UNIQUE,
    unit_code   TEXT NOT NULL,
    rev         INTEGER NOT NULL DEFAULT 1 CHECK (rev >= 1),
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    deleted_at  TEXT,
    full_name        TEXT NOT NULL,
    search_key       TEXT NOT NULL,
    sort_key         TEXT NOT NULL,
    gender           TEXT CHECK (gender IN ('nam', 'nu')),
    birth_year       INTEGER CHECK (birth_year BETWEEN 1900 AND 2100),
    ethnicity_code   TEXT,
    religion_code    TEXT,
    hamlet_uid       TEXT REFERENCES hamlet(uid),
    address          TEXT NOT NULL DEFAULT '',
    phone            TEXT NOT NULL DEFAULT '',
    organisation     TEXT NOT NULL DEFAULT '',
    position         TEXT NOT NULL DEFAULT '',
    national_id      TEXT,
    notes            TEXT NOT NULL DEFAULT ''
);

CREATE TABLE attendance (
    id          INTEGER PRIMARY KEY,
    uid         TEXT NOT NULL UNIQUE,
    unit_code   TEXT NOT NULL,
    rev         INTEGER NOT NULL DEFAULT 1 CHECK (rev >= 1),
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    deleted_at  TEXT,
    event_uid    TEXT NOT NULL REFERENCES event(uid),
    person_uid   TEXT NOT NULL REFERENCES person(uid),
    role         TEXT NOT NULL DEFAULT 'tham_du'
);

CREATE TABLE outcome (
    id          INTEGER PRIMARY KEY,
    uid         TEXT NOT NULL UNIQUE,
    unit_code   TEXT NOT NULL,
    rev         INTEGER NOT NULL DEFAULT 1 CHECK (rev >= 1),
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    deleted_at  TEXT,
    campaign_uid     TEXT NOT NULL REFERENCES campaign(uid),
    event_uid        TEXT REFERENCES event(uid),
    indicator_uid    TEXT NOT NULL REFERENCES indicator(uid),
    quantity         REAL NOT NULL DEFAULT 0 CHECK (quantity >= 0),
    value_vnd        INTEGER NOT NULL DEFAULT 0 CHECK (value_vnd >= 0),
    recipient        TEXT NOT NULL DEFAULT '',
    search_key       TEXT NOT NULL DEFAULT '',
    recipient_kind   TEXT CHECK (recipient_kind IN ('tap_the', 'ca_nhan')),
    issuer_level     TEXT CHECK (issuer_level IN ('trung_uong', 'tinh', 'xa')),
    decision_ref     TEXT NOT NULL DEFAULT '',
    outcome_date     TEXT,
    notes            TEXT NOT NULL DEFAULT ''
);


CREATE UNIQUE INDEX campaign_code ON campaign(unit_code, code);
CREATE UNIQUE INDEX event_type_code ON event_type(campaign_uid, code);
CREATE UNIQUE INDEX indicator_code ON indicator(campaign_uid, code);
CREATE INDEX hamlet_order ON hamlet(unit_code, sort_order, search_key);
CREATE INDEX event_start ON event(campaign_uid, start_date);
CREATE INDEX event_type_ix ON event(event_type_uid);
CREATE INDEX event_hamlet ON event(hamlet_uid);
CREATE INDEX person_sort ON person(sort_key, id) WHERE deleted_at IS NULL;
CREATE INDEX person_dupe ON person(search_key, birth_year);
CREATE INDEX person_birth ON person(birth_year, id) WHERE deleted_at IS NULL;
CREATE INDEX person_hamlet ON person(hamlet_uid);
CREATE UNIQUE INDEX attendance_pair ON attendance(event_uid, person_uid) WHERE deleted_at IS NULL;
CREATE INDEX attendance_person ON attendance(person_uid);
CREATE INDEX outcome_campaign ON outcome(campaign_uid, indicator_uid);
CREATE INDEX outcome_event ON outcome(event_uid);

CREATE TRIGGER campaign_log_insert AFTER INSERT ON campaign BEGIN
    INSERT INTO change_log (tbl, uid, op, rev) VALUES ('campaign', NEW.uid, 'I', NEW.rev);
END;
CREATE TRIGGER campaign_rev_must_rise BEFORE UPDATE ON campaign
WHEN NEW.rev <= OLD.rev BEGIN
    SELECT RAISE(ABORT, 'rev must rise on every update of campaign');
END;
CREATE TRIGGER campaign_log_update AFTER UPDATE ON campaign BEGIN
    INSERT INTO change_log (tbl, uid, op, rev) VALUES ('campaign', NEW.uid,
        CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 'D' ELSE 'U' END,
        NEW.rev);
END;
CREATE TRIGGER campaign_log_delete AFTER DELETE ON campaign BEGIN
    INSERT INTO change_log (tbl, uid, op, rev) VALUES ('campaign', OLD.uid, 'D', OLD.rev);
END;

CREATE TRIGGER event_type_log_insert AFTER INSERT ON event_type BEGIN
    INSERT INTO change_log (tbl, uid, op, rev) VALUES ('event_type', NEW.uid, 'I', NEW.rev);
END;
CREATE TRIGGER event_type_rev_must_rise BEFORE UPDATE ON event_type
WHEN NEW.rev <= OLD.rev BEGIN
    SELECT RAISE(ABORT, 'rev must rise on every update of event_type');
END;
CREATE TRIGGER event_type_log_update AFTER UPDATE ON event_type BEGIN
    INSERT INTO change_log (tbl, uid, op, rev) VALUES ('event_type', NEW.uid,
        CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 'D' ELSE 'U' END,
        NEW.rev);
END;
CREATE TRIGGER event_type_log_delete AFTER DELETE ON event_type BEGIN
    INSERT INTO change_log (tbl, uid, op, rev) VALUES ('event_type', OLD.uid, 'D', OLD.rev);
END;

CREATE TRIGGER indicator_log_insert AFTER INSERT ON indicator BEGIN
    INSERT INTO change_log (tbl, uid, op, rev) VALUES ('indicator', NEW.uid, 'I', NEW.rev);
END;
CREATE TRIGGER indicator_rev_must_rise BEFORE UPDATE ON indicator
WHEN NEW.rev <= OLD.rev BEGIN
    SELECT RAISE(ABORT, 'rev must rise on every update of indicator');
END;
CREATE TRIGGER indicator_log_update AFTER UPDATE ON indicator BEGIN
    INSERT INTO change_log (tbl, uid, op, rev) VALUES ('indicator', NEW.uid,
        CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 'D' ELSE 'U' END,
        NEW.rev);
END;
CREATE TRIGGER indicator_log_delete AFTER DELETE ON indicator BEGIN
    INSERT INTO change_log (tbl, uid, op, rev) VALUES ('indicator', OLD.uid, 'D', OLD.rev);
END;

CREATE TRIGGER hamlet_log_insert AFTER INSERT ON hamlet BEGIN
    INSERT INTO change_log (tbl, uid, op, rev) VALUES ('hamlet', NEW.uid, 'I', NEW.rev);
END;
CREATE TRIGGER hamlet_rev_must_rise BEFORE UPDATE ON hamlet
WHEN NEW.rev <= OLD.rev BEGIN
    SELECT RAISE(ABORT, 'rev must rise on every update of hamlet');
END;
CREATE TRIGGER hamlet_log_update AFTER UPDATE ON hamlet BEGIN
    INSERT INTO change_log (tbl, uid, op, rev) VALUES ('hamlet', NEW.uid,
        CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 'D' ELSE 'U' END,
        NEW.rev);
END;
CREATE TRIGGER hamlet_log_delete AFTER DELETE ON hamlet BEGIN
    INSERT INTO change_log (tbl, uid, op, rev) VALUES ('hamlet', OLD.uid, 'D', OLD.rev);
END;

CREATE TRIGGER organisation_log_insert AFTER INSERT ON organisation BEGIN
    INSERT INTO change_log (tbl, uid, op, rev) VALUES ('organisation', NEW.uid, 'I', NEW.rev);
END;
CREATE TRIGGER organisation_rev_must_rise BEFORE UPDATE ON organisation
WHEN NEW.rev <= OLD.rev BEGIN
    SELECT RAISE(ABORT, 'rev must rise on every update of organisation');
END;
CREATE TRIGGER organisation_log_update AFTER UPDATE ON organisation BEGIN
    INSERT INTO change_log (tbl, uid, op, rev) VALUES ('organisation', NEW.uid,
        CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 'D' ELSE 'U' END,
        NEW.rev);
END;
CREATE TRIGGER organisation_log_delete AFTER DELETE ON organisation BEGIN
    INSERT INTO change_log (tbl, uid, op, rev) VALUES ('organisation', OLD.uid, 'D', OLD.rev);
END;

CREATE TRIGGER event_log_insert AFTER INSERT ON event BEGIN
    INSERT INTO change_log (tbl, uid, op, rev) VALUES ('event', NEW.uid, 'I', NEW.rev);
END;
CREATE TRIGGER event_rev_must_rise BEFORE UPDATE ON event
WHEN NEW.rev <= OLD.rev BEGIN
    SELECT RAISE(ABORT, 'rev must rise on every update of event');
END;
CREATE TRIGGER event_log_update AFTER UPDATE ON event BEGIN
    INSERT INTO change_log (tbl, uid, op, rev) VALUES ('event', NEW.uid,
        CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 'D' ELSE 'U' END,
        NEW.rev);
END;
CREATE TRIGGER event_log_delete AFTER DELETE ON event BEGIN
    INSERT INTO change_log (tbl, uid, op, rev) VALUES ('event', OLD.uid, 'D', OLD.rev);
END;

CREATE TRIGGER person_log_insert AFTER INSERT ON person BEGIN
    INSERT INTO change_log (tbl, uid, op, rev) VALUES ('person', NEW.uid, 'I', NEW.rev);
END;
CREATE TRIGGER person_rev_must_rise BEFORE UPDATE ON person
WHEN NEW.rev <= OLD.rev BEGIN
    SELECT RAISE(ABORT, 'rev must rise on every update of person');
END;
CREATE TRIGGER person_log_update AFTER UPDATE ON person BEGIN
    INSERT INTO change_log (tbl, uid, op, rev) VALUES ('person', NEW.uid,
        CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 'D' ELSE 'U' END,
        NEW.rev);
END;
CREATE TRIGGER person_log_delete AFTER DELETE ON person BEGIN
    INSERT INTO change_log (tbl, uid, op, rev) VALUES ('person', OLD.uid, 'D', OLD.rev);
END;

CREATE TRIGGER attendance_log_insert AFTER INSERT ON attendance BEGIN
    INSERT INTO change_log (tbl, uid, op, rev) VALUES ('attendance', NEW.uid, 'I', NEW.rev);
END;
CREATE TRIGGER attendance_rev_must_rise BEFORE UPDATE ON attendance
WHEN NEW.rev <= OLD.rev BEGIN
    SELECT RAISE(ABORT, 'rev must rise on every update of attendance');
END;
CREATE TRIGGER attendance_log_update AFTER UPDATE ON attendance BEGIN
    INSERT INTO change_log (tbl, uid, op, rev) VALUES ('attendance', NEW.uid,
        CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 'D' ELSE 'U' END,
        NEW.rev);
END;
CREATE TRIGGER attendance_log_delete AFTER DELETE ON attendance BEGIN
    INSERT INTO change_log (tbl, uid, op, rev) VALUES ('attendance', OLD.uid, 'D', OLD.rev);
END;

CREATE TRIGGER outcome_log_insert AFTER INSERT ON outcome BEGIN
    INSERT INTO change_log (tbl, uid, op, rev) VALUES ('outcome', NEW.uid, 'I', NEW.rev);
END;
CREATE TRIGGER outcome_rev_must_rise BEFORE UPDATE ON outcome
WHEN NEW.rev <= OLD.rev BEGIN
    SELECT RAISE(ABORT, 'rev must rise on every update of outcome');
END;
CREATE TRIGGER outcome_log_update AFTER UPDATE ON outcome BEGIN
    INSERT INTO change_log (tbl, uid, op, rev) VALUES ('outcome', NEW.uid,
        CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 'D' ELSE 'U' END,
        NEW.rev);
END;
CREATE TRIGGER outcome_log_delete AFTER DELETE ON outcome BEGIN
    INSERT INTO change_log (tbl, uid, op, rev) VALUES ('outcome', OLD.uid, 'D', OLD.rev);
END;
