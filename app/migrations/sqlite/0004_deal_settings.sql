-- Opportunity settings: the lost reasons offered when a deal is lost (starting with the
-- common ones), and whether a deal's owner is also set on its primary contact.
ALTER TABLE workspace ADD COLUMN sync_contact_owner INTEGER NOT NULL DEFAULT 0;

CREATE TABLE lost_reasons (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL,
    position INTEGER NOT NULL
);
INSERT INTO lost_reasons (name, position) VALUES
    ('Price too high', 1),
    ('Went with a competitor', 2),
    ('No budget', 3),
    ('No decision made', 4),
    ('Bad timing', 5),
    ('Stopped responding', 6);
