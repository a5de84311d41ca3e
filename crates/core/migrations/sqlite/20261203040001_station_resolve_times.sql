-- How many cases reached 办结 after how long (tenths of a day), per station and month of
-- 办结: `case_resolve_times` without its category and assignee, kept by the core in the
-- same statement batch. The street office's medians read it: a district year is about
-- 22 000 rows here instead of 244 000 there.
CREATE TABLE station_resolve_times (
    station_id   INTEGER NOT NULL,
    month        TEXT NOT NULL,
    tenths       INTEGER NOT NULL,
    n            INTEGER NOT NULL,
    PRIMARY KEY (station_id, month, tenths)
) WITHOUT ROWID;

INSERT INTO station_resolve_times (station_id, month, tenths, n)
    SELECT station_id, month, tenths, sum(n) FROM case_resolve_times
    GROUP BY station_id, month, tenths HAVING sum(n) <> 0;
