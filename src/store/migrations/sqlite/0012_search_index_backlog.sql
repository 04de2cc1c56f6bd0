-- A bulk import (Store::import_batch, `parley seed`) leaves its messages out of messages_fts
-- and indexes them in one pass at the end (Store::finish_import): at the seed size that is
-- ~5x cheaper than one trigger call per row, committed 20,000 rows at a time, because FTS5
-- then writes big segments once instead of many small ones it must merge again and again.
--
-- The backlog is part of the database, not of the importing process, so a crash cannot lose
-- it: while its row exists, messages with seq >= from_seq are not in messages_fts and the
-- triggers leave them alone (a contentless index must never be told to forget a row it does
-- not hold), and every open of the store finishes a backlog it finds before serving. The
-- invariant the triggers keep is now: messages_fts holds every message that is not a
-- tombstone and whose seq is below the backlog's from_seq (all of them without a backlog).
--
-- At most one row: an import that finds the backlog open keeps its from_seq (seq only grows,
-- so its own rows are above it; a reused seq below it is indexed by the trigger as usual).
CREATE TABLE messages_fts_backlog (
  only_row INTEGER NOT NULL PRIMARY KEY CHECK (only_row = 1),
  from_seq INTEGER NOT NULL
);

DROP TRIGGER messages_fts_insert;
DROP TRIGGER messages_fts_delete;
DROP TRIGGER messages_fts_update;

-- Same triggers as 0004, each limited to the rows below the backlog. The subquery reads one
-- row of a table that is empty outside imports.
CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages
WHEN new.deleted_at IS NULL
  AND new.seq < coalesce((SELECT from_seq FROM messages_fts_backlog), 9223372036854775807)
BEGIN
  INSERT INTO messages_fts (rowid, rid, msg) VALUES (
    new.seq, new.room_id,
    CASE WHEN json_valid(new.doc) THEN coalesce(json_extract(new.doc, '$.msg'), '') ELSE '' END);
END;

CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages
WHEN old.deleted_at IS NULL
  AND old.seq < coalesce((SELECT from_seq FROM messages_fts_backlog), 9223372036854775807)
BEGIN
  INSERT INTO messages_fts (messages_fts, rowid, rid, msg) VALUES (
    'delete', old.seq, old.room_id,
    CASE WHEN json_valid(old.doc) THEN coalesce(json_extract(old.doc, '$.msg'), '') ELSE '' END);
END;

CREATE TRIGGER messages_fts_update AFTER UPDATE OF seq, room_id, doc, deleted_at ON messages
WHEN old.seq IS NOT new.seq
  OR old.deleted_at IS NOT new.deleted_at
  OR old.room_id IS NOT new.room_id
  OR (CASE WHEN json_valid(old.doc) THEN coalesce(json_extract(old.doc, '$.msg'), '') ELSE '' END)
     IS NOT
     (CASE WHEN json_valid(new.doc) THEN coalesce(json_extract(new.doc, '$.msg'), '') ELSE '' END)
BEGIN
  INSERT INTO messages_fts (messages_fts, rowid, rid, msg)
    SELECT 'delete', old.seq, old.room_id,
      CASE WHEN json_valid(old.doc) THEN coalesce(json_extract(old.doc, '$.msg'), '') ELSE '' END
    WHERE old.deleted_at IS NULL
      AND old.seq < coalesce((SELECT from_seq FROM messages_fts_backlog), 9223372036854775807);
  INSERT INTO messages_fts (rowid, rid, msg)
    SELECT new.seq, new.room_id,
      CASE WHEN json_valid(new.doc) THEN coalesce(json_extract(new.doc, '$.msg'), '') ELSE '' END
    WHERE new.deleted_at IS NULL
      AND new.seq < coalesce((SELECT from_seq FROM messages_fts_backlog), 9223372036854775807);
END;
