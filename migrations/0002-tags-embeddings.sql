-- What the image classifier saw: the label itself and its WordNet ancestors (weaker).
CREATE TABLE asset_tags (
  asset_id INTEGER NOT NULL REFERENCES assets (id) ON DELETE CASCADE,
  label TEXT NOT NULL,
  score REAL NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('label', 'hypernym')),
  model_id TEXT NOT NULL,
  PRIMARY KEY (asset_id, label)
) WITHOUT ROWID;
CREATE INDEX asset_tags_label ON asset_tags (label, score DESC);

-- One vector per asset and model, with what produced it, so a model change re-embeds and search
-- never mixes vectors of two models.
CREATE TABLE embeddings (
  asset_id INTEGER NOT NULL REFERENCES assets (id) ON DELETE CASCADE,
  model_id TEXT NOT NULL,
  model_version TEXT NOT NULL,
  dim INTEGER NOT NULL,
  device TEXT NOT NULL,
  vector BLOB NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (asset_id, model_id)
) WITHOUT ROWID;
CREATE INDEX embeddings_model ON embeddings (model_id, model_version);
