-- Trash (issue 12). A trashed photo leaves every library view; it is kept (with its faces, albums
-- and marks) until restored or emptied. NULL: not in the trash.
ALTER TABLE assets ADD COLUMN trashed_at TEXT;

-- Emptying the trash (or the 30-day expiry) removes a photo from the catalog but leaves its file on
-- disk, under a library folder, where the next scan would import it again. So what is removed stays
-- as a tombstone: the asset row is deleted (faces, tags, vectors, albums, text go with it through
-- their ON DELETE CASCADE) and put back bare, same id and sha256, with state 'error',
-- error_code 'removed' and trashed_at kept. Its locations point at it again, so a scan sees the
-- files as known (no re-hash, no task); a copy of the same content elsewhere finds the tombstone by
-- sha256 and is not imported either. Every view already leaves it out (trashed_at, state). A
-- tombstone whose files are all gone is purged like any missing asset.

-- Edits (issue 12): the user's date, place and description, kept in the catalog beside what the file
-- says (the file is never written). taken_at, sort_ms, month, lat, lon and the place names hold the
-- values in effect (edited or not), so the timeline, search and its filters use them as they are;
-- the first edit copies what the file said into original_* and sets the *_edited flag.
ALTER TABLE assets ADD COLUMN description TEXT;
ALTER TABLE assets ADD COLUMN date_edited INTEGER NOT NULL DEFAULT 0 CHECK (date_edited IN (0, 1));
ALTER TABLE assets ADD COLUMN original_taken_at TEXT;
ALTER TABLE assets ADD COLUMN original_sort_ms INTEGER;
ALTER TABLE assets ADD COLUMN place_edited INTEGER NOT NULL DEFAULT 0 CHECK (place_edited IN (0, 1));
ALTER TABLE assets ADD COLUMN original_lat REAL;
ALTER TABLE assets ADD COLUMN original_lon REAL;
-- The user's name for the place ("Grandma's garden"); a search word of the photo.
ALTER TABLE assets ADD COLUMN place_label TEXT;

-- The timeline's partial indexes leave trashed photos out, as every listing does.
DROP INDEX assets_timeline;
CREATE INDEX assets_timeline ON assets (sort_ms DESC, id DESC, hidden)
  WHERE state = 'ready' AND missing_since IS NULL AND trashed_at IS NULL;
DROP INDEX assets_timeline_month;
CREATE INDEX assets_timeline_month ON assets (month, hidden)
  WHERE state = 'ready' AND missing_since IS NULL AND trashed_at IS NULL;
-- The Trash screen, newest trashed first; the expiry at start seeks the oldest.
CREATE INDEX assets_trash ON assets (trashed_at, id) WHERE trashed_at IS NOT NULL;

-- The description is searchable: FTS5 tables cannot gain a column, so the text table is made again
-- with one more and its rows copied (a plain FTS5 table stores its text).
CREATE VIRTUAL TABLE asset_text_next USING fts5 (
  path, camera, dates, tags, places, ocr, people, description,
  tokenize = 'unicode61 remove_diacritics 2',
  prefix = '2 3'
);
INSERT INTO asset_text_next (rowid, path, camera, dates, tags, places, ocr, people, description)
  SELECT rowid, path, camera, dates, tags, places, ocr, people, '' FROM asset_text;
DROP TABLE asset_text;
ALTER TABLE asset_text_next RENAME TO asset_text;
