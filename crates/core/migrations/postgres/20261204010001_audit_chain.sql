-- The audit log's hash chain, per station (crates/model/src/audit/chain.rs): each row
-- written from now on carries its place in the station's chain, the previous row's hash
-- and its own. Rows written before this upgrade keep no hash (UPDATE is refused to every
-- login and by the triggers): they are counted, not checked. Adding nullable columns
-- rewrites no row. One row per place: two writers can never fork a station's chain.
ALTER TABLE audit_log ADD COLUMN chain_seq bigint;
ALTER TABLE audit_log ADD COLUMN prev_hash text;
ALTER TABLE audit_log ADD COLUMN hash text;
CREATE UNIQUE INDEX audit_chain ON audit_log (station_id, chain_seq);
CREATE INDEX audit_by_station ON audit_log (station_id, id);

-- Where each station's last check ended, so a start-up check reads only the rows since;
-- a chain that ends before it lost rows at its end.
CREATE TABLE audit_checkpoints (
    station_id  bigint PRIMARY KEY REFERENCES stations (id),
    last_id     bigint NOT NULL,
    chain_seq   bigint NOT NULL,
    hash        text NOT NULL,
    checked_at  timestamptz NOT NULL
);

ALTER TABLE audit_checkpoints ENABLE ROW LEVEL SECURITY;
CREATE POLICY station_reads ON audit_checkpoints FOR SELECT
    USING (station_id = (SELECT sd_station()) OR (SELECT sd_district()));
CREATE POLICY station_writes ON audit_checkpoints FOR INSERT WITH CHECK (station_id = (SELECT sd_station()));
CREATE POLICY station_updates ON audit_checkpoints FOR UPDATE
    USING (station_id = (SELECT sd_station())) WITH CHECK (station_id = (SELECT sd_station()));
GRANT SELECT, INSERT, UPDATE ON audit_checkpoints TO PUBLIC;
