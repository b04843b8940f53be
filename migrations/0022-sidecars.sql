-- XMP sidecars (issue 14): what other programs said about a photo (keywords, named face regions),
-- read from its sidecar or embedded XMP/IPTC, and which photos' sidecars may no longer say what the
-- catalog does.

-- The user's own tags (keywords), apart from the classifier's asset_tags: a machine tag is a guess
-- with a score, a keyword is what a person wrote. `source` says where it came from.
CREATE TABLE user_tags (
  asset_id INTEGER NOT NULL REFERENCES assets (id) ON DELETE CASCADE,
  tag TEXT NOT NULL,
  source TEXT NOT NULL CHECK (source IN ('sidecar', 'embedded', 'user')),
  PRIMARY KEY (asset_id, tag)
) WITHOUT ROWID;
CREATE INDEX user_tags_tag ON user_tags (tag);

-- Named face regions another program wrote (MWG regions), in fractions of the oriented photo like
-- faces.x/y/w/h. The faces stage runs after import and replaces an asset's faces each time it runs, so
-- a region keeps its name here and is matched again (by box overlap) to whatever faces exist; face_id
-- is the face it named (NULL: no detected face overlaps it, a person with no face in this photo).
CREATE TABLE xmp_regions (
  id INTEGER PRIMARY KEY,
  asset_id INTEGER NOT NULL REFERENCES assets (id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  x REAL NOT NULL,
  y REAL NOT NULL,
  w REAL NOT NULL,
  h REAL NOT NULL,
  person_id INTEGER REFERENCES persons (id) ON DELETE SET NULL,
  face_id INTEGER REFERENCES faces (id) ON DELETE SET NULL,
  source TEXT NOT NULL CHECK (source IN ('sidecar', 'embedded'))
);
CREATE INDEX xmp_regions_asset ON xmp_regions (asset_id);
CREATE INDEX xmp_regions_person ON xmp_regions (person_id);

-- Photos whose sidecar may be out of date. Triggers mark every change of what a sidecar says (marks,
-- edits, names, keywords), whichever code path or undo made it; the sidecar task writes them.
CREATE TABLE sidecar_dirty (
  asset_id INTEGER PRIMARY KEY REFERENCES assets (id) ON DELETE CASCADE
) WITHOUT ROWID;

CREATE TRIGGER sidecar_dirty_asset AFTER UPDATE OF favorite, rating, description, taken_at, lat, lon ON assets
WHEN OLD.favorite IS NOT NEW.favorite OR OLD.rating IS NOT NEW.rating OR OLD.description IS NOT NEW.description
  OR OLD.taken_at IS NOT NEW.taken_at OR OLD.lat IS NOT NEW.lat OR OLD.lon IS NOT NEW.lon
BEGIN
  INSERT OR IGNORE INTO sidecar_dirty (asset_id) VALUES (NEW.id);
END;

CREATE TRIGGER sidecar_dirty_face_update AFTER UPDATE OF person_id, pinned ON faces
WHEN OLD.person_id IS NOT NEW.person_id OR OLD.pinned IS NOT NEW.pinned
BEGIN
  INSERT OR IGNORE INTO sidecar_dirty (asset_id) VALUES (NEW.asset_id);
END;

CREATE TRIGGER sidecar_dirty_face_delete AFTER DELETE ON faces
WHEN OLD.person_id IS NOT NULL
BEGIN
  INSERT OR IGNORE INTO sidecar_dirty (asset_id) SELECT OLD.asset_id WHERE EXISTS (SELECT 1 FROM assets WHERE id = OLD.asset_id);
END;

CREATE TRIGGER sidecar_dirty_person_name AFTER UPDATE OF name ON persons
WHEN OLD.name IS NOT NEW.name
BEGIN
  INSERT OR IGNORE INTO sidecar_dirty (asset_id) SELECT asset_id FROM faces WHERE person_id = NEW.id;
  INSERT OR IGNORE INTO sidecar_dirty (asset_id) SELECT asset_id FROM xmp_regions WHERE person_id = NEW.id;
END;

CREATE TRIGGER sidecar_dirty_tag_insert AFTER INSERT ON user_tags
BEGIN
  INSERT OR IGNORE INTO sidecar_dirty (asset_id) VALUES (NEW.asset_id);
END;

CREATE TRIGGER sidecar_dirty_tag_delete AFTER DELETE ON user_tags
BEGIN
  INSERT OR IGNORE INTO sidecar_dirty (asset_id) SELECT OLD.asset_id WHERE EXISTS (SELECT 1 FROM assets WHERE id = OLD.asset_id);
END;

CREATE TRIGGER sidecar_dirty_region AFTER UPDATE OF person_id ON xmp_regions
WHEN OLD.person_id IS NOT NEW.person_id
BEGIN
  INSERT OR IGNORE INTO sidecar_dirty (asset_id) VALUES (NEW.asset_id);
END;
