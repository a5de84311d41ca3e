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
    -- The case's rowid in the search index: received time in seconds << 22 | id's low
    -- 22 bits, so the index returns hits newest-first and can stop after one page.
    search_key       INTEGER NOT NULL UNIQUE,
    UNIQUE (station_id, year, serial),
    UNIQUE (station_id, number)
);

-- The register walks one of these in received order; the trailing columns let SQLite
-- check the other filters in the index without reading the row.
CREATE INDEX cases_by_received ON cases (station_id, received_at, status, category_id, channel);
CREATE INDEX cases_by_status ON cases (station_id, status, received_at, category_id, channel);
CREATE INDEX cases_by_category ON cases (station_id, category_id, received_at, status, channel);
CREATE INDEX cases_by_channel ON cases (station_id, channel, received_at, status, category_id);

-- How many cases each combination of filters has, kept by triggers, so the register's
-- total ("共 N 条") costs a few rows instead of a count over every case.
CREATE TABLE case_counts (
    station_id   INTEGER NOT NULL,
    status       TEXT NOT NULL,
    category_id  INTEGER NOT NULL,  -- 0 for no category
    channel      TEXT NOT NULL,
    n            INTEGER NOT NULL,
    PRIMARY KEY (station_id, status, category_id, channel)
) WITHOUT ROWID;

CREATE TRIGGER case_counts_insert AFTER INSERT ON cases BEGIN
    INSERT INTO case_counts (station_id, status, category_id, channel, n)
    VALUES (NEW.station_id, NEW.status, coalesce(NEW.category_id, 0), NEW.channel, 1)
    ON CONFLICT (station_id, status, category_id, channel) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER case_counts_delete AFTER DELETE ON cases BEGIN
    UPDATE case_counts SET n = n - 1
    WHERE station_id = OLD.station_id AND status = OLD.status
      AND category_id = coalesce(OLD.category_id, 0) AND channel = OLD.channel;
END;

CREATE TRIGGER case_counts_update AFTER UPDATE OF station_id, status, category_id, channel ON cases BEGIN
    UPDATE case_counts SET n = n - 1
    WHERE station_id = OLD.station_id AND status = OLD.status
      AND category_id = coalesce(OLD.category_id, 0) AND channel = OLD.channel;
    INSERT INTO case_counts (station_id, status, category_id, channel, n)
    VALUES (NEW.station_id, NEW.status, coalesce(NEW.category_id, 0), NEW.channel, 1)
    ON CONFLICT (station_id, status, category_id, channel) DO UPDATE SET n = n + 1;
END;

-- Search index fed with pre-cut grams (see crates/core/src/search.rs); rowid = cases.search_key.
-- `tags` holds the station and the register's filters as tokens, so a search with
-- filters is answered, and counted, inside the index. Contentless: the text lives in
-- `cases`, the index only answers "which rows".
CREATE VIRTUAL TABLE case_search USING fts5 (
    uni, bi, tags,
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
