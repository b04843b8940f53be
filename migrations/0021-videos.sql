-- Videos (issue 15). An asset is a photo or a video; everything keyed by asset id (albums, trash,
-- marks, places) works for both. A video's thumbnail is its poster frame (see
-- src/main/video/poster.ts), so the grid, viewer previews and the analysis stages read it as they
-- read a photo's.
ALTER TABLE assets ADD COLUMN media_type TEXT NOT NULL DEFAULT 'photo' CHECK (media_type IN ('photo', 'video'));
-- What ffprobe read from the container. NULL for photos, and for a video whose analysis was
-- skipped (no ffmpeg): the file is listed, these fill in once ffmpeg is there.
ALTER TABLE assets ADD COLUMN duration_ms INTEGER;
ALTER TABLE assets ADD COLUMN video_codec TEXT;
ALTER TABLE assets ADD COLUMN audio_codec TEXT;
ALTER TABLE assets ADD COLUMN frame_rate REAL;
-- Display rotation in degrees clockwise (0, 90, 180, 270) from the stream's display matrix; width
-- and height are stored as displayed (after rotation), as a photo's are after EXIF orientation.
ALTER TABLE assets ADD COLUMN rotation INTEGER;
-- Where in the video the poster (thumbnail) frame was taken.
ALTER TABLE assets ADD COLUMN poster_ms INTEGER;
CREATE INDEX assets_media_type ON assets (media_type) WHERE media_type <> 'photo';

-- Frames at scene changes (capped per minute), each stored as a derived image in the thumbnail
-- cache under its asset and second. The analysis stages run on them like on photos; what they find
-- is kept per frame below, so a search hit or a face in a video says at which second it is.
CREATE TABLE video_keyframes (
  asset_id INTEGER NOT NULL REFERENCES assets (id) ON DELETE CASCADE,
  at_ms INTEGER NOT NULL,
  -- ffmpeg's scene-change score (0..1); the poster frame is stored with NULL.
  scene_score REAL,
  width INTEGER NOT NULL,
  height INTEGER NOT NULL,
  PRIMARY KEY (asset_id, at_ms)
) WITHOUT ROWID;

-- Per-keyframe results. The video's own rows in asset_tags / embeddings / asset_ocr / faces hold the
-- best over its frames (so every existing query includes videos); these say which frame it was.
CREATE TABLE keyframe_tags (
  asset_id INTEGER NOT NULL,
  at_ms INTEGER NOT NULL,
  label TEXT NOT NULL,
  score REAL NOT NULL,
  PRIMARY KEY (asset_id, at_ms, label),
  FOREIGN KEY (asset_id, at_ms) REFERENCES video_keyframes (asset_id, at_ms) ON DELETE CASCADE
) WITHOUT ROWID;
CREATE INDEX keyframe_tags_label ON keyframe_tags (label, score DESC);

CREATE TABLE keyframe_embeddings (
  asset_id INTEGER NOT NULL,
  at_ms INTEGER NOT NULL,
  model_id TEXT NOT NULL,
  model_version TEXT NOT NULL,
  dim INTEGER NOT NULL,
  vector BLOB NOT NULL,
  PRIMARY KEY (asset_id, at_ms, model_id),
  FOREIGN KEY (asset_id, at_ms) REFERENCES video_keyframes (asset_id, at_ms) ON DELETE CASCADE
) WITHOUT ROWID;
CREATE INDEX keyframe_embeddings_model ON keyframe_embeddings (model_id, model_version);

-- A face or a line of text found in a video frame says which one.
ALTER TABLE faces ADD COLUMN at_ms INTEGER;
ALTER TABLE asset_ocr ADD COLUMN at_ms INTEGER;

-- The moving part of a still (engineer 7's live photos and motion photos build on this): an Apple
-- live photo's MOV beside its HEIC/JPEG (same content identifier), or the MP4 embedded after a
-- Google/Samsung motion photo's JPEG (byte_offset/byte_length inside the still's own file). The
-- still stays a 'photo'; its motion part is not an asset of its own.
CREATE TABLE asset_motion (
  asset_id INTEGER PRIMARY KEY REFERENCES assets (id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('live-photo', 'motion-photo')),
  -- The file holding the video: the MOV for a live photo, the still itself for a motion photo.
  path TEXT NOT NULL,
  byte_offset INTEGER NOT NULL DEFAULT 0,
  -- NULL: to the end of the file.
  byte_length INTEGER,
  duration_ms INTEGER,
  -- Apple's content identifier shared by the pair, when there is one.
  content_id TEXT,
  -- Where in the motion the still was taken (Apple's still-image-time, Google's presentation time).
  still_ms INTEGER,
  updated_at TEXT NOT NULL
);
CREATE INDEX asset_motion_content_id ON asset_motion (content_id) WHERE content_id IS NOT NULL;
CREATE INDEX asset_motion_path ON asset_motion (path);
