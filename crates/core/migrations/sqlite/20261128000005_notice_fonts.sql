-- The system fonts a station prefers for its printed notices (仿宋 for the body, 宋体,
-- 黑体 for headings, 方正小标宋 for titles): a family name looked up in the system's font
-- folders, or a font file's path. A role without a row prints with the bundled font.
CREATE TABLE notice_fonts (
    station_id  INTEGER NOT NULL REFERENCES stations (id),
    role        TEXT NOT NULL CHECK (role IN ('fangsong', 'songti', 'heiti', 'title')),
    choice      TEXT NOT NULL CHECK (length(choice) BETWEEN 1 AND 1000),
    updated_at  TEXT NOT NULL,
    PRIMARY KEY (station_id, role)
) WITHOUT ROWID;
