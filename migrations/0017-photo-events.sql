-- Events (issue 13): the library cut into events by capture time and place (see
-- src/main/photo-events/segment.ts). The 'library.events' task recomputes the cut as photos arrive
-- or change and rewrites only the events whose photos changed; an event keeps its id (and so the
-- user's name for it) through a recompute when it keeps most of its photos, as a person keeps its
-- name through a regroup.
CREATE TABLE photo_events (
  id INTEGER PRIMARY KEY,
  -- Wall-clock capture times (assets.sort_ms) of the first and last photo.
  start_ms INTEGER NOT NULL,
  end_ms INTEGER NOT NULL,
  -- The year of the first photo: the Events screen groups by it.
  year INTEGER NOT NULL,
  -- Made from the place and dates ("Paris, 10 June 2023"); `name` is the user's, and wins.
  title TEXT NOT NULL,
  name TEXT,
  -- The event's places as the title says them ("Berlin & Munich"), NULL when no photo has one.
  place TEXT,
  asset_count INTEGER NOT NULL,
  -- Photos without a capture time of their own, placed by their file's time.
  file_time_count INTEGER NOT NULL DEFAULT 0,
  updated_at TEXT NOT NULL
);
CREATE INDEX photo_events_year ON photo_events (year, start_ms);
CREATE INDEX photo_events_start ON photo_events (start_ms, id);

-- A photo is in at most one event; trashed and hidden photos in none.
CREATE TABLE photo_event_members (
  asset_id INTEGER PRIMARY KEY REFERENCES assets (id) ON DELETE CASCADE,
  event_id INTEGER NOT NULL REFERENCES photo_events (id) ON DELETE CASCADE
);
CREATE INDEX photo_event_members_event ON photo_event_members (event_id);

-- The user's cuts, applied over the automatic ones at every recompute, so they survive it. They are
-- kept in time, not by event id: a merge ('join') holds every photo between the first photo of one
-- event and the last of the next together (photos that arrive in between join too); a split holds a
-- break right before a photo's place in the order (time, then id), which stays where it was when
-- that photo is later trashed. No foreign key on asset_id for that reason.
CREATE TABLE photo_event_edits (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('join', 'split')),
  from_ms INTEGER NOT NULL,
  to_ms INTEGER NOT NULL,
  asset_id INTEGER,
  created_at TEXT NOT NULL,
  CHECK (to_ms >= from_ms),
  CHECK (kind = 'join' OR asset_id IS NOT NULL)
);
