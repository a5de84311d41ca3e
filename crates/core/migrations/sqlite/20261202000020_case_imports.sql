-- Which ledger row (台账) each imported case came from: importing the same file again
-- adds nothing, and a row whose text changed since is refused rather than added twice.
CREATE TABLE case_imports (
    station_id   INTEGER NOT NULL REFERENCES stations (id),
    source_name  TEXT NOT NULL CHECK (length(source_name) BETWEEN 1 AND 255),
    source_row   INTEGER NOT NULL CHECK (source_row > 0),
    -- SHA-256 of the row's cells as read, hex.
    row_hash     TEXT NOT NULL CHECK (length(row_hash) = 64),
    case_id      INTEGER NOT NULL REFERENCES cases (id),
    imported_at  TEXT NOT NULL,
    PRIMARY KEY (station_id, source_name, source_row)
);
CREATE INDEX case_imports_by_case ON case_imports (case_id);
