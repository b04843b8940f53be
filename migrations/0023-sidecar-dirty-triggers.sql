-- The sidecar_dirty triggers of 0022 used INSERT OR IGNORE. Inside a trigger SQLite replaces that OR
-- clause with the outer statement's conflict policy, so under an upsert (INSERT ... ON CONFLICT DO
-- UPDATE, as people undo uses on persons) a photo already marked made the whole statement fail with
-- "UNIQUE constraint failed: sidecar_dirty.asset_id". These triggers skip marked photos themselves
-- (NOT IN + DISTINCT) and use no OR clause, so no outer policy can change what they do.

DROP TRIGGER sidecar_dirty_asset;
CREATE TRIGGER sidecar_dirty_asset AFTER UPDATE OF favorite, rating, description, taken_at, lat, lon ON assets
WHEN OLD.favorite IS NOT NEW.favorite OR OLD.rating IS NOT NEW.rating OR OLD.description IS NOT NEW.description
  OR OLD.taken_at IS NOT NEW.taken_at OR OLD.lat IS NOT NEW.lat OR OLD.lon IS NOT NEW.lon
BEGIN
  INSERT INTO sidecar_dirty (asset_id) SELECT NEW.id WHERE NEW.id NOT IN (SELECT asset_id FROM sidecar_dirty);
END;

DROP TRIGGER sidecar_dirty_face_update;
CREATE TRIGGER sidecar_dirty_face_update AFTER UPDATE OF person_id, pinned ON faces
WHEN OLD.person_id IS NOT NEW.person_id OR OLD.pinned IS NOT NEW.pinned
BEGIN
  INSERT INTO sidecar_dirty (asset_id) SELECT NEW.asset_id WHERE NEW.asset_id NOT IN (SELECT asset_id FROM sidecar_dirty);
END;

DROP TRIGGER sidecar_dirty_face_delete;
CREATE TRIGGER sidecar_dirty_face_delete AFTER DELETE ON faces
WHEN OLD.person_id IS NOT NULL
BEGIN
  INSERT INTO sidecar_dirty (asset_id) SELECT OLD.asset_id
  WHERE EXISTS (SELECT 1 FROM assets WHERE id = OLD.asset_id) AND OLD.asset_id NOT IN (SELECT asset_id FROM sidecar_dirty);
END;

DROP TRIGGER sidecar_dirty_person_name;
CREATE TRIGGER sidecar_dirty_person_name AFTER UPDATE OF name ON persons
WHEN OLD.name IS NOT NEW.name
BEGIN
  INSERT INTO sidecar_dirty (asset_id) SELECT DISTINCT asset_id FROM faces
  WHERE person_id = NEW.id AND asset_id NOT IN (SELECT asset_id FROM sidecar_dirty);
  INSERT INTO sidecar_dirty (asset_id) SELECT DISTINCT asset_id FROM xmp_regions
  WHERE person_id = NEW.id AND asset_id NOT IN (SELECT asset_id FROM sidecar_dirty);
END;

DROP TRIGGER sidecar_dirty_tag_insert;
CREATE TRIGGER sidecar_dirty_tag_insert AFTER INSERT ON user_tags
BEGIN
  INSERT INTO sidecar_dirty (asset_id) SELECT NEW.asset_id WHERE NEW.asset_id NOT IN (SELECT asset_id FROM sidecar_dirty);
END;

DROP TRIGGER sidecar_dirty_tag_delete;
CREATE TRIGGER sidecar_dirty_tag_delete AFTER DELETE ON user_tags
BEGIN
  INSERT INTO sidecar_dirty (asset_id) SELECT OLD.asset_id
  WHERE EXISTS (SELECT 1 FROM assets WHERE id = OLD.asset_id) AND OLD.asset_id NOT IN (SELECT asset_id FROM sidecar_dirty);
END;

DROP TRIGGER sidecar_dirty_region;
CREATE TRIGGER sidecar_dirty_region AFTER UPDATE OF person_id ON xmp_regions
WHEN OLD.person_id IS NOT NEW.person_id
BEGIN
  INSERT INTO sidecar_dirty (asset_id) SELECT NEW.asset_id WHERE NEW.asset_id NOT IN (SELECT asset_id FROM sidecar_dirty);
END;
