-- Discussions (issue 11, item 3) and the subscription fields of chat.ignoreUser (item 8).
--
-- A discussion is a room whose doc carries `prid` (its parent room); the parent room's
-- `discussion-created` message carries `drid` (the discussion) and, once the discussion has
-- messages, `dcount`/`dlm`. Both stay in the JSON docs; these partial indexes make the two
-- lists (rooms.getDiscussions: rooms by prid; chat.getDiscussions: a room's messages with a
-- drid) and the refresh of dcount/dlm probes instead of scans. They hold only discussion rows.
-- The json_valid guard keeps a row with a malformed doc writable and readable (the store skips
-- and counts it): an unguarded json_extract in an index fails every write of such a row. The
-- queries repeat these exact expressions, which is what lets SQLite use the indexes.
CREATE INDEX rooms_by_prid
  ON rooms ((CASE WHEN json_valid(doc) THEN json_extract(doc, '$.prid') END))
  WHERE (CASE WHEN json_valid(doc) THEN json_extract(doc, '$.prid') END) IS NOT NULL;
-- (room_id, deleted_at, ts) like messages_by_room, so the planner prefers this smaller one.
CREATE INDEX messages_with_drid ON messages (room_id, deleted_at, ts)
  WHERE (CASE WHEN json_valid(doc) THEN json_extract(doc, '$.drid') END) IS NOT NULL;

-- Rocket.Chat copies a discussion's prid into each member's subscription (the sidebar shows
-- it as a discussion); '' for other rooms.
ALTER TABLE subscriptions ADD COLUMN prid TEXT NOT NULL DEFAULT '';
-- chat.ignoreUser: JSON array of the user ids this member ignores in this room.
ALTER TABLE subscriptions ADD COLUMN ignored TEXT NOT NULL DEFAULT '[]';
