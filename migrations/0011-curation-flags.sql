-- Favourite, star rating and hidden, set by the user in the catalog (the original file is never
-- written). Every existing photo starts unrated, not a favourite, and shown.
ALTER TABLE assets ADD COLUMN favorite INTEGER NOT NULL DEFAULT 0 CHECK (favorite IN (0, 1));
ALTER TABLE assets ADD COLUMN rating INTEGER NOT NULL DEFAULT 0 CHECK (rating BETWEEN 0 AND 5);
ALTER TABLE assets ADD COLUMN hidden INTEGER NOT NULL DEFAULT 0 CHECK (hidden IN (0, 1));

-- The timeline leaves hidden photos out unless asked for. Both views walk the same timeline indexes
-- in order (no sort); they carry `hidden` so the check can be made from the index entry.
DROP INDEX assets_timeline;
CREATE INDEX assets_timeline ON assets (sort_ms DESC, id DESC, hidden) WHERE state = 'ready' AND missing_since IS NULL;
DROP INDEX assets_timeline_month;
CREATE INDEX assets_timeline_month ON assets (month, hidden) WHERE state = 'ready' AND missing_since IS NULL;
