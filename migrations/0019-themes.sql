-- Themes (issue 13): recurring subjects across events (beach, snow, food, pets, concerts...). The
-- 'library.themes' task finds them after the events are cut (src/main/themes): classifier labels
-- whose photos look alike are one subject, and a subject seen in two events or more is a theme.
-- A recompute rewrites them all; a theme keeps its id while it is made of the same labels (`key`).
CREATE TABLE themes (
  id INTEGER PRIMARY KEY,
  -- The ImageNet labels it is made of, sorted and joined with '|': what makes it the same theme.
  key TEXT NOT NULL UNIQUE,
  -- Its strongest tag ("seashore", "dog"), and the strongest few (JSON array, strongest first).
  name TEXT NOT NULL,
  tags TEXT NOT NULL,
  photo_count INTEGER NOT NULL,
  event_count INTEGER NOT NULL,
  updated_at TEXT NOT NULL
);

-- A photo may be in several themes (a dog on the beach); `score` is how sure its label was (0 for a
-- photo that joined by looking like the theme's photos of its event). The cover is the surest photo
-- still shown, found at each read, so a trashed cover hands over to the next.
CREATE TABLE theme_members (
  theme_id INTEGER NOT NULL REFERENCES themes (id) ON DELETE CASCADE,
  asset_id INTEGER NOT NULL REFERENCES assets (id) ON DELETE CASCADE,
  event_id INTEGER NOT NULL,
  score REAL NOT NULL,
  PRIMARY KEY (theme_id, asset_id)
) WITHOUT ROWID;
CREATE INDEX theme_members_asset ON theme_members (asset_id);
