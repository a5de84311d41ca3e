-- The key an intake form sent with a new case (made when the form opened). A save sent
-- again with the same key — the answer to the first was lost with the connection — finds
-- the case the first save made instead of making a second.
CREATE TABLE case_requests (
    station_id   bigint NOT NULL REFERENCES stations (id),
    request_key  text NOT NULL CHECK (length(request_key) BETWEEN 8 AND 64),
    case_id      bigint NOT NULL REFERENCES cases (id),
    at           timestamptz NOT NULL,
    PRIMARY KEY (station_id, request_key)
);

ALTER TABLE case_requests ENABLE ROW LEVEL SECURITY;
CREATE POLICY station_reads ON case_requests FOR SELECT
    USING (station_id = (SELECT sd_station()) OR (SELECT sd_district()));
CREATE POLICY station_writes ON case_requests FOR INSERT WITH CHECK (station_id = (SELECT sd_station()));
CREATE POLICY station_deletes ON case_requests FOR DELETE USING (station_id = (SELECT sd_station()));
GRANT SELECT, INSERT, DELETE ON case_requests TO PUBLIC;
