-- Staff accounts (issue 12): a login name (unique per station), a role, a disabled flag.
-- The password's argon2id hash and the failed-login count live in staff_credentials, a
-- table of their own, so nothing that reads staff (the district's view on the server,
-- a list of assignees) can read a hash.
-- Upgrade: existing staff keep working under their name as login, as 工作人员 without a
-- password; the station's first staff member (the one init made) becomes 站长. An account
-- without a password cannot log in until the 站长 (or the OS-level administrator) sets one.
ALTER TABLE staff ADD COLUMN login TEXT;
ALTER TABLE staff ADD COLUMN role TEXT NOT NULL DEFAULT 'staff'
    CHECK (role IN ('head', 'staff', 'volunteer', 'read_only'));
ALTER TABLE staff ADD COLUMN disabled BOOLEAN NOT NULL DEFAULT FALSE;
UPDATE staff SET login = name;
UPDATE staff SET role = 'head' WHERE id IN (SELECT min(id) FROM staff GROUP BY station_id);
CREATE UNIQUE INDEX staff_by_login ON staff (station_id, login);

CREATE TABLE staff_credentials (
    staff_id       INTEGER PRIMARY KEY REFERENCES staff (id),
    station_id     INTEGER NOT NULL REFERENCES stations (id),
    password_hash  TEXT NOT NULL,
    failed_logins  INTEGER NOT NULL DEFAULT 0,
    locked_until   TEXT,
    changed_at     TEXT NOT NULL
);
