-- An import stopped by a passing error (a busy or unreachable database) may be resumed
-- from its last committed chunk; one stopped by anything else may not.
ALTER TABLE imports ADD COLUMN resumable INTEGER NOT NULL DEFAULT 0;
