-- Personal data kept only as long as the station's settings say (PIPL, issue 12).
-- Anonymising a record removes who it was about and marks it; the text, codes, dates and
-- figures stay. NULL: not anonymised.
ALTER TABLE cases ADD COLUMN anonymised_at timestamptz;
ALTER TABLE attachments ADD COLUMN anonymised_at timestamptz;
ALTER TABLE event_signups ADD COLUMN anonymised_at timestamptz;
ALTER TABLE event_walkins ADD COLUMN anonymised_at timestamptz;
ALTER TABLE errands ADD COLUMN anonymised_at timestamptz;

-- A health event's sign-up (义诊) records the resident's consent and when it was given.
-- NULL: signed up before consent was asked.
ALTER TABLE event_signups ADD COLUMN consent boolean;
ALTER TABLE event_signups ADD COLUMN consent_at timestamptz;

-- The station's retention settings and what the last run did. No row: the defaults
-- (3 years for finished cases, 1 year for sign-ups and errands), never run.
CREATE TABLE station_retention (
    station_id     bigint PRIMARY KEY REFERENCES stations (id),
    cases_years    bigint NOT NULL CHECK (cases_years BETWEEN 1 AND 30),
    signups_years  bigint NOT NULL CHECK (signups_years BETWEEN 1 AND 10),
    last_run_at    timestamptz,
    last_run_by    text,
    -- The counts of the last run, as JSON (`RetentionCounts`).
    last_run       text CHECK (length(last_run) <= 2000)
);

ALTER TABLE station_retention ENABLE ROW LEVEL SECURITY;
CREATE POLICY station_reads ON station_retention FOR SELECT
    USING (station_id = (SELECT sd_station()) OR (SELECT sd_district()));
CREATE POLICY station_writes ON station_retention FOR INSERT WITH CHECK (station_id = (SELECT sd_station()));
CREATE POLICY station_updates ON station_retention FOR UPDATE
    USING (station_id = (SELECT sd_station())) WITH CHECK (station_id = (SELECT sd_station()));
CREATE POLICY station_deletes ON station_retention FOR DELETE USING (station_id = (SELECT sd_station()));
GRANT SELECT, INSERT, UPDATE, DELETE ON station_retention TO PUBLIC;
