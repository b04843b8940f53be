-- Albums (issue 12): albums, nested album folders, and the photos of each album in the user's order.
-- Deleting an album never touches its photos; deleting a photo for good (purge) takes it out of
-- every album.

-- A folder of albums; folders nest (parent_id). A folder is only deleted once emptied (its albums
-- and folders moved up), hence no cascade.
CREATE TABLE album_folders (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL,
  parent_id INTEGER REFERENCES album_folders (id),
  created_at TEXT NOT NULL
);
CREATE INDEX album_folders_parent ON album_folders (parent_id);

-- AUTOINCREMENT: an undone delete recreates the album under its old id, which a newer album must
-- never have taken meanwhile.
CREATE TABLE albums (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  folder_id INTEGER REFERENCES album_folders (id),
  -- The chosen cover; NULL (or a photo no longer shown) means the first photo.
  cover_asset_id INTEGER REFERENCES assets (id) ON DELETE SET NULL,
  -- An album made from a library folder: the folder's path. With synced = 1 its photos are those
  -- under the folder at every read (new imports appear, moved-away files leave); album_assets
  -- then holds only the user's order. With synced = 0 it took the photos there at creation.
  source_path TEXT,
  synced INTEGER NOT NULL DEFAULT 0 CHECK (synced IN (0, 1)),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  CHECK (synced = 0 OR source_path IS NOT NULL)
);
CREATE INDEX albums_folder ON albums (folder_id);

-- The photos of an album and their manual order (position ascending; ties by date taken).
CREATE TABLE album_assets (
  album_id INTEGER NOT NULL REFERENCES albums (id) ON DELETE CASCADE,
  asset_id INTEGER NOT NULL REFERENCES assets (id) ON DELETE CASCADE,
  position REAL NOT NULL,
  added_at TEXT NOT NULL,
  PRIMARY KEY (album_id, asset_id)
) WITHOUT ROWID;
CREATE INDEX album_assets_order ON album_assets (album_id, position);
-- "In albums" of one photo.
CREATE INDEX album_assets_asset ON album_assets (asset_id);
