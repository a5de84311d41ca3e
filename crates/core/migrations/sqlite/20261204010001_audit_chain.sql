-- The audit log's hash chain, per station (crates/model/src/audit/chain.rs): each row
-- written from now on carries its place in the station's chain, the previous row's hash
-- and its own. Rows written before this upgrade keep no hash (the triggers refuse an
-- UPDATE, and a back-fill would have to lift them): they are counted, not checked.
-- One row per place: two writers can never fork a station's chain.
ALTER TABLE audit_log ADD COLUMN chain_seq INTEGER;
ALTER TABLE audit_log ADD COLUMN prev_hash TEXT;
ALTER TABLE audit_log ADD COLUMN hash TEXT;
CREATE UNIQUE INDEX audit_chain ON audit_log (station_id, chain_seq);
CREATE INDEX audit_by_station ON audit_log (station_id, id);

-- Where each station's last check ended, so a start-up check reads only the rows since;
-- a chain that ends before it lost rows at its end.
CREATE TABLE audit_checkpoints (
    station_id  INTEGER PRIMARY KEY,
    last_id     INTEGER NOT NULL,
    chain_seq   INTEGER NOT NULL,
    hash        TEXT NOT NULL,
    checked_at  TEXT NOT NULL
);
