-- Text read in a photo (OCR), one row per line; the box is in fractions of the oriented image so
-- the viewer can draw it over any preview size.
CREATE TABLE asset_ocr (
  asset_id INTEGER NOT NULL REFERENCES assets (id) ON DELETE CASCADE,
  line_no INTEGER NOT NULL,
  text TEXT NOT NULL,
  confidence REAL NOT NULL,
  x REAL NOT NULL,
  y REAL NOT NULL,
  w REAL NOT NULL,
  h REAL NOT NULL,
  PRIMARY KEY (asset_id, line_no)
) WITHOUT ROWID;

-- Which analysis stage ran on an asset with which model, so that installing or switching a model
-- queues exactly the assets it has not seen, and a stage that found nothing is not run again.
CREATE TABLE asset_analysis (
  asset_id INTEGER NOT NULL REFERENCES assets (id) ON DELETE CASCADE,
  stage TEXT NOT NULL,
  model_id TEXT NOT NULL,
  device TEXT,
  done_at TEXT NOT NULL,
  PRIMARY KEY (asset_id, stage)
) WITHOUT ROWID;
CREATE INDEX asset_analysis_stage ON asset_analysis (stage, model_id);

CREATE INDEX asset_tags_label_lower ON asset_tags (lower(label), score DESC);
