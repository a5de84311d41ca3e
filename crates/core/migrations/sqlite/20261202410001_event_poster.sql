-- What an event's printed notice (the poster) says beyond its time and place: who it is
-- for (面向对象), what to bring (请携带) and the sign-up or contact link of its QR code; and
-- the station's default link for posters of events that name none (二维码链接).
ALTER TABLE events ADD COLUMN audience TEXT;
ALTER TABLE events ADD COLUMN bring TEXT;
ALTER TABLE events ADD COLUMN link TEXT;
ALTER TABLE stations ADD COLUMN poster_link TEXT;
