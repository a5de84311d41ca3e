-- Cases on hold, with what the rates need to judge each by the hold rule (超期 when the
-- deadline had passed before the hold), read from the index alone (status is in it so
-- SQLite sees the index as covering) instead of one table row each: 4 ms → 1 ms for a
-- year of 1 429 holds. Only changes of status to or from 暂缓 write to it.
CREATE INDEX cases_on_hold ON cases (station_id, received_at, category_id, assignee_id, resolve_due_at, held_since, status)
    WHERE status = 'on_hold';
