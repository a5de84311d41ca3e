-- A recurring event may skip official holidays (节假日不举办, issue 13): its occurrences on a
-- day the calendar makes a holiday are left out. Existing series keep every date.
ALTER TABLE events ADD COLUMN skip_holidays boolean NOT NULL DEFAULT false;
