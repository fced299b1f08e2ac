-- Who last edited each workflow (saved its draft, published, deactivated or restored a
-- version), for the Automation list. Workflows edited before this read as their creator's.
ALTER TABLE workflows ADD COLUMN updated_by BIGINT REFERENCES users (id) ON DELETE SET NULL;
UPDATE workflows SET updated_by = created_by;

-- The Automation list counts each workflow's runs of the last 7 days from this.
CREATE INDEX workflow_runs_started ON workflow_runs (workflow_id, started_at, status);
