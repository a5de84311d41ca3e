-- The audit log only grows: what was done, by whom and when is never rewritten or removed,
-- by this program or by anyone with a SQLite shell on the file. A restore replaces the
-- whole file; nothing of ours updates or deletes an audit row. (The triggers also keep
-- SQLite from emptying the table with its fast whole-table delete.)
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, '操作记录只能追加，不能修改或删除');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, '操作记录只能追加，不能修改或删除');
END;
