-- Personal data kept only as long as the station's settings say (PIPL, issue 12).
-- Anonymising a record removes who it was about and marks it; the text, codes, dates and
-- figures stay. NULL: not anonymised.
ALTER TABLE cases ADD COLUMN anonymised_at TEXT;
ALTER TABLE attachments ADD COLUMN anonymised_at TEXT;
ALTER TABLE event_signups ADD COLUMN anonymised_at TEXT;
ALTER TABLE event_walkins ADD COLUMN anonymised_at TEXT;
ALTER TABLE errands ADD COLUMN anonymised_at TEXT;

-- A health event's sign-up (义诊) records the resident's consent and when it was given.
-- NULL: signed up before consent was asked.
ALTER TABLE event_signups ADD COLUMN consent BOOLEAN;
ALTER TABLE event_signups ADD COLUMN consent_at TEXT;

-- The station's retention settings and what the last run did. No row: the defaults
-- (3 years for finished cases, 1 year for sign-ups and errands), never run.
CREATE TABLE station_retention (
    station_id     INTEGER PRIMARY KEY REFERENCES stations (id),
    cases_years    INTEGER NOT NULL CHECK (cases_years BETWEEN 1 AND 30),
    signups_years  INTEGER NOT NULL CHECK (signups_years BETWEEN 1 AND 10),
    last_run_at    TEXT,
    last_run_by    TEXT,
    -- The counts of the last run, as JSON (`RetentionCounts`).
    last_run       TEXT CHECK (length(last_run) <= 2000)
);
