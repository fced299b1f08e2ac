-- Deal records beyond the deal itself: companies, fuller contacts, deals linked to
-- companies, activities of every kind, files (content stored once, named by its SHA-256),
-- and custom field definitions. `contacts.name` stays the full name ("first last").
CREATE TABLE companies (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL,
    domain TEXT,
    phone TEXT,
    address TEXT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX companies_name ON companies (name);

ALTER TABLE contacts ADD COLUMN first_name TEXT NOT NULL DEFAULT '';
ALTER TABLE contacts ADD COLUMN last_name TEXT NOT NULL DEFAULT '';
ALTER TABLE contacts ADD COLUMN company_id INTEGER REFERENCES companies (id) ON DELETE SET NULL;
ALTER TABLE contacts ADD COLUMN source TEXT;
ALTER TABLE contacts ADD COLUMN tags TEXT NOT NULL DEFAULT '';
ALTER TABLE contacts ADD COLUMN custom_fields TEXT NOT NULL DEFAULT '{}';
UPDATE contacts SET
    first_name = CASE WHEN instr(name, ' ') > 0 THEN substr(name, 1, instr(name, ' ') - 1) ELSE name END,
    last_name = CASE WHEN instr(name, ' ') > 0 THEN substr(name, instr(name, ' ') + 1) ELSE '' END;
CREATE INDEX contacts_company ON contacts (company_id);
CREATE INDEX contacts_created ON contacts (created_at, id);

CREATE TABLE opportunity_companies (
    opportunity_id INTEGER NOT NULL REFERENCES opportunities (id) ON DELETE CASCADE,
    company_id INTEGER NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    PRIMARY KEY (opportunity_id, company_id)
);
CREATE INDEX opportunity_companies_company ON opportunity_companies (company_id, opportunity_id);

-- An activity belongs to a deal, a contact or a company. Tasks, calls and meetings keep
-- their own fields; `body` is the note, the task, or the call's or meeting's notes.
ALTER TABLE activities ADD COLUMN contact_id INTEGER REFERENCES contacts (id) ON DELETE CASCADE;
ALTER TABLE activities ADD COLUMN company_id INTEGER REFERENCES companies (id) ON DELETE CASCADE;
ALTER TABLE activities ADD COLUMN title TEXT;
ALTER TABLE activities ADD COLUMN due_date TEXT;
ALTER TABLE activities ADD COLUMN assignee_id INTEGER REFERENCES users (id) ON DELETE SET NULL;
ALTER TABLE activities ADD COLUMN done INTEGER NOT NULL DEFAULT 0;
ALTER TABLE activities ADD COLUMN outcome TEXT;
ALTER TABLE activities ADD COLUMN duration_minutes INTEGER;
ALTER TABLE activities ADD COLUMN starts_at TEXT;
ALTER TABLE activities ADD COLUMN ends_at TEXT;
ALTER TABLE activities ADD COLUMN meeting_status TEXT;
CREATE INDEX activities_contact ON activities (contact_id, created_at);
CREATE INDEX activities_company ON activities (company_id, created_at);

CREATE TABLE file_contents (
    sha256 TEXT PRIMARY KEY,
    bytes BLOB NOT NULL
);
CREATE TABLE opportunity_files (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    opportunity_id INTEGER NOT NULL REFERENCES opportunities (id) ON DELETE CASCADE,
    file_name TEXT NOT NULL,
    kind TEXT NOT NULL,
    size BIGINT NOT NULL,
    sha256 TEXT NOT NULL REFERENCES file_contents (sha256),
    -- JSON array of the extracted key sentences; NULL when the file has no text.
    summary TEXT,
    uploaded_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX opportunity_files_opportunity ON opportunity_files (opportunity_id, id);
CREATE INDEX opportunity_files_content ON opportunity_files (sha256);

CREATE TABLE custom_fields (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    entity TEXT NOT NULL CHECK (entity IN ('opportunity', 'contact')),
    key TEXT NOT NULL,
    label TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('text', 'number', 'money', 'date', 'single_select', 'multi_select', 'checkbox')),
    options TEXT NOT NULL DEFAULT '[]',
    position INTEGER NOT NULL,
    UNIQUE (entity, key)
);
