-- 操作记录 (issue 12): the station's audit log newest first and by period.
CREATE INDEX audit_by_station_time ON audit_log (station_id, at, id);
