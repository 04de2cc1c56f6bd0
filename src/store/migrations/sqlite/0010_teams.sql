-- Teams (issue 11, item 4): Rocket.Chat's ITeam and ITeamMember. A team's main room and the
-- rooms added to it say so in their own document (`teamId`, `teamMain`, `teamDefault`); the
-- index below finds a team's rooms by that field. The team permissions (create-team,
-- delete-team, move-room-to-team, ...) are among RC 7's defaults that 0008 seeded.
CREATE TABLE teams (
  id                   TEXT    NOT NULL PRIMARY KEY,
  name                 TEXT    NOT NULL UNIQUE COLLATE NOCASE,
  type                 INTEGER NOT NULL DEFAULT 0,  -- 0 public, 1 private
  room_id              TEXT    NOT NULL,            -- the main room
  created_at           INTEGER NOT NULL,
  updated_at           INTEGER NOT NULL,
  created_by_id        TEXT    NOT NULL DEFAULT '',
  created_by_username  TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX teams_by_room ON teams (room_id);

-- Memberships go with their team and with their user.
CREATE TABLE team_members (
  team_id              TEXT    NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
  user_id              TEXT    NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  roles                TEXT    NOT NULL DEFAULT '[]',  -- JSON array of role ids
  created_at           INTEGER NOT NULL,
  created_by_id        TEXT    NOT NULL DEFAULT '',
  created_by_username  TEXT    NOT NULL DEFAULT '',
  PRIMARY KEY (team_id, user_id)
);
CREATE INDEX team_members_by_user ON team_members (user_id);

-- A team's rooms (teams.listRooms, the counts of teams.list) without a scan of every room. The
-- CASE keeps a malformed doc from failing the row's writes (the readers skip and count such
-- rows); queries repeat the expression as written so the planner can use the index.
CREATE INDEX rooms_by_team
  ON rooms ((CASE WHEN json_valid(doc) THEN json_extract(doc, '$.teamId') END))
  WHERE (CASE WHEN json_valid(doc) THEN json_extract(doc, '$.teamId') END) IS NOT NULL;
