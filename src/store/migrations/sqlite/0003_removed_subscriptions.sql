-- Subscriptions that ended (leave, kick), so subscriptions.get?updatedSince can list them in
-- `remove` as Rocket.Chat lists its trash: a client syncing its sidebar learns the room is
-- gone. One row per ended subscription id; a user who rejoins gets a new subscription id.

CREATE TABLE removed_subscriptions (
  id         TEXT    NOT NULL PRIMARY KEY,
  room_id    TEXT    NOT NULL,
  user_id    TEXT    NOT NULL,
  room_type  TEXT    NOT NULL,
  removed_at INTEGER NOT NULL
);
-- subscriptions.get?updatedSince: one user's removals after a time.
CREATE INDEX removed_subscriptions_by_user ON removed_subscriptions (user_id, removed_at);
