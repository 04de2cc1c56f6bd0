#pragma once
// Teams as the store keeps them (migration 0010): Rocket.Chat's ITeam and ITeamMember. A team
// is a name, a type and a main room; the main room (and the rooms added to the team) carry
// `teamId` / `teamMain` / `teamDefault` in their own document, not here.
#include <cstdint>
#include <string>
#include <vector>

namespace parley::store {

struct TeamRecord {
  std::string id;
  std::string name;     // unique, case-insensitively, like the main room's name
  int type = 0;         // RC's TEAM_TYPE: 0 public (main room "c"), 1 private ("p")
  std::string room_id;  // the main room
  int64_t created_at = 0;
  int64_t updated_at = 0;
  std::string created_by_id;  // `createdBy: {_id, username}`
  std::string created_by_username;
};

struct TeamMemberRecord {
  std::string team_id;
  std::string user_id;
  std::vector<std::string> roles;  // "owner", "moderator", ...; mirrored on the main room's
                                   // subscription by chat/
  int64_t created_at = 0;
  std::string created_by_id;
  std::string created_by_username;
};

struct TeamPage {
  std::vector<TeamRecord> teams;
  int64_t total = 0;
};

}  // namespace parley::store
