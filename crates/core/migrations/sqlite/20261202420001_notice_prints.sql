-- Every notice printed from the notices page (打印记录): its kind, title, the form it was
-- made from (`{"notice": {kind, input}, "addressees": [...]}`, to open it again, reprint
-- it or edit it as a new one), pages, who and when. Prints of notices made from a record
-- (a case, a meeting, an event) are in that record's audit history instead.
CREATE TABLE notice_prints (
    id          INTEGER PRIMARY KEY,
    station_id  INTEGER NOT NULL REFERENCES stations (id),
    kind        TEXT NOT NULL CHECK (kind IN ('meeting', 'event')),
    title       TEXT NOT NULL CHECK (length(title) <= 500),
    input       TEXT NOT NULL CHECK (length(input) BETWEEN 2 AND 65536),
    copies      INTEGER NOT NULL CHECK (copies >= 1),
    pages       INTEGER NOT NULL CHECK (pages >= 1),
    via         TEXT NOT NULL CHECK (via IN ('dialog', 'viewer')),
    staff_id    INTEGER REFERENCES staff (id),
    staff_name  TEXT NOT NULL,
    printed_at  TEXT NOT NULL
);
CREATE INDEX notice_prints_by_time ON notice_prints (station_id, printed_at DESC, id DESC);
