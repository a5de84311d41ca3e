-- The State Council's holiday schedules a station imported (holidays import, 设置 → 节假日):
-- the official layer for the years the program does not ship, or a corrected shipped year.
-- Apart from calendar_days, which holds the station's own changes laid over the official
-- calendar: a re-import replaces one notice's rows and never touches the station's changes.
-- A notice may name a day of the next or previous year (a 元旦 holiday crossing the new
-- year), so each row keeps the year of the notice it came from.
CREATE TABLE official_holidays (
    station_id   bigint NOT NULL REFERENCES stations (id),
    day          date NOT NULL,
    notice_year  bigint NOT NULL CHECK (notice_year BETWEEN 2000 AND 2100),
    kind         text NOT NULL CHECK (kind IN ('holiday', 'workday')),
    name         text NOT NULL CHECK (length(name) BETWEEN 1 AND 20),
    PRIMARY KEY (station_id, day)
);
CREATE INDEX official_holidays_by_year ON official_holidays (station_id, notice_year);

ALTER TABLE official_holidays ENABLE ROW LEVEL SECURITY;
CREATE POLICY station_reads ON official_holidays FOR SELECT
    USING (station_id = (SELECT sd_station()) OR (SELECT sd_district()));
CREATE POLICY station_writes ON official_holidays FOR INSERT WITH CHECK (station_id = (SELECT sd_station()));
CREATE POLICY station_updates ON official_holidays FOR UPDATE
    USING (station_id = (SELECT sd_station())) WITH CHECK (station_id = (SELECT sd_station()));
CREATE POLICY station_deletes ON official_holidays FOR DELETE USING (station_id = (SELECT sd_station()));
GRANT SELECT, INSERT, UPDATE, DELETE ON official_holidays TO PUBLIC;
