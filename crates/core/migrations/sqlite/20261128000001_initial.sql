-- StationDesk initial schema (SQLite). Timestamps are UTC RFC 3339 text as sqlx's chrono
-- encoding writes them (whole seconds, "+00:00"), so they sort as text. Every record
-- carries the station it belongs to, so one district database can hold many stations.

CREATE TABLE stations (
    id          INTEGER PRIMARY KEY,
    code        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    created_at  TEXT NOT NULL
);

CREATE TABLE staff (
    id          INTEGER PRIMARY KEY,
    station_id  INTEGER NOT NULL REFERENCES stations (id),
    name        TEXT NOT NULL,
    active      BOOLEAN NOT NULL DEFAULT TRUE,
    created_at  TEXT NOT NULL,
    UNIQUE (station_id, name)
);

CREATE TABLE categories (
    id          INTEGER PRIMARY KEY,
    station_id  INTEGER NOT NULL REFERENCES stations (id),
    name        TEXT NOT NULL,
    sort_order  INTEGER NOT NULL,
    active      BOOLEAN NOT NULL DEFAULT TRUE,
    UNIQUE (station_id, name)
);

-- The last serial handed out per station and year: RA-2025-0007 is serial 7 of 2025.
CREATE TABLE case_serials (
    station_id   INTEGER NOT NULL REFERENCES stations (id),
    year         INTEGER NOT NULL,
    last_serial  INTEGER NOT NULL,
    PRIMARY KEY (station_id, year)
);

CREATE TABLE cases (
    id               INTEGER PRIMARY KEY,
    station_id       INTEGER NOT NULL REFERENCES stations (id),
    year             INTEGER NOT NULL,
    serial           INTEGER NOT NULL,
    number           TEXT NOT NULL,
    channel          TEXT NOT NULL CHECK (channel IN ('visit', 'suggestion_box', 'phone', 'wechat', 'live_stream', 'hotline_12345', 'grid_patrol')),
    status           TEXT NOT NULL CHECK (status IN ('accepted', 'investigating', 'in_progress', 'resolved', 'followed_up', 'closed', 'on_hold', 'referred', 'duplicate')),
    resident_name    TEXT,
    phone            TEXT,
    compound         TEXT,
    building         TEXT,
    entrance         TEXT,
    room             TEXT,
    place            TEXT,
    category_id      INTEGER REFERENCES categories (id),
    title            TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 100),
    description      TEXT CHECK (length(description) <= 5000),
    received_at      TEXT NOT NULL,
    created_at       TEXT NOT NULL,
    created_by       INTEGER REFERENCES staff (id),
    created_by_name  TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    UNIQUE (station_id, year, serial),
    UNIQUE (station_id, number)
);

-- The register sorts by received time, filtered by one of status, category or channel.
CREATE INDEX cases_by_received ON cases (station_id, received_at);
CREATE INDEX cases_by_status ON cases (station_id, status, received_at);
CREATE INDEX cases_by_category ON cases (station_id, category_id, received_at);
CREATE INDEX cases_by_channel ON cases (station_id, channel, received_at);

-- Search index fed with pre-cut grams (see crates/core/src/search.rs); rowid = cases.id.
-- Contentless: the text lives in `cases`, the index only answers "which rows".
CREATE VIRTUAL TABLE case_search USING fts5 (
    uni, bi,
    content = '',
    contentless_delete = 1,
    tokenize = "unicode61 remove_diacritics 0 categories 'L* N* Co M*'"
);

CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY,
    station_id  INTEGER NOT NULL,
    at          TEXT NOT NULL,
    staff_id    INTEGER REFERENCES staff (id),
    staff_name  TEXT NOT NULL,
    entity      TEXT NOT NULL,
    entity_id   INTEGER NOT NULL,
    action      TEXT NOT NULL,
    changes     TEXT NOT NULL
);
CREATE INDEX audit_by_entity ON audit_log (entity, entity_id, id);
