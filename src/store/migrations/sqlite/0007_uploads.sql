-- Uploaded files (rooms.upload, rooms.media, issue 10): Rocket.Chat's rocketchat_uploads.
-- The bytes are in the BlobStore under blob_key, not here.
CREATE TABLE uploads (
  id              TEXT    NOT NULL PRIMARY KEY,
  room_id         TEXT    NOT NULL,
  user_id         TEXT    NOT NULL,
  name            TEXT    NOT NULL,
  -- The MIME type sniffed from the bytes.
  type            TEXT    NOT NULL,
  size            INTEGER NOT NULL,
  -- image | video | audio | application | text | ... | thumb
  type_group      TEXT    NOT NULL,
  extension       TEXT    NOT NULL DEFAULT '',
  blob_key        TEXT    NOT NULL,
  description     TEXT    NOT NULL DEFAULT '',
  -- identify {format, size {width, height}}: images only, NULL otherwise.
  identify_format TEXT,
  identify_width  INTEGER,
  identify_height INTEGER,
  complete        INTEGER NOT NULL DEFAULT 1,
  -- 0 for rooms.media until rooms.mediaConfirm; unconfirmed rows expire after 24 h.
  confirmed       INTEGER NOT NULL DEFAULT 0,
  uploaded_at     INTEGER NOT NULL,
  updated_at      INTEGER NOT NULL,
  message_id      TEXT    NOT NULL DEFAULT '',
  -- A thumbnail names its original; an original names its thumbnail.
  thumbnail_of    TEXT    NOT NULL DEFAULT '',
  thumbnail_id    TEXT    NOT NULL DEFAULT ''
);

-- channels.files / rooms.images: a room's uploads, newest first.
CREATE INDEX uploads_by_room ON uploads (room_id, uploaded_at);
-- The expiry sweep: only the few unconfirmed rows are indexed.
CREATE INDEX uploads_unconfirmed ON uploads (uploaded_at) WHERE confirmed = 0;
-- confirm_upload / delete_upload reach a thumbnail from its original.
CREATE INDEX uploads_by_original ON uploads (thumbnail_of) WHERE thumbnail_of <> '';

-- statistics uploadsTotal / uploadsTotalSize: kept in the transaction that writes the row, as
-- the other counters of migration 0005 (which seeded both names at 0).
CREATE TRIGGER counters_upload_insert AFTER INSERT ON uploads
BEGIN
  INSERT INTO counters (name, value) VALUES ('uploads', 1), ('uploads_size', new.size)
  ON CONFLICT (name) DO UPDATE SET value = value + excluded.value;
END;

CREATE TRIGGER counters_upload_delete AFTER DELETE ON uploads
BEGIN
  INSERT INTO counters (name, value) VALUES ('uploads', -1), ('uploads_size', -old.size)
  ON CONFLICT (name) DO UPDATE SET value = value + excluded.value;
END;
