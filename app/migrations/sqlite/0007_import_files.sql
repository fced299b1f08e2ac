-- Import files: how many days a finished import keeps its uploaded file and its undo
-- (then the file is deleted and the deletion recorded), and for a file that is UTF-8 but
-- for a few bad bytes, the lines they are on until someone chooses how to read it (JSON).
ALTER TABLE workspace ADD COLUMN import_file_days INTEGER NOT NULL DEFAULT 30;
ALTER TABLE imports ADD COLUMN utf8_doubt TEXT;
ALTER TABLE imports ADD COLUMN file_deleted_at BIGINT;
