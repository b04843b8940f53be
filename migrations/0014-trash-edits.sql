-- Trash (issue 12). A trashed photo leaves every library view; it is kept (with its faces, albums
-- and marks) until restored or emptied. NULL: not in the trash.
ALTER TABLE assets ADD COLUMN trashed_at TEXT;
