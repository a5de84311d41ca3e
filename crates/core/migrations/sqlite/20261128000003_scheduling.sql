-- Scheduling: the errand log, events (one-off or recurring, with sign-ups, attendance and
-- person-times served), consultation meetings, and the reminders already shown.
-- Timestamps are UTC RFC 3339 text like the rest of the schema; plain dates (YYYY-MM-DD)
-- are China dates. An event occurrence is named by its series and its ORIGINAL start
-- (`occurrence_start`), which stays its key when that one occurrence is moved.

-- 办事事项: the station's own list for the errand form, seeded with defaults at first use.
CREATE TABLE errand_types (
    id          INTEGER PRIMARY KEY,
    station_id  INTEGER NOT NULL REFERENCES stations (id),
    name        TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 20),
    sort_order  INTEGER NOT NULL,
    active      BOOLEAN NOT NULL DEFAULT TRUE,
    UNIQUE (station_id, name)
);

-- 活动: a single event, or a series when `rrule` is set. `starts_at`/`ends_at` are the
-- first occurrence (DTSTART and its end); `exdates` is a JSON array of China dates left
-- out (holidays); `series_end` is the end of the last occurrence, NULL while unbounded,
-- so a calendar window only reads series that can reach it. `split_from` names the
-- series this one continues after a "this and following" edit.
CREATE TABLE events (
    id               INTEGER PRIMARY KEY,
    station_id       INTEGER NOT NULL REFERENCES stations (id),
    kind             TEXT NOT NULL CHECK (kind IN ('clinic', 'gov_service', 'volunteer', 'culture', 'salon', 'other')),
    title            TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 60),
    starts_at        TEXT NOT NULL,
    ends_at          TEXT NOT NULL,
    place            TEXT NOT NULL CHECK (length(place) BETWEEN 1 AND 50),
    partners         TEXT NOT NULL DEFAULT '[]',
    staff_ids        TEXT NOT NULL DEFAULT '[]',
    volunteers       TEXT NOT NULL DEFAULT '[]',
    description      TEXT CHECK (length(description) <= 2000),
    rrule            TEXT,
    exdates          TEXT NOT NULL DEFAULT '[]',
    capacity         INTEGER CHECK (capacity > 0),
    series_end       TEXT,
    split_from       INTEGER REFERENCES events (id),
    cancelled_at     TEXT,
    created_at       TEXT NOT NULL,
    created_by_name  TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    CHECK (ends_at > starts_at)
);
CREATE INDEX events_by_window ON events (station_id, starts_at, series_end);

-- "This one" edits and cancellations of one occurrence; NULL columns follow the series.
CREATE TABLE event_overrides (
    event_id          INTEGER NOT NULL REFERENCES events (id),
    occurrence_start  TEXT NOT NULL,
    cancelled         BOOLEAN NOT NULL DEFAULT FALSE,
    title             TEXT,
    starts_at         TEXT,
    ends_at           TEXT,
    place             TEXT,
    staff_ids         TEXT,
    volunteers        TEXT,
    description       TEXT,
    capacity          INTEGER CHECK (capacity > 0),
    PRIMARY KEY (event_id, occurrence_start)
) WITHOUT ROWID;
CREATE INDEX event_overrides_by_start ON event_overrides (starts_at) WHERE starts_at IS NOT NULL;

-- 报名: in sign-up order (id). Beyond capacity a sign-up waits; a cancellation moves the
-- first waiting one up. `checked_in_at` is attendance on the day.
CREATE TABLE event_signups (
    id                INTEGER PRIMARY KEY,
    station_id        INTEGER NOT NULL REFERENCES stations (id),
    event_id          INTEGER NOT NULL REFERENCES events (id),
    occurrence_start  TEXT NOT NULL,
    name              TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 30),
    phone             TEXT,
    note              TEXT CHECK (length(note) <= 200),
    status            TEXT NOT NULL CHECK (status IN ('confirmed', 'waitlisted', 'cancelled')),
    signed_up_at      TEXT NOT NULL,
    promoted_at       TEXT,
    cancelled_at      TEXT,
    checked_in_at     TEXT
);
CREATE INDEX event_signups_by_occurrence ON event_signups (station_id, occurrence_start, event_id, status, checked_in_at);

-- 现场参加但未报名 (walk-ins), one row per person or per group with `people`.
CREATE TABLE event_walkins (
    id                INTEGER PRIMARY KEY,
    station_id        INTEGER NOT NULL REFERENCES stations (id),
    event_id          INTEGER NOT NULL REFERENCES events (id),
    occurrence_start  TEXT NOT NULL,
    name              TEXT,
    people            INTEGER NOT NULL DEFAULT 1 CHECK (people BETWEEN 1 AND 1000),
    at                TEXT NOT NULL
);
CREATE INDEX event_walkins_by_occurrence ON event_walkins (station_id, occurrence_start, event_id);

-- 受益人次 recorded for a held occurrence; without a row, attendance counts.
CREATE TABLE event_served (
    station_id        INTEGER NOT NULL REFERENCES stations (id),
    event_id          INTEGER NOT NULL REFERENCES events (id),
    occurrence_start  TEXT NOT NULL,
    served            INTEGER NOT NULL CHECK (served BETWEEN 0 AND 100000),
    note              TEXT,
    recorded_at       TEXT NOT NULL,
    recorded_by_name  TEXT NOT NULL,
    PRIMARY KEY (event_id, occurrence_start)
) WITHOUT ROWID;
CREATE INDEX event_served_by_start ON event_served (station_id, occurrence_start);

-- 志愿服务时长, in minutes, by China date; usually recorded with an occurrence.
CREATE TABLE volunteer_hours (
    id                INTEGER PRIMARY KEY,
    station_id        INTEGER NOT NULL REFERENCES stations (id),
    event_id          INTEGER REFERENCES events (id),
    occurrence_start  TEXT,
    volunteer         TEXT NOT NULL CHECK (length(volunteer) BETWEEN 1 AND 30),
    day               TEXT NOT NULL,
    minutes           INTEGER NOT NULL CHECK (minutes BETWEEN 1 AND 1440),
    recorded_at       TEXT NOT NULL
);
CREATE INDEX volunteer_hours_by_day ON volunteer_hours (station_id, day);
CREATE INDEX volunteer_hours_by_occurrence ON volunteer_hours (event_id, occurrence_start);

-- 办事登记: one row per errand; each is one person-time served.
CREATE TABLE errands (
    id                INTEGER PRIMARY KEY,
    station_id        INTEGER NOT NULL REFERENCES stations (id),
    type_id           INTEGER NOT NULL REFERENCES errand_types (id),
    resident_name     TEXT CHECK (length(resident_name) <= 30),
    phone             TEXT,
    at                TEXT NOT NULL,
    staff_id          INTEGER REFERENCES staff (id),
    staff_name        TEXT NOT NULL,
    -- NULL: the station office.
    place             TEXT CHECK (length(place) <= 50),
    event_id          INTEGER REFERENCES events (id),
    occurrence_start  TEXT,
    outcome           TEXT NOT NULL CHECK (outcome IN ('done', 'needs_materials', 'referred')),
    note              TEXT CHECK (length(note) <= 500),
    created_at        TEXT NOT NULL,
    created_by_name   TEXT NOT NULL
);
CREATE INDEX errands_by_at ON errands (station_id, at, type_id, staff_id);

-- 恳谈会 / 议事会.
CREATE TABLE meetings (
    id               INTEGER PRIMARY KEY,
    station_id       INTEGER NOT NULL REFERENCES stations (id),
    kind             TEXT NOT NULL CHECK (kind IN ('consultation', 'deliberation')),
    title            TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 60),
    purpose          TEXT CHECK (length(purpose) <= 1000),
    starts_at        TEXT NOT NULL,
    ends_at          TEXT NOT NULL,
    place            TEXT NOT NULL CHECK (length(place) BETWEEN 1 AND 50),
    contact_person   TEXT,
    contact_phone    TEXT,
    status           TEXT NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'held', 'cancelled')),
    minutes          TEXT CHECK (length(minutes) <= 20000),
    -- JSON array of names who came without an invitation.
    other_attendees  TEXT NOT NULL DEFAULT '[]',
    created_at       TEXT NOT NULL,
    created_by_name  TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    CHECK (ends_at > starts_at)
);
CREATE INDEX meetings_by_start ON meetings (station_id, starts_at);

-- Invited organisations and resident representatives (rows of `parties`), and whether they came.
CREATE TABLE meeting_parties (
    meeting_id  INTEGER NOT NULL REFERENCES meetings (id),
    party_id    INTEGER NOT NULL REFERENCES parties (id),
    attended    BOOLEAN,
    PRIMARY KEY (meeting_id, party_id)
) WITHOUT ROWID;

CREATE TABLE meeting_staff (
    meeting_id  INTEGER NOT NULL REFERENCES meetings (id),
    staff_id    INTEGER NOT NULL REFERENCES staff (id),
    attended    BOOLEAN,
    PRIMARY KEY (meeting_id, staff_id)
) WITHOUT ROWID;

CREATE TABLE meeting_agenda (
    id          INTEGER PRIMARY KEY,
    meeting_id  INTEGER NOT NULL REFERENCES meetings (id),
    position    INTEGER NOT NULL,
    title       TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 100),
    case_id     INTEGER REFERENCES cases (id),
    note        TEXT CHECK (length(note) <= 500)
);
CREATE INDEX meeting_agenda_by_meeting ON meeting_agenda (meeting_id, position);
CREATE INDEX meeting_agenda_by_case ON meeting_agenda (case_id) WHERE case_id IS NOT NULL;

-- 决定事项. A decision on a case may move it on (`case_to_status`); `case_moved` says
-- whether that was done in the same transaction.
CREATE TABLE meeting_decisions (
    id              INTEGER PRIMARY KEY,
    meeting_id      INTEGER NOT NULL REFERENCES meetings (id),
    position        INTEGER NOT NULL,
    text            TEXT NOT NULL CHECK (length(text) BETWEEN 1 AND 1000),
    case_id         INTEGER REFERENCES cases (id),
    case_to_status  TEXT,
    case_moved      BOOLEAN NOT NULL DEFAULT FALSE,
    created_at      TEXT NOT NULL
);
CREATE INDEX meeting_decisions_by_meeting ON meeting_decisions (meeting_id, position);

-- Desktop reminders already shown, so a restart never shows one twice.
CREATE TABLE reminders_sent (
    station_id  INTEGER NOT NULL REFERENCES stations (id),
    kind        TEXT NOT NULL CHECK (kind IN ('event', 'meeting', 'case_due')),
    ref_id      INTEGER NOT NULL,
    at          TEXT NOT NULL,
    sent_at     TEXT NOT NULL,
    PRIMARY KEY (station_id, kind, ref_id, at)
) WITHOUT ROWID;
