-- The State Council's holiday schedules a station imported (holidays import, 设置 → 节假日):
-- the official layer for the years the program does not ship, or a corrected shipped year.
-- Apart from calendar_days, which holds the station's own changes laid over the official
-- calendar: a re-import replaces one notice's rows and never touches the station's changes.
-- A notice may name a day of the next or previous year (a 元旦 holiday crossing the new
-- year), so each row keeps the year of the notice it came from.
CREATE TABLE official_holidays (
    station_id   INTEGER NOT NULL REFERENCES stations (id),
    day          TEXT NOT NULL,
    notice_year  INTEGER NOT NULL CHECK (notice_year BETWEEN 2000 AND 2100),
    kind         TEXT NOT NULL CHECK (kind IN ('holiday', 'workday')),
    name         TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 20),
    PRIMARY KEY (station_id, day)
) WITHOUT ROWID;
CREATE INDEX official_holidays_by_year ON official_holidays (station_id, notice_year);
