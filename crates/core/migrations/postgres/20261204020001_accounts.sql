-- Staff accounts (issue 12), as the SQLite migration of the same name: login, role and
-- disabled flag on staff; the argon2id hash and the failed-login count in
-- staff_credentials. Row-level security as on every station table, except that a
-- district (街道) login does not read credentials: a station's hashes are its own.
ALTER TABLE staff ADD COLUMN login text;
ALTER TABLE staff ADD COLUMN role text NOT NULL DEFAULT 'staff'
    CHECK (role IN ('head', 'staff', 'volunteer', 'read_only'));
ALTER TABLE staff ADD COLUMN disabled boolean NOT NULL DEFAULT FALSE;
UPDATE staff SET login = name;
UPDATE staff SET role = 'head' WHERE id IN (SELECT min(id) FROM staff GROUP BY station_id);
CREATE UNIQUE INDEX staff_by_login ON staff (station_id, login);

CREATE TABLE staff_credentials (
    staff_id       bigint PRIMARY KEY REFERENCES staff (id),
    station_id     bigint NOT NULL REFERENCES stations (id),
    password_hash  text NOT NULL,
    failed_logins  bigint NOT NULL DEFAULT 0,
    locked_until   timestamptz,
    changed_at     timestamptz NOT NULL
);

ALTER TABLE staff_credentials ENABLE ROW LEVEL SECURITY;
CREATE POLICY station_reads ON staff_credentials FOR SELECT USING (station_id = (SELECT sd_station()));
CREATE POLICY station_writes ON staff_credentials FOR INSERT WITH CHECK (station_id = (SELECT sd_station()));
CREATE POLICY station_updates ON staff_credentials FOR UPDATE
    USING (station_id = (SELECT sd_station())) WITH CHECK (station_id = (SELECT sd_station()));
CREATE POLICY station_deletes ON staff_credentials FOR DELETE USING (station_id = (SELECT sd_station()));
GRANT SELECT, INSERT, UPDATE, DELETE ON staff_credentials TO PUBLIC;
