-- Full-text search over the words around a photo: folder and file names, camera, date words,
-- classifier tags, places, text read in the photo, people. rowid = assets.id.
CREATE VIRTUAL TABLE asset_text USING fts5 (
  path, camera, dates, tags, places, ocr, people,
  tokenize = 'unicode61 remove_diacritics 2',
  prefix = '2 3'
);
