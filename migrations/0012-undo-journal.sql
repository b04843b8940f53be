-- The undo journal of curation (favourite, rating, hidden, albums, trash, edits, duplicate
-- resolution). Each batch action is one step: what the toast says, and the inverse operations that
-- put back what the step changed, written in the same transaction as the change itself. The
-- journal is kept in the catalog so an undo still works after the app restarts.
CREATE TABLE undo_steps (
  id INTEGER PRIMARY KEY,
  label TEXT NOT NULL,
  -- JSON array of {"kind": string, "payload": any}, applied last to first by an undo.
  inverse TEXT NOT NULL,
  created_at TEXT NOT NULL
);
