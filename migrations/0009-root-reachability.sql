-- A root whose folder could not be read at its last scan (drive not mounted: the mount point is
-- missing or empty; no permission; I/O error). Its files keep their locations while it is
-- unreachable: a folder that cannot be read says nothing about what it holds.
ALTER TABLE roots ADD COLUMN unreachable_since TEXT;
ALTER TABLE roots ADD COLUMN unreachable_reason TEXT;
