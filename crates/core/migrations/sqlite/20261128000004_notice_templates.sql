-- The wording a station gave its printed notices; a kind without a row prints with the
-- built-in template (stationdesk-notice), and "reset to default" deletes the row.
CREATE TABLE notice_templates (
    station_id  INTEGER NOT NULL REFERENCES stations (id),
    kind        TEXT NOT NULL CHECK (kind IN ('meeting', 'event', 'receipt', 'reply')),
    body        TEXT NOT NULL CHECK (length(body) BETWEEN 1 AND 20000),
    updated_at  TEXT NOT NULL,
    PRIMARY KEY (station_id, kind)
) WITHOUT ROWID;
