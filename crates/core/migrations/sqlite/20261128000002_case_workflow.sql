-- Cases to the end: workflow, deadlines, parties, surveys, attachments, duplicates,
-- follow-up. Timestamps are UTC RFC 3339 text like the initial schema; plain dates
-- (YYYY-MM-DD) are China dates.

-- How pressing a case is; with the category it decides the two time limits.
ALTER TABLE cases ADD COLUMN urgency TEXT NOT NULL DEFAULT 'normal' CHECK (urgency IN ('urgent', 'normal', 'complex'));
-- 承办人: the staff member who owns the case.
ALTER TABLE cases ADD COLUMN assignee_id INTEGER REFERENCES staff (id);
-- The two clocks of the 12345 practice: first contact with the resident, and resolution.
ALTER TABLE cases ADD COLUMN respond_due_at TEXT;
ALTER TABLE cases ADD COLUMN resolve_due_at TEXT;
-- When the resident was first contacted (or, for an anonymous note, first acted on).
ALTER TABLE cases ADD COLUMN responded_at TEXT;
-- The last time the case reached 办结, and what was done.
ALTER TABLE cases ADD COLUMN resolved_at TEXT;
ALTER TABLE cases ADD COLUMN resolution TEXT CHECK (length(resolution) <= 2000);
ALTER TABLE cases ADD COLUMN closed_at TEXT;
-- 挂起: why, until when (a China date), since when (the clocks stop meanwhile), and the
-- status to return to.
ALTER TABLE cases ADD COLUMN hold_reason TEXT;
ALTER TABLE cases ADD COLUMN hold_until TEXT;
ALTER TABLE cases ADD COLUMN held_since TEXT;
ALTER TABLE cases ADD COLUMN status_before_hold TEXT;
-- 转办: the body the case was referred to.
ALTER TABLE cases ADD COLUMN referred_to TEXT;
-- 重复: the case this one repeats; it then counts as one more resident reporting that one.
ALTER TABLE cases ADD COLUMN duplicate_of INTEGER REFERENCES cases (id);
-- How often a dissatisfied follow-up sent the case back to 处理中.
ALTER TABLE cases ADD COLUMN reopen_count INTEGER NOT NULL DEFAULT 0;
-- Days from received to (the last) 办结, in tenths, for the median.
ALTER TABLE cases ADD COLUMN resolve_tenths INTEGER;
-- The latest 回访 that reached the resident, for the rates: when, and the answers.
ALTER TABLE cases ADD COLUMN followed_up_at TEXT;
ALTER TABLE cases ADD COLUMN follow_up_resolved BOOLEAN;
ALTER TABLE cases ADD COLUMN follow_up_satisfied BOOLEAN;

-- Cases logged before this version get the ordinary limits in calendar days.
UPDATE cases
SET respond_due_at = strftime('%Y-%m-%dT%H:%M:%S', received_at, '+1 day') || '+00:00',
    resolve_due_at = strftime('%Y-%m-%dT%H:%M:%S', received_at, '+7 days') || '+00:00';

-- The needs-attention view: open cases by their resolve deadline.
CREATE INDEX cases_open_by_due ON cases (
    station_id, resolve_due_at, respond_due_at, responded_at, status, received_at, category_id, assignee_id
) WHERE status IN ('accepted', 'investigating', 'in_progress');
-- The median days to 办结 for the part-months at the ends of a period (whole months
-- come from case_resolve_times).
CREATE INDEX cases_by_resolved_at ON cases (station_id, resolved_at, category_id, assignee_id, resolve_tenths)
    WHERE resolved_at IS NOT NULL;
CREATE INDEX cases_by_duplicate_of ON cases (duplicate_of) WHERE duplicate_of IS NOT NULL;

-- Time limits a station set; built-in defaults apply where there is no row.
-- category_id 0 means every category without a row of its own.
CREATE TABLE time_limits (
    station_id      INTEGER NOT NULL REFERENCES stations (id),
    category_id     INTEGER NOT NULL,
    urgency         TEXT NOT NULL CHECK (urgency IN ('urgent', 'normal', 'complex')),
    respond_amount  INTEGER NOT NULL CHECK (respond_amount BETWEEN 1 AND 1000),
    respond_unit    TEXT NOT NULL CHECK (respond_unit IN ('hours', 'days', 'working_days')),
    resolve_amount  INTEGER NOT NULL CHECK (resolve_amount BETWEEN 1 AND 1000),
    resolve_unit    TEXT NOT NULL CHECK (resolve_unit IN ('hours', 'days', 'working_days')),
    PRIMARY KEY (station_id, category_id, urgency)
) WITHOUT ROWID;

-- The station's changes to the built-in official calendar: an extra holiday, a make-up
-- working day (调休上班), or 'normal' to cancel a built-in entry.
CREATE TABLE calendar_days (
    station_id  INTEGER NOT NULL REFERENCES stations (id),
    day         TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('holiday', 'workday', 'normal')),
    name        TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (station_id, day)
) WITHOUT ROWID;

-- 相关方: organisations (物业, 开发商, 医院, 街道, 供水/供电…) and resident representatives.
CREATE TABLE parties (
    id              INTEGER PRIMARY KEY,
    station_id      INTEGER NOT NULL REFERENCES stations (id),
    kind            TEXT NOT NULL CHECK (kind IN ('property', 'developer', 'hospital', 'street_office', 'utility', 'government', 'company', 'resident_rep', 'other')),
    name            TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 50),
    contact_person  TEXT,
    phone           TEXT,
    note            TEXT,
    active          BOOLEAN NOT NULL DEFAULT TRUE,
    created_at      TEXT NOT NULL,
    UNIQUE (station_id, name)
);

CREATE TABLE case_parties (
    case_id   INTEGER NOT NULL REFERENCES cases (id),
    party_id  INTEGER NOT NULL REFERENCES parties (id),
    role      TEXT,
    added_at  TEXT NOT NULL,
    PRIMARY KEY (case_id, party_id)
) WITHOUT ROWID;

-- 现场勘查: who went, when, what they found.
CREATE TABLE case_surveys (
    id               INTEGER PRIMARY KEY,
    case_id          INTEGER NOT NULL REFERENCES cases (id),
    surveyed_at      TEXT NOT NULL,
    people           TEXT NOT NULL CHECK (length(people) BETWEEN 1 AND 200),
    findings         TEXT NOT NULL CHECK (length(findings) BETWEEN 1 AND 2000),
    created_at       TEXT NOT NULL,
    created_by_name  TEXT NOT NULL
);
CREATE INDEX case_surveys_by_case ON case_surveys (case_id, surveyed_at);

-- 回访: reached the resident? resolved? satisfied? An anonymous note can be closed
-- without a call-back (without_callback), and then has no answers.
CREATE TABLE case_followups (
    id                INTEGER PRIMARY KEY,
    station_id        INTEGER NOT NULL REFERENCES stations (id),
    case_id           INTEGER NOT NULL REFERENCES cases (id),
    at                TEXT NOT NULL,
    without_callback  BOOLEAN NOT NULL DEFAULT FALSE,
    reached           BOOLEAN NOT NULL,
    resolved          BOOLEAN,
    satisfaction      TEXT CHECK (satisfaction IN ('satisfied', 'basically_satisfied', 'dissatisfied')),
    comment           TEXT CHECK (length(comment) <= 1000),
    staff_name        TEXT NOT NULL,
    CHECK (reached OR (resolved IS NULL AND satisfaction IS NULL))
);
CREATE INDEX case_followups_by_case ON case_followups (case_id, at);
CREATE INDEX case_followups_for_rates ON case_followups (station_id, at, case_id, reached, resolved, satisfaction);

-- Photos and documents. The bytes live next to the database under their SHA-256; a
-- removed attachment keeps its row (removed_at) and its file until the case's retention ends.
CREATE TABLE attachments (
    id               INTEGER PRIMARY KEY,
    station_id       INTEGER NOT NULL REFERENCES stations (id),
    case_id          INTEGER NOT NULL REFERENCES cases (id),
    kind             TEXT NOT NULL CHECK (kind IN ('before', 'after', 'document')),
    file_name        TEXT NOT NULL CHECK (length(file_name) BETWEEN 1 AND 255),
    media_type       TEXT NOT NULL,
    size             INTEGER NOT NULL CHECK (size >= 0),
    sha256           TEXT NOT NULL CHECK (length(sha256) = 64),
    created_at       TEXT NOT NULL,
    created_by_name  TEXT NOT NULL,
    removed_at       TEXT,
    removed_by_name  TEXT
);
CREATE INDEX attachments_by_case ON attachments (case_id, id);

-- A step's note (a transition's reason, a contact's content) shown on the timeline.
ALTER TABLE audit_log ADD COLUMN note TEXT;

-- What the rates count, per China day, category and assignee (0 for none), kept by
-- triggers: a year's rates read a few thousand rows instead of every case. Each case
-- adds to the day it was received (received, duplicates, responded in time, resolved
-- late, reopened), the day of its last 办结 (resolved), and the day of its latest 回访
-- that reached the resident (followed up, resolved by the resident's word, satisfied).
-- Keyed category and assignee first, so the rates read them grouped by month in key
-- order, without a sort.
CREATE TABLE case_day_stats (
    station_id            INTEGER NOT NULL,
    category_id           INTEGER NOT NULL,
    assignee_id           INTEGER NOT NULL,
    month                 TEXT NOT NULL,
    day                   TEXT NOT NULL,
    received              INTEGER NOT NULL DEFAULT 0,
    duplicates            INTEGER NOT NULL DEFAULT 0,
    responded_in_time     INTEGER NOT NULL DEFAULT 0,
    resolved_late         INTEGER NOT NULL DEFAULT 0,
    reopened              INTEGER NOT NULL DEFAULT 0,
    resolved              INTEGER NOT NULL DEFAULT 0,
    followed_up           INTEGER NOT NULL DEFAULT 0,
    resolved_by_resident  INTEGER NOT NULL DEFAULT 0,
    satisfied             INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (station_id, category_id, assignee_id, month, day)
) WITHOUT ROWID;

-- How many cases reached 办结 after how long (tenths of a day), per month of 办结, kept by
-- the same triggers; keyed so the medians read them grouped without a sort.
CREATE TABLE case_resolve_times (
    station_id   INTEGER NOT NULL,
    category_id  INTEGER NOT NULL,
    assignee_id  INTEGER NOT NULL,
    tenths       INTEGER NOT NULL,
    month        TEXT NOT NULL,
    n            INTEGER NOT NULL,
    PRIMARY KEY (station_id, category_id, assignee_id, tenths, month)
) WITHOUT ROWID;

CREATE TRIGGER case_day_stats_insert AFTER INSERT ON cases BEGIN
    INSERT INTO case_day_stats (station_id, month, day, category_id, assignee_id, received, duplicates,
        responded_in_time, resolved_late, reopened)
    VALUES (NEW.station_id, substr(date(NEW.received_at, '+8 hours'), 1, 7), date(NEW.received_at, '+8 hours'), coalesce(NEW.category_id, 0),
        coalesce(NEW.assignee_id, 0), NEW.status <> 'duplicate', NEW.status = 'duplicate',
        NEW.status <> 'duplicate' AND coalesce(NEW.responded_at <= NEW.respond_due_at, 0),
        NEW.status NOT IN ('duplicate', 'referred') AND coalesce(NEW.resolved_at > NEW.resolve_due_at, 0),
        NEW.status <> 'duplicate' AND NEW.reopen_count > 0)
    ON CONFLICT (station_id, category_id, assignee_id, month, day) DO UPDATE SET
        received = received + excluded.received, duplicates = duplicates + excluded.duplicates,
        responded_in_time = responded_in_time + excluded.responded_in_time,
        resolved_late = resolved_late + excluded.resolved_late, reopened = reopened + excluded.reopened;
    INSERT INTO case_day_stats (station_id, month, day, category_id, assignee_id, resolved)
    SELECT NEW.station_id, substr(date(NEW.resolved_at, '+8 hours'), 1, 7), date(NEW.resolved_at, '+8 hours'), coalesce(NEW.category_id, 0),
        coalesce(NEW.assignee_id, 0), 1
    WHERE NEW.resolved_at IS NOT NULL
    ON CONFLICT (station_id, category_id, assignee_id, month, day) DO UPDATE SET resolved = resolved + 1;
    INSERT INTO case_day_stats (station_id, month, day, category_id, assignee_id, followed_up, resolved_by_resident, satisfied)
    SELECT NEW.station_id, substr(date(NEW.followed_up_at, '+8 hours'), 1, 7), date(NEW.followed_up_at, '+8 hours'), coalesce(NEW.category_id, 0),
        coalesce(NEW.assignee_id, 0), 1, coalesce(NEW.follow_up_resolved, 0), coalesce(NEW.follow_up_satisfied, 0)
    WHERE NEW.followed_up_at IS NOT NULL
    ON CONFLICT (station_id, category_id, assignee_id, month, day) DO UPDATE SET followed_up = followed_up + 1,
        resolved_by_resident = resolved_by_resident + excluded.resolved_by_resident,
        satisfied = satisfied + excluded.satisfied;
    INSERT INTO case_resolve_times (station_id, category_id, assignee_id, tenths, month, n)
    SELECT NEW.station_id, coalesce(NEW.category_id, 0), coalesce(NEW.assignee_id, 0),
        coalesce(NEW.resolve_tenths, 0), substr(date(NEW.resolved_at, '+8 hours'), 1, 7), 1
    WHERE NEW.resolved_at IS NOT NULL
    ON CONFLICT (station_id, category_id, assignee_id, tenths, month) DO UPDATE SET n = n + 1;
END;

-- An update takes the old row's contribution away and adds the new one's.
CREATE TRIGGER case_day_stats_update AFTER UPDATE OF station_id, received_at, category_id, assignee_id, status,
    respond_due_at, responded_at, resolve_due_at, resolved_at, resolve_tenths, reopen_count, followed_up_at, follow_up_resolved,
    follow_up_satisfied ON cases BEGIN
    UPDATE case_day_stats SET
        received = received - (OLD.status <> 'duplicate'),
        duplicates = duplicates - (OLD.status = 'duplicate'),
        responded_in_time = responded_in_time
            - (OLD.status <> 'duplicate' AND coalesce(OLD.responded_at <= OLD.respond_due_at, 0)),
        resolved_late = resolved_late
            - (OLD.status NOT IN ('duplicate', 'referred') AND coalesce(OLD.resolved_at > OLD.resolve_due_at, 0)),
        reopened = reopened - (OLD.status <> 'duplicate' AND OLD.reopen_count > 0)
    WHERE station_id = OLD.station_id AND month = substr(date(OLD.received_at, '+8 hours'), 1, 7) AND day = date(OLD.received_at, '+8 hours')
      AND category_id = coalesce(OLD.category_id, 0) AND assignee_id = coalesce(OLD.assignee_id, 0);
    UPDATE case_day_stats SET resolved = resolved - 1
    WHERE OLD.resolved_at IS NOT NULL AND station_id = OLD.station_id AND month = substr(date(OLD.resolved_at, '+8 hours'), 1, 7) AND day = date(OLD.resolved_at, '+8 hours')
      AND category_id = coalesce(OLD.category_id, 0) AND assignee_id = coalesce(OLD.assignee_id, 0);
    UPDATE case_day_stats SET followed_up = followed_up - 1,
        resolved_by_resident = resolved_by_resident - coalesce(OLD.follow_up_resolved, 0),
        satisfied = satisfied - coalesce(OLD.follow_up_satisfied, 0)
    WHERE OLD.followed_up_at IS NOT NULL AND station_id = OLD.station_id
      AND month = substr(date(OLD.followed_up_at, '+8 hours'), 1, 7) AND day = date(OLD.followed_up_at, '+8 hours')
      AND category_id = coalesce(OLD.category_id, 0) AND assignee_id = coalesce(OLD.assignee_id, 0);

    UPDATE case_resolve_times SET n = n - 1
    WHERE OLD.resolved_at IS NOT NULL AND station_id = OLD.station_id
      AND category_id = coalesce(OLD.category_id, 0) AND assignee_id = coalesce(OLD.assignee_id, 0)
      AND tenths = coalesce(OLD.resolve_tenths, 0) AND month = substr(date(OLD.resolved_at, '+8 hours'), 1, 7);

    INSERT INTO case_day_stats (station_id, month, day, category_id, assignee_id, received, duplicates,
        responded_in_time, resolved_late, reopened)
    VALUES (NEW.station_id, substr(date(NEW.received_at, '+8 hours'), 1, 7), date(NEW.received_at, '+8 hours'), coalesce(NEW.category_id, 0),
        coalesce(NEW.assignee_id, 0), NEW.status <> 'duplicate', NEW.status = 'duplicate',
        NEW.status <> 'duplicate' AND coalesce(NEW.responded_at <= NEW.respond_due_at, 0),
        NEW.status NOT IN ('duplicate', 'referred') AND coalesce(NEW.resolved_at > NEW.resolve_due_at, 0),
        NEW.status <> 'duplicate' AND NEW.reopen_count > 0)
    ON CONFLICT (station_id, category_id, assignee_id, month, day) DO UPDATE SET
        received = received + excluded.received, duplicates = duplicates + excluded.duplicates,
        responded_in_time = responded_in_time + excluded.responded_in_time,
        resolved_late = resolved_late + excluded.resolved_late, reopened = reopened + excluded.reopened;
    INSERT INTO case_day_stats (station_id, month, day, category_id, assignee_id, resolved)
    SELECT NEW.station_id, substr(date(NEW.resolved_at, '+8 hours'), 1, 7), date(NEW.resolved_at, '+8 hours'), coalesce(NEW.category_id, 0),
        coalesce(NEW.assignee_id, 0), 1
    WHERE NEW.resolved_at IS NOT NULL
    ON CONFLICT (station_id, category_id, assignee_id, month, day) DO UPDATE SET resolved = resolved + 1;
    INSERT INTO case_day_stats (station_id, month, day, category_id, assignee_id, followed_up, resolved_by_resident, satisfied)
    SELECT NEW.station_id, substr(date(NEW.followed_up_at, '+8 hours'), 1, 7), date(NEW.followed_up_at, '+8 hours'), coalesce(NEW.category_id, 0),
        coalesce(NEW.assignee_id, 0), 1, coalesce(NEW.follow_up_resolved, 0), coalesce(NEW.follow_up_satisfied, 0)
    WHERE NEW.followed_up_at IS NOT NULL
    ON CONFLICT (station_id, category_id, assignee_id, month, day) DO UPDATE SET followed_up = followed_up + 1,
        resolved_by_resident = resolved_by_resident + excluded.resolved_by_resident,
        satisfied = satisfied + excluded.satisfied;
    INSERT INTO case_resolve_times (station_id, category_id, assignee_id, tenths, month, n)
    SELECT NEW.station_id, coalesce(NEW.category_id, 0), coalesce(NEW.assignee_id, 0),
        coalesce(NEW.resolve_tenths, 0), substr(date(NEW.resolved_at, '+8 hours'), 1, 7), 1
    WHERE NEW.resolved_at IS NOT NULL
    ON CONFLICT (station_id, category_id, assignee_id, tenths, month) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER case_day_stats_delete AFTER DELETE ON cases BEGIN
    UPDATE case_day_stats SET
        received = received - (OLD.status <> 'duplicate'),
        duplicates = duplicates - (OLD.status = 'duplicate'),
        responded_in_time = responded_in_time
            - (OLD.status <> 'duplicate' AND coalesce(OLD.responded_at <= OLD.respond_due_at, 0)),
        resolved_late = resolved_late
            - (OLD.status NOT IN ('duplicate', 'referred') AND coalesce(OLD.resolved_at > OLD.resolve_due_at, 0)),
        reopened = reopened - (OLD.status <> 'duplicate' AND OLD.reopen_count > 0)
    WHERE station_id = OLD.station_id AND month = substr(date(OLD.received_at, '+8 hours'), 1, 7) AND day = date(OLD.received_at, '+8 hours')
      AND category_id = coalesce(OLD.category_id, 0) AND assignee_id = coalesce(OLD.assignee_id, 0);
    UPDATE case_day_stats SET resolved = resolved - 1
    WHERE OLD.resolved_at IS NOT NULL AND station_id = OLD.station_id AND month = substr(date(OLD.resolved_at, '+8 hours'), 1, 7) AND day = date(OLD.resolved_at, '+8 hours')
      AND category_id = coalesce(OLD.category_id, 0) AND assignee_id = coalesce(OLD.assignee_id, 0);
    UPDATE case_day_stats SET followed_up = followed_up - 1,
        resolved_by_resident = resolved_by_resident - coalesce(OLD.follow_up_resolved, 0),
        satisfied = satisfied - coalesce(OLD.follow_up_satisfied, 0)
    WHERE OLD.followed_up_at IS NOT NULL AND station_id = OLD.station_id
      AND month = substr(date(OLD.followed_up_at, '+8 hours'), 1, 7) AND day = date(OLD.followed_up_at, '+8 hours')
      AND category_id = coalesce(OLD.category_id, 0) AND assignee_id = coalesce(OLD.assignee_id, 0);
    UPDATE case_resolve_times SET n = n - 1
    WHERE OLD.resolved_at IS NOT NULL AND station_id = OLD.station_id
      AND category_id = coalesce(OLD.category_id, 0) AND assignee_id = coalesce(OLD.assignee_id, 0)
      AND tenths = coalesce(OLD.resolve_tenths, 0) AND month = substr(date(OLD.resolved_at, '+8 hours'), 1, 7);
END;

-- Cases logged before this version: received counts only (they have no workflow yet).
INSERT INTO case_day_stats (station_id, month, day, category_id, assignee_id, received, duplicates)
SELECT station_id, substr(date(received_at, '+8 hours'), 1, 7), date(received_at, '+8 hours'), coalesce(category_id, 0), 0,
       sum(status <> 'duplicate'), sum(status = 'duplicate')
FROM cases GROUP BY 1, 3, 4;
