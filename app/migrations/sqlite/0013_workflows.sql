-- Workflows: a draft definition (JSON) and immutable published versions; the index of
-- published triggers the matcher reads; the outbox every change writes in its own
-- transaction; runs, their step log, and who has ever entered which workflow.
ALTER TABLE workspace ADD COLUMN time_zone TEXT NOT NULL DEFAULT 'UTC';
ALTER TABLE workspace ADD COLUMN workflow_depth_limit BIGINT NOT NULL DEFAULT 5;
ALTER TABLE workspace ADD COLUMN workflow_hourly_entries BIGINT NOT NULL DEFAULT 10;
ALTER TABLE workspace ADD COLUMN workflow_log_days BIGINT NOT NULL DEFAULT 90;

CREATE TABLE workflows (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('draft', 'published', 'deactivated')),
    draft TEXT NOT NULL,
    -- Whether the draft differs from the published version.
    draft_changed BIGINT NOT NULL DEFAULT 1,
    published_version BIGINT,
    created_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE TABLE workflow_versions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    workflow_id BIGINT NOT NULL REFERENCES workflows (id) ON DELETE CASCADE,
    number BIGINT NOT NULL,
    definition TEXT NOT NULL,
    published_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    published_at BIGINT NOT NULL,
    UNIQUE (workflow_id, number)
);

-- One row per trigger of each published version: what the matcher looks up by event.
CREATE TABLE workflow_triggers (
    workflow_id BIGINT NOT NULL REFERENCES workflows (id) ON DELETE CASCADE,
    version_id BIGINT NOT NULL REFERENCES workflow_versions (id) ON DELETE CASCADE,
    position BIGINT NOT NULL,
    event TEXT NOT NULL,
    -- An Inbound Webhook trigger's secret token, which its URL carries.
    token TEXT,
    PRIMARY KEY (workflow_id, position)
);
CREATE INDEX workflow_triggers_event ON workflow_triggers (event);
CREATE UNIQUE INDEX workflow_triggers_token ON workflow_triggers (token);

-- Changes waiting to be matched against the published triggers, written in the
-- transaction of the change itself and removed in the transaction that matches them.
CREATE TABLE workflow_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    subject TEXT NOT NULL CHECK (subject IN ('opportunity', 'contact', 'meeting', 'manual', 'inbound', 'stale')),
    subject_id BIGINT NOT NULL,
    kind TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT '{}',
    actor_kind TEXT NOT NULL,
    actor_id BIGINT,
    actor_step BIGINT,
    at BIGINT NOT NULL
);

CREATE TABLE workflow_runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    workflow_id BIGINT NOT NULL REFERENCES workflows (id) ON DELETE CASCADE,
    version_id BIGINT NOT NULL REFERENCES workflow_versions (id) ON DELETE CASCADE,
    -- The record enrolled: an opportunity or a contact.
    record_kind TEXT NOT NULL CHECK (record_kind IN ('opportunity', 'contact')),
    record_id BIGINT NOT NULL,
    trigger_label TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('ready', 'waiting', 'finished', 'failed', 'stopped')),
    -- The key of the step to run next; NULL once nothing is left.
    next_step BIGINT,
    -- The records in context and what earlier steps left for later ones (JSON).
    context TEXT NOT NULL,
    depth BIGINT NOT NULL DEFAULT 1,
    due_at BIGINT NOT NULL,
    attempts BIGINT NOT NULL DEFAULT 0,
    message TEXT,
    started_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    finished_at BIGINT
);
CREATE INDEX workflow_runs_due ON workflow_runs (due_at) WHERE status IN ('ready', 'waiting');
CREATE INDEX workflow_runs_record ON workflow_runs (record_kind, record_id, workflow_id, started_at);
CREATE INDEX workflow_runs_workflow ON workflow_runs (workflow_id, id);
CREATE INDEX workflow_runs_finished ON workflow_runs (finished_at);

CREATE TABLE workflow_run_steps (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    run_id BIGINT NOT NULL REFERENCES workflow_runs (id) ON DELETE CASCADE,
    step_key BIGINT,
    step_name TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('done', 'skipped', 'failed', 'stopped', 'waiting')),
    message TEXT NOT NULL,
    resolved TEXT NOT NULL DEFAULT '{}',
    changes TEXT NOT NULL DEFAULT '[]',
    started_at BIGINT NOT NULL,
    finished_at BIGINT NOT NULL
);
CREATE INDEX workflow_run_steps_run ON workflow_run_steps (run_id, id);

-- Every record that ever entered a workflow (kept after its runs are cleaned up), so
-- that without Allow re-entry it is never enrolled again.
CREATE TABLE workflow_entries (
    workflow_id BIGINT NOT NULL REFERENCES workflows (id) ON DELETE CASCADE,
    record_kind TEXT NOT NULL,
    record_id BIGINT NOT NULL,
    first_at BIGINT NOT NULL,
    PRIMARY KEY (workflow_id, record_kind, record_id)
);

-- Stale Opportunity: the stale period each deal was last enrolled for, per workflow.
CREATE TABLE workflow_stale_marks (
    workflow_id BIGINT NOT NULL REFERENCES workflows (id) ON DELETE CASCADE,
    opportunity_id BIGINT NOT NULL,
    since BIGINT NOT NULL,
    PRIMARY KEY (workflow_id, opportunity_id)
);
