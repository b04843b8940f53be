-- Smart albums (issue 13): an album whose photos are those its saved rule matches at each read
-- (src/shared/smart-albums.ts; compiled to SQL by src/main/catalog/smart-albums.repository.ts). It is
-- an albums row like any other, so it is listed, named, moved into album folders, deleted and undone
-- as one; `rule` (JSON) is NULL for a plain or folder album. Its album_assets rows stay empty: a rule
-- has no manual order (newest first, as the timeline).
ALTER TABLE albums ADD COLUMN rule TEXT CHECK (rule IS NULL OR json_valid(rule));

-- The fields a rule compares case-insensitively, indexed that way so a place or person rule seeks
-- instead of scanning every photo.
CREATE INDEX assets_city_nocase ON assets (city COLLATE NOCASE) WHERE city IS NOT NULL;
CREATE INDEX assets_region_nocase ON assets (region COLLATE NOCASE) WHERE region IS NOT NULL;
CREATE INDEX assets_country_nocase ON assets (country COLLATE NOCASE) WHERE country IS NOT NULL;
CREATE INDEX assets_place_label_nocase ON assets (place_label COLLATE NOCASE) WHERE place_label IS NOT NULL;
CREATE INDEX persons_name_nocase ON persons (name COLLATE NOCASE) WHERE name IS NOT NULL;
CREATE INDEX asset_tags_label_nocase ON asset_tags (label COLLATE NOCASE, asset_id);
-- Rating and favourite rules over the shown photos ("rating>=4", "favorite:yes").
CREATE INDEX assets_rating ON assets (rating, sort_ms) WHERE rating > 0;
CREATE INDEX assets_favorite ON assets (sort_ms) WHERE favorite = 1;
