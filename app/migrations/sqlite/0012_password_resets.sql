-- Each time someone set a new temporary password for an account: for whom, by which
-- admin (NULL when an operator did it with `dealflow reset-password`), and when.
CREATE TABLE password_resets (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    reset_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    reset_at BIGINT NOT NULL
);
CREATE INDEX password_resets_user ON password_resets (user_id, id);
