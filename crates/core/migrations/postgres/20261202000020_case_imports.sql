-- Which ledger row (台账) each imported case came from: importing the same file again
-- adds nothing, and a row whose text changed since is refused rather than added twice.
CREATE TABLE case_imports (
    station_id   bigint NOT NULL REFERENCES stations (id),
    source_name  text NOT NULL CHECK (length(source_name) BETWEEN 1 AND 255),
    source_row   bigint NOT NULL CHECK (source_row > 0),
    -- SHA-256 of the row's cells as read, hex.
    row_hash     text NOT NULL CHECK (length(row_hash) = 64),
    case_id      bigint NOT NULL REFERENCES cases (id),
    imported_at  timestamptz NOT NULL,
    PRIMARY KEY (station_id, source_name, source_row)
);
CREATE INDEX case_imports_by_case ON case_imports (case_id);

ALTER TABLE case_imports ENABLE ROW LEVEL SECURITY;
CREATE POLICY station_reads ON case_imports FOR SELECT
    USING (station_id = (SELECT sd_station()) OR (SELECT sd_district()));
CREATE POLICY station_writes ON case_imports FOR INSERT WITH CHECK (station_id = (SELECT sd_station()));
CREATE POLICY station_updates ON case_imports FOR UPDATE
    USING (station_id = (SELECT sd_station())) WITH CHECK (station_id = (SELECT sd_station()));
CREATE POLICY station_deletes ON case_imports FOR DELETE USING (station_id = (SELECT sd_station()));
GRANT SELECT, INSERT, UPDATE, DELETE ON case_imports TO PUBLIC;
