-- Search stems English words, as Rocket.Chat's default (MongoDB text index, language
-- "english") does: "bananas" finds "banana". The porter tokenizer wraps the same unicode61
-- tokenizer. A contentless FTS5 table cannot change its tokenizer in place, so the index and
-- its triggers are rebuilt from messages (once; at the seed size of 2.4 M messages this
-- migration takes on the order of a minute).

DROP TRIGGER messages_fts_insert;
DROP TRIGGER messages_fts_delete;
DROP TRIGGER messages_fts_update;
DROP TABLE messages_fts;

CREATE VIRTUAL TABLE messages_fts USING fts5 (
  rid, msg,
  content = '',
  tokenize = 'porter unicode61 remove_diacritics 2'
);

INSERT INTO messages_fts (rowid, rid, msg)
  SELECT seq, room_id,
    CASE WHEN json_valid(doc) THEN coalesce(json_extract(doc, '$.msg'), '') ELSE '' END
  FROM messages WHERE deleted_at IS NULL;

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
