-- The change-log events an import's undo wrote carry that import's id, so undoing an
-- earlier import can tell them (and the undone import's own events) from real changes.
ALTER TABLE opportunity_events ADD COLUMN undoes_import BIGINT;
