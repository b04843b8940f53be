-- People: faces found in photos, grouped into persons by clustering and by the user's edits.
CREATE TABLE persons (
  id INTEGER PRIMARY KEY,
  name TEXT,
  hidden INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE faces (
  id INTEGER PRIMARY KEY,
  asset_id INTEGER NOT NULL REFERENCES assets (id) ON DELETE CASCADE,
  person_id INTEGER REFERENCES persons (id) ON DELETE SET NULL,
  -- Box in fractions of the oriented photo.
  x REAL NOT NULL,
  y REAL NOT NULL,
  w REAL NOT NULL,
  h REAL NOT NULL,
  landmarks TEXT NOT NULL,
  score REAL NOT NULL,
  -- Quality: face size in pixels, sharpness (variance of Laplacian), yaw estimate.
  size REAL NOT NULL,
  blur REAL NOT NULL,
  yaw REAL NOT NULL,
  embedding BLOB NOT NULL,
  model_id TEXT NOT NULL,
  device TEXT,
  -- Assigned or confirmed by the user: every recluster keeps it.
  pinned INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL
);
CREATE INDEX faces_asset ON faces (asset_id);
CREATE INDEX faces_person ON faces (person_id);

-- "Not this person": the face never goes back to that person.
CREATE TABLE face_rejections (
  face_id INTEGER NOT NULL REFERENCES faces (id) ON DELETE CASCADE,
  person_id INTEGER NOT NULL REFERENCES persons (id) ON DELETE CASCADE,
  PRIMARY KEY (face_id, person_id)
) WITHOUT ROWID;

-- The last person edits, as snapshots of what they changed, for undo.
CREATE TABLE people_undo (
  id INTEGER PRIMARY KEY,
  label TEXT NOT NULL,
  snapshot TEXT NOT NULL,
  created_at TEXT NOT NULL
);
