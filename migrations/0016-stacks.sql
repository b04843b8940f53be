-- Stacks (issue 12): photos shown as one tile with a count. Computed from the catalog by the
-- 'library.stacks' task (bursts: the same camera, shots at most a second apart; same-name: one shot
-- saved in two formats side by side, RAW+JPEG or HEIC+JPEG), so the table is derived data that a
-- recompute replaces whole. A photo is in at most one stack; deleting a photo takes it out.
CREATE TABLE stacks (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('burst', 'same-name')),
  -- The photo the tile shows: the first shot of a burst, the JPEG of a pair.
  cover_asset_id INTEGER NOT NULL REFERENCES assets (id) ON DELETE CASCADE
);
CREATE TABLE stack_members (
  asset_id INTEGER PRIMARY KEY REFERENCES assets (id) ON DELETE CASCADE,
  stack_id INTEGER NOT NULL REFERENCES stacks (id) ON DELETE CASCADE,
  position INTEGER NOT NULL
);
CREATE INDEX stack_members_stack ON stack_members (stack_id, position);
