-- The key an intake form sent with a new case (made when the form opened). A save sent
-- again with the same key — the answer to the first was lost with the connection — finds
-- the case the first save made instead of making a second.
CREATE TABLE case_requests (
    station_id   INTEGER NOT NULL REFERENCES stations (id),
    request_key  TEXT NOT NULL CHECK (length(request_key) BETWEEN 8 AND 64),
    case_id      INTEGER NOT NULL REFERENCES cases (id),
    at           TEXT NOT NULL,
    PRIMARY KEY (station_id, request_key)
);
