-- Users, their email addresses and their login tokens.
--
-- Conventions every later migration follows:
--  - ids are TEXT (17-char Meteor ids); times are INTEGER milliseconds since the epoch;
--    booleans are INTEGER 0/1; small lists without their own queries are JSON text.
--  - Anything that must be unique case-insensitively carries COLLATE NOCASE on the column, so
--    the unique index itself enforces it and lookups use the index.
--  - Child tables reference their parent with ON DELETE CASCADE (the store enables
--    foreign_keys on its write connection).
--  - No ALTER of a released migration: add NNNN_next.sql instead.

CREATE TABLE users (
  id                      TEXT    NOT NULL PRIMARY KEY,
  username                TEXT    NOT NULL UNIQUE COLLATE NOCASE,
  name                    TEXT    NOT NULL DEFAULT '',
  type                    TEXT    NOT NULL DEFAULT 'user',
  active                  INTEGER NOT NULL DEFAULT 1,
  status                  TEXT    NOT NULL DEFAULT 'offline',
  status_text             TEXT    NOT NULL DEFAULT '',
  status_default          TEXT    NOT NULL DEFAULT 'online',
  password_hash           TEXT    NOT NULL DEFAULT '',
  require_password_change INTEGER NOT NULL DEFAULT 0,
  created_at              INTEGER NOT NULL,
  updated_at              INTEGER NOT NULL,
  last_login              INTEGER,
  utc_offset              REAL    NOT NULL DEFAULT 0,
  -- JSON array of role names, in the order the user record lists them.
  roles                   TEXT    NOT NULL DEFAULT '[]'
);

-- One row per address. The primary key makes an address unique across all users; position
-- keeps the user's order (Rocket.Chat treats emails[0] as the primary address).
CREATE TABLE user_emails (
  address  TEXT    NOT NULL PRIMARY KEY COLLATE NOCASE,
  user_id  TEXT    NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  verified INTEGER NOT NULL DEFAULT 0,
  position INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX user_emails_by_user ON user_emails (user_id, position);

-- Only base64(sha256(token)) is stored, never the token itself.
CREATE TABLE login_tokens (
  hashed_token TEXT    NOT NULL PRIMARY KEY,
  user_id      TEXT    NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at   INTEGER NOT NULL,
  expires_at   INTEGER NOT NULL
);
CREATE INDEX login_tokens_by_user ON login_tokens (user_id);
-- Serves remove_expired_tokens without a full scan.
CREATE INDEX login_tokens_by_expiry ON login_tokens (expires_at);
