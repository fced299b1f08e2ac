-- When each published workflow went live (published from a draft or from deactivated):
-- a change made before then does not enroll records in it, even when the engine matches
-- the change later (it may lag behind an import). Publishing a new version keeps the
-- time; deactivating clears it. Workflows already published match everything pending.
ALTER TABLE workflows ADD COLUMN live_since BIGINT;
UPDATE workflows SET live_since = 0 WHERE state = 'published';
