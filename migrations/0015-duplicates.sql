-- Duplicates (issue 12). What the duplicate review needs of a photo's decoded pixels, written by the
-- low-priority 'asset.pixels' stage after the thumbnails (and for photos imported before it existed):
--   pixel_hash: SHA-256 of the upright, full-size pixels as 8-bit sRGBA with the size in front, so two
--     different files (a PNG of a JPEG, a copy with its EXIF stripped) whose pixels are identical match;
--   gray32: the upright photo squeezed to 32x32 greyscale (1024 bytes), to tell a re-encoded or resized
--     copy (small differences spread everywhere) from another frame of a burst (large local changes),
--     which the 64-bit pHash alone cannot.
-- Deleting an asset deletes its row.
CREATE TABLE asset_pixels (
  asset_id INTEGER PRIMARY KEY REFERENCES assets (id) ON DELETE CASCADE,
  pixel_hash TEXT NOT NULL,
  gray32 BLOB NOT NULL
);
CREATE INDEX asset_pixels_hash ON asset_pixels (pixel_hash);
