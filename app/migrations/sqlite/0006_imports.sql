-- CSV imports: each upload and what became of it, the deal each applied row created or
-- updated (for resuming without applying a row twice, and for undo), and the reason each
-- failing row failed. Contacts gain an external ID so imports can find them by it, and
-- case-blind indexes for finding contacts and companies by email, name or domain.
ALTER TABLE contacts ADD COLUMN external_id TEXT;
CREATE UNIQUE INDEX contacts_external_id ON contacts (external_id);
CREATE INDEX contacts_email_lower ON contacts (lower(email));
CREATE INDEX contacts_name_lower ON contacts (lower(name));
CREATE INDEX companies_name_lower ON companies (lower(name));
CREATE INDEX companies_domain_lower ON companies (lower(domain));

CREATE TABLE imports (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    created_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL,
    file_name TEXT NOT NULL,
    file_size BIGINT NOT NULL,
    -- The file's shape as read at upload (encoding, delimiter) and its headings and first rows (JSON).
    encoding TEXT NOT NULL,
    delimiter TEXT NOT NULL,
    headers TEXT NOT NULL,
    samples TEXT NOT NULL,
    total_rows BIGINT NOT NULL,
    mapping TEXT,
    options TEXT,
    review TEXT,
    state TEXT NOT NULL CHECK (state IN ('uploaded', 'reviewed', 'running', 'cancelling', 'cancelled', 'done', 'failed', 'undone')),
    -- Rows read so far: every row up to here is applied, skipped or failed, in one
    -- transaction with the rows it applied; a resumed job starts after it.
    rows_done BIGINT NOT NULL DEFAULT 0,
    created BIGINT NOT NULL DEFAULT 0,
    updated BIGINT NOT NULL DEFAULT 0,
    skipped BIGINT NOT NULL DEFAULT 0,
    failed BIGINT NOT NULL DEFAULT 0,
    -- When this run of the job began and how many rows were done then (for rows/second).
    run_started_at BIGINT,
    run_started_rows BIGINT NOT NULL DEFAULT 0,
    finished_at BIGINT,
    error TEXT,
    undo TEXT
);
CREATE INDEX imports_state ON imports (state);

-- Written a chunk at a time with the deals: no foreign key to imports, so no row pays
-- for a lookup of its import (imports are never deleted).
CREATE TABLE import_rows (
    import_id BIGINT NOT NULL,
    row_number BIGINT NOT NULL,
    opportunity_id BIGINT NOT NULL,
    action TEXT NOT NULL CHECK (action IN ('created', 'updated')),
    PRIMARY KEY (import_id, row_number)
);
CREATE INDEX import_rows_opportunity ON import_rows (opportunity_id);

CREATE TABLE import_failures (
    import_id BIGINT NOT NULL,
    row_number BIGINT NOT NULL,
    reason TEXT NOT NULL,
    PRIMARY KEY (import_id, row_number)
);
