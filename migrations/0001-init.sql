-- Library folders the user chose; watched and rescanned.
CREATE TABLE roots (
  id INTEGER PRIMARY KEY,
  path TEXT NOT NULL UNIQUE,
  added_at TEXT NOT NULL
);

-- One row per distinct content (SHA-256). Moving or copying a file never creates a second asset.
CREATE TABLE assets (
  id INTEGER PRIMARY KEY,
  sha256 TEXT NOT NULL UNIQUE,
  state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'ready', 'error')),
  file_size INTEGER,
  mime TEXT,
  width INTEGER,
  height INTEGER,
  orientation INTEGER,
  taken_at TEXT,
  -- Wall-clock time of the shot (or of the file's mtime when EXIF has no date) read as if it were
  -- UTC: photos sort and group by the local time they were taken, as people remember them.
  sort_ms INTEGER NOT NULL DEFAULT 0,
  month TEXT NOT NULL DEFAULT 'undated',
  make TEXT,
  model TEXT,
  lens TEXT,
  exposure_time REAL,
  f_number REAL,
  iso INTEGER,
  focal_length REAL,
  lat REAL,
  lon REAL,
  alt REAL,
  phash TEXT,
  has_thumb INTEGER NOT NULL DEFAULT 0,
  error_code TEXT,
  error TEXT,
  -- Set when the last file of this asset disappeared. The asset is hidden but kept, so that a file
  -- moved or renamed (unlink, then add elsewhere) finds its asset id and everything attached to it.
  missing_since TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
-- The timeline reads these partial indexes only (no state index, which the planner would prefer
-- without statistics and which would sort 100k rows per page).
CREATE INDEX assets_timeline ON assets (sort_ms DESC, id DESC) WHERE state = 'ready' AND missing_since IS NULL;
CREATE INDEX assets_timeline_month ON assets (month) WHERE state = 'ready' AND missing_since IS NULL;
CREATE INDEX assets_pending ON assets (id) WHERE state = 'pending';
CREATE INDEX assets_broken ON assets (id) WHERE state = 'error';

-- Where an asset's bytes live on disk: one row per file path.
CREATE TABLE locations (
  id INTEGER PRIMARY KEY,
  path TEXT NOT NULL UNIQUE,
  root_id INTEGER NOT NULL REFERENCES roots (id) ON DELETE CASCADE,
  asset_id INTEGER REFERENCES assets (id) ON DELETE SET NULL,
  size INTEGER NOT NULL,
  mtime_ms INTEGER NOT NULL,
  seen_at TEXT NOT NULL
);
CREATE INDEX locations_asset ON locations (asset_id);
CREATE INDEX locations_root ON locations (root_id);

-- The durable task queue.
CREATE TABLE tasks (
  id INTEGER PRIMARY KEY,
  type TEXT NOT NULL,
  payload TEXT NOT NULL,
  -- At most one live task per key, so rescans and watcher bursts never queue the same work twice.
  dedupe_key TEXT,
  state TEXT NOT NULL DEFAULT 'pending'
    CHECK (state IN ('pending', 'running', 'done', 'failed', 'dead', 'cancelled')),
  priority INTEGER NOT NULL DEFAULT 0,
  attempts INTEGER NOT NULL DEFAULT 0,
  max_attempts INTEGER NOT NULL DEFAULT 5,
  run_at INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  started_at INTEGER,
  finished_at INTEGER,
  duration_ms INTEGER,
  error_code TEXT,
  error_message TEXT,
  progress REAL
);
CREATE UNIQUE INDEX tasks_live_dedupe ON tasks (dedupe_key) WHERE state IN ('pending', 'running', 'failed');
CREATE INDEX tasks_claim ON tasks (state, priority DESC, run_at, id);
CREATE INDEX tasks_type_done ON tasks (type, state, finished_at);
