-- Pipelines, their stages, contacts, opportunities, followers, the opportunity change log
-- and system notes. Money is in integer minor units; times are Unix milliseconds; dates
-- are 'YYYY-MM-DD' text (sorts and compares as dates on both engines).
ALTER TABLE workspace ADD COLUMN allow_multiple_opportunities_per_contact INTEGER NOT NULL DEFAULT 0;

CREATE TABLE pipelines (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE TABLE stages (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    pipeline_id INTEGER NOT NULL REFERENCES pipelines (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('open', 'won', 'lost')),
    position INTEGER NOT NULL,
    probability INTEGER NOT NULL CHECK (probability BETWEEN 0 AND 100)
);
CREATE INDEX stages_pipeline ON stages (pipeline_id, position);

CREATE TABLE contacts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL,
    email TEXT,
    phone TEXT,
    owner_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX contacts_name ON contacts (name);
CREATE INDEX contacts_email ON contacts (email);

CREATE TABLE opportunities (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL,
    value_minor BIGINT NOT NULL DEFAULT 0,
    pipeline_id INTEGER REFERENCES pipelines (id),
    stage_id INTEGER REFERENCES stages (id),
    status TEXT NOT NULL CHECK (status IN ('open', 'won', 'lost', 'abandoned')),
    -- The open stage a closed deal came from, so reopening returns there.
    stage_before_close INTEGER REFERENCES stages (id) ON DELETE SET NULL,
    -- When the deal entered its stage: the time of its latest created/stage_changed event.
    stage_entered_at BIGINT NOT NULL,
    source TEXT,
    expected_close_date TEXT,
    owner_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
    lost_reason TEXT,
    external_id TEXT,
    custom_fields TEXT NOT NULL DEFAULT '{}',
    version BIGINT NOT NULL DEFAULT 1,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    CHECK ((pipeline_id IS NULL) = (stage_id IS NULL))
);
CREATE UNIQUE INDEX opportunities_external_id ON opportunities (external_id);
-- The board reads only these two indexes: a column's page in order, and every column's
-- totals. They carry the filterable fields so filters are checked in the index, without
-- a lookup per deal (100,000 lookups cost ten times a scan of the index).
CREATE INDEX opportunities_column ON opportunities (stage_id, stage_entered_at, id, status, value_minor, owner_id, expected_close_date, name);
CREATE INDEX opportunities_totals ON opportunities (pipeline_id, stage_id, status, value_minor, owner_id, expected_close_date, name);
CREATE INDEX opportunities_owner ON opportunities (owner_id);
CREATE INDEX opportunities_close_date ON opportunities (expected_close_date);

CREATE TABLE opportunity_followers (
    opportunity_id INTEGER NOT NULL REFERENCES opportunities (id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    PRIMARY KEY (opportunity_id, user_id)
);
CREATE INDEX opportunity_followers_user ON opportunity_followers (user_id, opportunity_id);

CREATE TABLE opportunity_contacts (
    opportunity_id INTEGER NOT NULL REFERENCES opportunities (id) ON DELETE CASCADE,
    contact_id INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    is_primary INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (opportunity_id, contact_id)
);
CREATE UNIQUE INDEX opportunity_contacts_primary ON opportunity_contacts (opportunity_id) WHERE is_primary = 1;
CREATE INDEX opportunity_contacts_contact ON opportunity_contacts (contact_id, opportunity_id);

-- The change log: one row per change to an opportunity, written in the same transaction.
-- No foreign key to opportunities: the log outlives a deleted deal.
CREATE TABLE opportunity_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    opportunity_id BIGINT NOT NULL,
    at BIGINT NOT NULL,
    actor_kind TEXT NOT NULL CHECK (actor_kind IN ('user', 'import', 'api_key', 'workflow', 'system')),
    actor_id BIGINT,
    actor_step BIGINT,
    kind TEXT NOT NULL CHECK (kind IN ('created', 'stage_changed', 'status_changed', 'field_changed', 'owner_changed', 'followers_changed', 'deleted')),
    field TEXT,
    before_value TEXT,
    after_value TEXT
);
CREATE INDEX opportunity_events_opportunity ON opportunity_events (opportunity_id, id);

-- Timeline entries. For now the system notes Won, Lost and Reopened.
CREATE TABLE activities (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    opportunity_id INTEGER REFERENCES opportunities (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    body TEXT NOT NULL,
    actor_kind TEXT NOT NULL,
    actor_id BIGINT,
    actor_step BIGINT,
    created_at BIGINT NOT NULL
);
CREATE INDEX activities_opportunity ON activities (opportunity_id, created_at);
