-- Tags from the faces stage ('person', 'people', 'portrait', 'group photo') beside the classifier's,
-- each stage owning its rows (kind 'face' vs 'label'/'hypernym'; the same word may come from both).
-- person_misread marks classifier tags that come only from classes the classifier sees in a person
-- (clothes, make-up); they are not kept on a portrait.
CREATE TABLE asset_tags_new (
  asset_id INTEGER NOT NULL REFERENCES assets (id) ON DELETE CASCADE,
  label TEXT NOT NULL,
  score REAL NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('label', 'hypernym', 'face')),
  model_id TEXT NOT NULL,
  person_misread INTEGER NOT NULL DEFAULT 0 CHECK (person_misread IN (0, 1)),
  PRIMARY KEY (asset_id, kind, label)
) WITHOUT ROWID;
INSERT INTO asset_tags_new (asset_id, label, score, kind, model_id) SELECT asset_id, label, score, kind, model_id FROM asset_tags;
DROP TABLE asset_tags;
ALTER TABLE asset_tags_new RENAME TO asset_tags;
CREATE INDEX asset_tags_label ON asset_tags (label, score DESC);

-- Tags made before the calibrated threshold showed classes down to 3 % probability: the tags stage
-- runs again on every photo (it is queued at start for photos without a 'tags' row).
DELETE FROM asset_analysis WHERE stage = 'tags';
