-- Settings, the counters behind /api/v1/statistics, the statistics snapshots, and an index for
-- users.presence?from=.

-- Only values that differ from the built-in defaults, or were ever written, live here; the
-- definitions (type, default, public or not) are code (chat/setting_definitions.cpp), so an
-- upgrade that changes a default reaches everyone who never chose a value.
CREATE TABLE settings (
  id         TEXT    NOT NULL PRIMARY KEY,
  -- JSON: true, 10, "Public", ...
  value      TEXT    NOT NULL,
  updated_at INTEGER NOT NULL
);

-- Totals kept by triggers in the same transaction as the rows they count, so the statistics
-- endpoint reads a few rows whatever the size of the database (2.4M messages cost what 10
-- cost), and no writer in the code can forget one. Names:
--   users, users_active, users_type_<type>, users_status_<status>,
--   rooms_<type> (c, p, d, l), messages_<room type>,
--   threads (messages with at least one reply),
--   last_login_at, last_message_at (maxima, not sums: the latest login and message),
--   uploads, uploads_size (fed by file uploads when they land).
CREATE TABLE counters (
  name  TEXT    NOT NULL PRIMARY KEY,
  value INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;

-- Seed from what an existing database already holds: this is the only full scan, once.
INSERT INTO counters (name, value) SELECT 'users', count(*) FROM users;
INSERT INTO counters (name, value) SELECT 'users_active', count(*) FROM users WHERE active = 1;
INSERT INTO counters (name, value)
  SELECT 'users_type_' || type, count(*) FROM users GROUP BY type;
INSERT INTO counters (name, value)
  SELECT 'users_status_' || status, count(*) FROM users GROUP BY status;
INSERT INTO counters (name, value) SELECT 'rooms_' || type, count(*) FROM rooms GROUP BY type;
INSERT INTO counters (name, value)
  SELECT 'messages_' || r.type, count(*)
  FROM messages m JOIN rooms r ON r.id = m.room_id
  WHERE m.deleted_at IS NULL GROUP BY r.type;
INSERT INTO counters (name, value)
  SELECT 'threads', count(DISTINCT thread_id) FROM messages WHERE thread_id IS NOT NULL;
INSERT INTO counters (name, value) SELECT 'last_login_at', coalesce(max(last_login), 0) FROM users;
INSERT INTO counters (name, value) SELECT 'last_message_at', coalesce(max(ts), 0) FROM messages;
INSERT OR IGNORE INTO counters (name, value) VALUES ('uploads', 0), ('uploads_size', 0);

CREATE TRIGGER counters_user_insert AFTER INSERT ON users
BEGIN
  INSERT INTO counters (name, value) VALUES
    ('users', 1), ('users_active', new.active), ('users_type_' || new.type, 1),
    ('users_status_' || new.status, 1)
  ON CONFLICT (name) DO UPDATE SET value = value + excluded.value;
END;

CREATE TRIGGER counters_user_delete AFTER DELETE ON users
BEGIN
  INSERT INTO counters (name, value) VALUES
    ('users', -1), ('users_active', -old.active), ('users_type_' || old.type, -1),
    ('users_status_' || old.status, -1)
  ON CONFLICT (name) DO UPDATE SET value = value + excluded.value;
END;

-- Presence writes many statuses per batch; the WHEN keeps a rewrite of the same status free.
CREATE TRIGGER counters_user_status AFTER UPDATE OF status ON users
WHEN old.status <> new.status
BEGIN
  INSERT INTO counters (name, value) VALUES
    ('users_status_' || old.status, -1), ('users_status_' || new.status, 1)
  ON CONFLICT (name) DO UPDATE SET value = value + excluded.value;
END;

CREATE TRIGGER counters_user_active AFTER UPDATE OF active ON users
WHEN old.active <> new.active
BEGIN
  INSERT INTO counters (name, value) VALUES ('users_active', new.active - old.active)
  ON CONFLICT (name) DO UPDATE SET value = value + excluded.value;
END;

CREATE TRIGGER counters_user_login AFTER UPDATE OF last_login ON users
WHEN new.last_login IS NOT NULL
BEGIN
  INSERT INTO counters (name, value) VALUES ('last_login_at', new.last_login)
  ON CONFLICT (name) DO UPDATE SET value = max(value, excluded.value);
END;

CREATE TRIGGER counters_room_insert AFTER INSERT ON rooms
BEGIN
  INSERT INTO counters (name, value) VALUES ('rooms_' || new.type, 1)
  ON CONFLICT (name) DO UPDATE SET value = value + excluded.value;
END;

CREATE TRIGGER counters_room_delete AFTER DELETE ON rooms
BEGIN
  INSERT INTO counters (name, value) VALUES ('rooms_' || old.type, -1)
  ON CONFLICT (name) DO UPDATE SET value = value + excluded.value;
END;

-- A room whose type changes (a channel made private) moves itself and its messages: a count
-- of that one room's live messages, on the messages_by_room index, rare enough to afford.
CREATE TRIGGER counters_room_type AFTER UPDATE OF type ON rooms
WHEN old.type <> new.type
BEGIN
  INSERT INTO counters (name, value) VALUES ('rooms_' || old.type, -1), ('rooms_' || new.type, 1)
  ON CONFLICT (name) DO UPDATE SET value = value + excluded.value;
  INSERT INTO counters (name, value)
    SELECT 'messages_' || old.type, -count(*) FROM messages
    WHERE room_id = new.id AND deleted_at IS NULL
  ON CONFLICT (name) DO UPDATE SET value = value + excluded.value;
  INSERT INTO counters (name, value)
    SELECT 'messages_' || new.type, count(*) FROM messages
    WHERE room_id = new.id AND deleted_at IS NULL
  ON CONFLICT (name) DO UPDATE SET value = value + excluded.value;
END;

-- A message of a room that does not exist is not counted (there is no type to count it by);
-- chat/ checks the room before appending, so that is only ever an operator's hand edit.
CREATE TRIGGER counters_message_insert AFTER INSERT ON messages
WHEN new.deleted_at IS NULL
BEGIN
  INSERT INTO counters (name, value)
    SELECT 'messages_' || type, 1 FROM rooms WHERE id = new.room_id
  ON CONFLICT (name) DO UPDATE SET value = value + excluded.value;
END;

CREATE TRIGGER counters_message_latest AFTER INSERT ON messages
BEGIN
  INSERT INTO counters (name, value) VALUES ('last_message_at', new.ts)
  ON CONFLICT (name) DO UPDATE SET value = max(value, excluded.value);
END;

-- The first reply to a message makes it a thread (messages_by_thread answers the EXISTS).
CREATE TRIGGER counters_thread AFTER INSERT ON messages
WHEN new.thread_id IS NOT NULL AND NOT EXISTS (
  SELECT 1 FROM messages WHERE thread_id = new.thread_id AND seq <> new.seq)
BEGIN
  INSERT INTO counters (name, value) VALUES ('threads', 1)
  ON CONFLICT (name) DO UPDATE SET value = value + excluded.value;
END;

-- A tombstone no longer counts, as in Rocket.Chat, whose totals sum the rooms' msgs.
CREATE TRIGGER counters_message_tombstone AFTER UPDATE OF deleted_at ON messages
WHEN old.deleted_at IS NULL AND new.deleted_at IS NOT NULL
BEGIN
  INSERT INTO counters (name, value)
    SELECT 'messages_' || type, -1 FROM rooms WHERE id = new.room_id
  ON CONFLICT (name) DO UPDATE SET value = value + excluded.value;
END;

CREATE TRIGGER counters_message_delete AFTER DELETE ON messages
WHEN old.deleted_at IS NULL
BEGIN
  INSERT INTO counters (name, value)
    SELECT 'messages_' || type, -1 FROM rooms WHERE id = old.room_id
  ON CONFLICT (name) DO UPDATE SET value = value + excluded.value;
END;

-- users.presence?from=: the users whose status (or anything else) changed in the last minutes.
CREATE INDEX users_by_updated ON users (updated_at);

-- Snapshots of the statistics object, as Rocket.Chat's rocketchat_statistics collection:
-- GET statistics answers the newest, statistics.list pages through them.
CREATE TABLE statistics (
  id         TEXT    NOT NULL PRIMARY KEY,
  created_at INTEGER NOT NULL,
  -- The whole statistics object as JSON.
  doc        TEXT    NOT NULL
);
CREATE INDEX statistics_by_time ON statistics (created_at);
