-- The needs-attention list's second part, cases 办结 and waiting for the call-back, oldest
-- 办结 first: read in order from this index instead of sorting every such case's row
-- (5 450 of 100 000 demo cases: 2.1 ms of the list's 15–19 ms).
CREATE INDEX cases_awaiting_call ON cases (station_id, resolved_at, id) WHERE status = 'resolved';
