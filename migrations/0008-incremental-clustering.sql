-- Incremental clustering: new faces are placed among the already clustered ones instead of a full
-- recluster after every batch of photos.

-- 0 = not yet seen by clustering (placed by the next incremental pass).
ALTER TABLE faces ADD COLUMN clustered INTEGER NOT NULL DEFAULT 0;
CREATE INDEX faces_unclustered ON faces (id) WHERE clustered = 0;

-- Bumped by every change to who a face belongs to that clustering did not make itself (user edits,
-- deleted faces): the in-memory clustering state is rebuilt when it no longer matches the catalog.
CREATE TABLE people_generation (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  value INTEGER NOT NULL
);
INSERT INTO people_generation (id, value) VALUES (1, 0);

CREATE TRIGGER faces_assignment_changed AFTER UPDATE OF person_id, pinned ON faces
WHEN OLD.person_id IS NOT NEW.person_id OR OLD.pinned <> NEW.pinned
BEGIN
  UPDATE people_generation SET value = value + 1 WHERE id = 1;
END;

CREATE TRIGGER faces_deleted AFTER DELETE ON faces
BEGIN
  UPDATE people_generation SET value = value + 1 WHERE id = 1;
END;

CREATE TRIGGER face_rejections_added AFTER INSERT ON face_rejections
BEGIN
  UPDATE people_generation SET value = value + 1 WHERE id = 1;
END;

CREATE TRIGGER face_rejections_removed AFTER DELETE ON face_rejections
BEGIN
  UPDATE people_generation SET value = value + 1 WHERE id = 1;
END;

-- Faces of an older catalog went through full clustering passes; one more full pass (queued here,
-- run by the task queue) places any that arrived after the last one.
UPDATE faces SET clustered = 1;
INSERT INTO tasks (type, payload, dedupe_key, priority, run_at, created_at)
SELECT 'people.recluster', '{}', 'people.recluster', -10, CAST(unixepoch('subsec') * 1000 AS INTEGER), CAST(unixepoch('subsec') * 1000 AS INTEGER)
WHERE EXISTS (SELECT 1 FROM faces)
  AND NOT EXISTS (SELECT 1 FROM tasks WHERE dedupe_key = 'people.recluster' AND state IN ('pending', 'running', 'failed'));
