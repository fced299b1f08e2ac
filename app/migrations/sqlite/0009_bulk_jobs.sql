-- Bulk actions over more than a page of deals run as background jobs, a batch of deals
-- per transaction. The deals are fixed when the job starts (`deal_ids`, a JSON array);
-- `done` of them are behind it, written in the transaction of their batch, so a job
-- resumed after a restart or a passing error goes on with the next deal and never
-- applies one twice.
CREATE TABLE bulk_jobs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    created_by INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    -- The action as the job applies it (JSON) and as people read it.
    action TEXT NOT NULL,
    label TEXT NOT NULL,
    deal_ids TEXT NOT NULL,
    total BIGINT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('running', 'cancelling', 'cancelled', 'done', 'failed')),
    done BIGINT NOT NULL DEFAULT 0,
    changed BIGINT NOT NULL DEFAULT 0,
    finished_at BIGINT,
    error TEXT,
    resumable INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX bulk_jobs_state ON bulk_jobs (state);
CREATE INDEX bulk_jobs_created_by ON bulk_jobs (created_by, id);
