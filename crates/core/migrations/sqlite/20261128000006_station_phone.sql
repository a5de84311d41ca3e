-- The station's own phone number (服务站电话): printed on receipts, reply letters and
-- event notices as the number residents call, and on a meeting notice that names none.
ALTER TABLE stations ADD COLUMN phone TEXT CHECK (phone IS NULL OR length(phone) BETWEEN 1 AND 20);
