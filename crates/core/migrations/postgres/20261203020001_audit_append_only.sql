-- The audit log only grows. Station and street-office logins had UPDATE and DELETE on it
-- (granted to PUBLIC with every table, row-level security limiting them to their own
-- station): both are taken away, with TRUNCATE, and so are the policies that allowed
-- them. The district administrator's login owns the tables, and the owner's privileges
-- cannot be revoked: triggers refuse an update, delete or truncate from any login,
-- the owner's included (only an owner who first disables them deliberately gets past).
-- Nothing of ours updates or deletes an audit row: the move to the server inserts, in
-- one transaction that an interruption rolls back.
REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM PUBLIC;
DROP POLICY IF EXISTS station_updates ON audit_log;
DROP POLICY IF EXISTS station_deletes ON audit_log;

CREATE FUNCTION sd_audit_append_only() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    RAISE EXCEPTION '操作记录只能追加，不能修改或删除' USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION sd_audit_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION sd_audit_append_only();
