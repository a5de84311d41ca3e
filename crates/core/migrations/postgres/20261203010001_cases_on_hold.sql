-- Cases on hold, with what the rates need to judge each by the hold rule (超期 when the
-- deadline had passed before the hold), read from the index alone: a year of a district's
-- holds was 28 583 scattered heap rows (125 ms for the street office's dashboard), 12 ms
-- from this index. Only changes of status to or from 暂缓 write to it.
CREATE INDEX cases_on_hold ON cases (station_id, received_at)
    INCLUDE (category_id, assignee_id, resolve_due_at, held_since)
    WHERE status = 'on_hold';
