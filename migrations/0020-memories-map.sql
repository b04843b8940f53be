-- Memories and map (issue 13).
--
-- "On this day": the photos of one calendar day (month and day of the wall-clock capture time,
-- assets.sort_ms read as UTC, so edited dates count) in every year. Only photos with a capture time
-- of their own (taken_at): a file's modification day is no memory. The index holds the shown
-- photos only, as the timeline's do (trashed ones never; hidden ones are filtered on the few rows a
-- day has), so a day is one index seek whatever the library's size.
CREATE INDEX assets_month_day ON assets (strftime('%m-%d', sort_ms / 1000, 'unixepoch'), sort_ms DESC, id DESC)
  WHERE state = 'ready' AND missing_since IS NULL AND trashed_at IS NULL AND taken_at IS NOT NULL;

-- The map: photos with a position (edited ones count: lat/lon hold the values in effect). All points
-- are read from this index alone (id, lat, lon, hidden), and a region's photos seek its latitude band.
CREATE INDEX assets_geo ON assets (lat, lon, hidden)
  WHERE state = 'ready' AND missing_since IS NULL AND trashed_at IS NULL AND lat IS NOT NULL AND lon IS NOT NULL;
