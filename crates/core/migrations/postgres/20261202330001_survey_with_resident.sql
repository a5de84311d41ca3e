-- A survey the resident took part in is a contact with them: it answers the respond
-- clock of a case with a phone (响应率). Earlier surveys keep what they answered.
-- case_surveys already has row-level security through its case (parent_reads/writes).
ALTER TABLE case_surveys ADD COLUMN with_resident boolean NOT NULL DEFAULT FALSE;
