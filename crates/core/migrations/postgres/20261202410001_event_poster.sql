-- What an event's printed notice (the poster) says beyond its time and place: who it is
-- for (面向对象), what to bring (请携带) and the sign-up or contact link of its QR code; and
-- the station's default link for posters of events that name none (二维码链接). The
-- tables' row-level security covers the new columns; the move from a station's file
-- copies the events' columns as they are and the station's link with its row.
ALTER TABLE events ADD COLUMN audience text;
ALTER TABLE events ADD COLUMN bring text;
ALTER TABLE events ADD COLUMN link text;
ALTER TABLE stations ADD COLUMN poster_link text;
-- A station's login sets its own link as it sets its name and phone.
GRANT UPDATE (poster_link) ON stations TO PUBLIC;
