-- An event's partner organisations from the parties directory, by id (a JSON array, like
-- staff_ids). `partners` keeps their names as printed, and on events saved before this
-- the free text typed then, still shown as it was. The events table's row-level security
-- covers the new column; the move from a station's file maps its ids (spec.rs).
ALTER TABLE events ADD COLUMN partner_ids text NOT NULL DEFAULT '[]';
