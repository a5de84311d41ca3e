-- The register's totals (case_counts), the rates' day sums (case_day_stats) and the
-- days-to-办结 histogram (case_resolve_times) are now kept by the core: the model
-- computes what each change adds (stationdesk_model::stats) and the store writes it in
-- the same transaction as the change. The triggers that did the same in SQLite's
-- dialect (China days as date(x, '+8 hours'), the rules of each figure) go; the tables
-- and their contents stay, since the triggers kept them exact up to this migration.
DROP TRIGGER IF EXISTS case_counts_insert;
DROP TRIGGER IF EXISTS case_counts_delete;
DROP TRIGGER IF EXISTS case_counts_update;
DROP TRIGGER IF EXISTS case_day_stats_insert;
DROP TRIGGER IF EXISTS case_day_stats_update;
DROP TRIGGER IF EXISTS case_day_stats_delete;
