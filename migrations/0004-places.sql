-- Where a photo was taken, from its GPS position (offline reverse geocoding), and the time zone
-- there, which gives photos whose EXIF has no offset their real one.
ALTER TABLE assets ADD COLUMN city TEXT;
ALTER TABLE assets ADD COLUMN region TEXT;
ALTER TABLE assets ADD COLUMN country TEXT;
ALTER TABLE assets ADD COLUMN country_code TEXT;
ALTER TABLE assets ADD COLUMN timezone TEXT;
CREATE INDEX assets_city ON assets (city) WHERE city IS NOT NULL;
CREATE INDEX assets_country ON assets (country) WHERE country IS NOT NULL;
