-- Rooms, subscriptions (one per member per room), messages and their full-text index.
--
-- Sizes this is shaped for (docs workload "seed", scale 1): 49k rooms, 160k subscriptions
-- (#general alone has ~7,000), 2.4M messages. Columns are what queries filter, sort or count
-- on; the rest of a room or message is the Rocket.Chat document as JSON text (`doc`), written
-- and read whole by the store's row codecs.

CREATE TABLE rooms (
  id              TEXT    NOT NULL PRIMARY KEY,
  type            TEXT    NOT NULL,
  -- '' for rooms without a name (DMs); unique among the others, case-insensitively.
  name            TEXT    NOT NULL DEFAULT '' COLLATE NOCASE,
  archived        INTEGER NOT NULL DEFAULT 0,
  read_only       INTEGER NOT NULL DEFAULT 0,
  is_default      INTEGER NOT NULL DEFAULT 0,
  msgs            INTEGER NOT NULL DEFAULT 0,
  users_count     INTEGER NOT NULL DEFAULT 0,
  created_at      INTEGER NOT NULL,
  updated_at      INTEGER NOT NULL,
  last_message_at INTEGER,
  -- JSON objects; '{}' when empty.
  last_message    TEXT    NOT NULL DEFAULT '{}',
  doc             TEXT    NOT NULL DEFAULT '{}'
);
-- Partial: the 47k DMs all have name '' and must not collide. Lookups by name repeat the
-- `name <> ''` term so the planner may use this index.
CREATE UNIQUE INDEX rooms_by_name ON rooms (name) WHERE name <> '';
-- list_rooms by type (channels.list: 44 of 49k rows), ordered by name.
CREATE INDEX rooms_by_type ON rooms (type, name);

-- Clustered by (room_id, user_id) (WITHOUT ROWID): the per-message unread UPDATE
-- (WHERE room_id = ? AND user_id <> ?) rewrites one contiguous run of pages instead of one
-- page per member. Measured for #general (7,000 of 160k rows, members joined over time):
-- ~0.6 MB of WAL and ~30 ms per message, against ~15 MB and ~440 ms for a rowid table with a
-- (user_id, updated_at) index, whose every entry moves when updated_at does.
CREATE TABLE subscriptions (
  id             TEXT    NOT NULL UNIQUE,
  room_id        TEXT    NOT NULL REFERENCES rooms (id) ON DELETE CASCADE,
  -- No reference to users: the PostgreSQL store must behave the same without one, and
  -- chat/ checks the user before subscribing them.
  user_id        TEXT    NOT NULL,
  -- NOCASE so room_members orders members the way list_users orders users.
  username       TEXT    NOT NULL COLLATE NOCASE,
  room_type      TEXT    NOT NULL,
  name           TEXT    NOT NULL DEFAULT '',
  fname          TEXT    NOT NULL DEFAULT '',
  open           INTEGER NOT NULL DEFAULT 1,
  alert          INTEGER NOT NULL DEFAULT 0,
  favorite       INTEGER NOT NULL DEFAULT 0,
  archived       INTEGER NOT NULL DEFAULT 0,
  unread         INTEGER NOT NULL DEFAULT 0,
  user_mentions  INTEGER NOT NULL DEFAULT 0,
  group_mentions INTEGER NOT NULL DEFAULT 0,
  last_seen      INTEGER,
  created_at     INTEGER NOT NULL,
  updated_at     INTEGER NOT NULL,
  -- JSON array of room-scoped role names.
  roles          TEXT    NOT NULL DEFAULT '[]',
  -- Also what room_member_ids and the unread UPDATE read.
  PRIMARY KEY (room_id, user_id)
) WITHOUT ROWID;
-- A user's sidebar and its "updated since" sync: a user has tens to hundreds of rows, so
-- updated_at is filtered on them rather than indexed (it changes on every message).
CREATE INDEX subscriptions_by_user ON subscriptions (user_id);
-- room_members pages, ordered by username.
CREATE INDEX subscriptions_by_room_username ON subscriptions (room_id, username);

CREATE TABLE messages (
  -- An alias of the rowid, so the full-text index's keys survive VACUUM (an implicit rowid
  -- may be renumbered). Internal: the message's identity is `id`.
  seq        INTEGER PRIMARY KEY,
  id         TEXT    NOT NULL UNIQUE,
  -- No reference to rooms: append_message has no way to report a missing room, and chat/
  -- checks the room first anyway.
  room_id    TEXT    NOT NULL,
  user_id    TEXT    NOT NULL,
  -- NULL, not '', when the message is not a thread reply (keeps the thread index small).
  thread_id  TEXT,
  ts         INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  -- Set on a tombstone (doc then holds only _id and rid).
  deleted_at INTEGER,
  doc        TEXT    NOT NULL
);
-- One index for both sides of a room's history: `room_id = ? AND deleted_at IS NULL` is an
-- equality prefix, so history pages come out in (ts, seq) order without a sort and their
-- totals are counted from the index alone; `deleted_at > ?` serves chat.syncMessages'
-- `deleted`. (With deleted_at after ts, or as a partial-index condition, SQLite would need
-- the table row or a sort.)
CREATE INDEX messages_by_room ON messages (room_id, deleted_at, ts);
-- Thread pages; most messages are not replies, and NULLs are left out.
CREATE INDEX messages_by_thread ON messages (thread_id, ts) WHERE thread_id IS NOT NULL;
-- chat.syncMessages: `updated`.
CREATE INDEX messages_by_room_updated ON messages (room_id, updated_at);

-- Full-text search over doc.msg. Contentless (the text already lives in messages.doc), keyed
-- by messages.seq. `rid` holds the room id as tokens so a search intersects the room's
-- postings with the words' inside FTS5 instead of fetching every matching message of every
-- room; the store still checks messages.room_id exactly.
CREATE VIRTUAL TABLE messages_fts USING fts5 (
  rid, msg,
  content = '',
  tokenize = 'unicode61 remove_diacritics 2'
);

-- The triggers keep messages_fts equal to "every message that is not a tombstone", whoever
-- writes to messages (the store, or an operator with the sqlite3 shell). A contentless table
-- can only forget a row when given the exact values it indexed, which is why the text is
-- always derived from the stored doc by the same expression.
CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages
WHEN new.deleted_at IS NULL
BEGIN
  INSERT INTO messages_fts (rowid, rid, msg) VALUES (
    new.seq, new.room_id,
    CASE WHEN json_valid(new.doc) THEN coalesce(json_extract(new.doc, '$.msg'), '') ELSE '' END);
END;

CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages
WHEN old.deleted_at IS NULL
BEGIN
  INSERT INTO messages_fts (messages_fts, rowid, rid, msg) VALUES (
    'delete', old.seq, old.room_id,
    CASE WHEN json_valid(old.doc) THEN coalesce(json_extract(old.doc, '$.msg'), '') ELSE '' END);
END;

-- Thread bookkeeping on a parent (tcount, replies) rewrites doc without touching msg: the
-- WHEN clause skips the index then.
CREATE TRIGGER messages_fts_update AFTER UPDATE OF room_id, doc, deleted_at ON messages
WHEN old.deleted_at IS NOT new.deleted_at
  OR old.room_id IS NOT new.room_id
  OR (CASE WHEN json_valid(old.doc) THEN coalesce(json_extract(old.doc, '$.msg'), '') ELSE '' END)
     IS NOT
     (CASE WHEN json_valid(new.doc) THEN coalesce(json_extract(new.doc, '$.msg'), '') ELSE '' END)
BEGIN
  INSERT INTO messages_fts (messages_fts, rowid, rid, msg)
    SELECT 'delete', old.seq, old.room_id,
      CASE WHEN json_valid(old.doc) THEN coalesce(json_extract(old.doc, '$.msg'), '') ELSE '' END
    WHERE old.deleted_at IS NULL;
  INSERT INTO messages_fts (rowid, rid, msg)
    SELECT new.seq, new.room_id,
      CASE WHEN json_valid(new.doc) THEN coalesce(json_extract(new.doc, '$.msg'), '') ELSE '' END
    WHERE new.deleted_at IS NULL;
END;
