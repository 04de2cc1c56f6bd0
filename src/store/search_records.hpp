#pragma once
// Queries for the finders clients call while typing (spotlight, directory) and for the thread
// lists of a room (chat.getThreadsList, chat.syncThreadsList). Text filters are Rocket.Chat's
// case-insensitive "contains" regexes: a plain substring, never a pattern.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace parley::store {

// Active users, as Rocket.Chat's Users.findByActiveUsersExcept / findPaginatedByActiveUsersExcept,
// or (users.listByStatus) users filtered by activity, logins, type and roles.
struct UserSearch {
  std::optional<bool> active = true;  // nullopt: active or not
  std::optional<bool> has_logged_in;  // whether last_login is set; nullopt: either
  std::string type;                   // "user", "bot", ...; empty: any
  std::vector<std::string> any_role;  // holds at least one of these global roles; empty: any
  std::string text;          // contained in the username or the name (or an email); empty: everyone
  bool match_email = false;  // directory's workspace=all also searches emails
  std::vector<std::string> exclude_usernames;         // compared case-insensitively
  std::optional<std::vector<std::string>> among_ids;  // only these users (a room's members)
  enum class Sort { kUsername, kName, kCreatedAt, kEmail, kActive };
  Sort sort = Sort::kUsername;
  bool descending = false;
  int64_t offset = 0;
  int64_t count = 0;  // 0 = no limit
};

// Rooms by name or fname.
struct RoomSearch {
  std::string text;                // contained in name or fname; empty: every name
  std::vector<std::string> types;  // rooms of these types ...
  std::string member_id;           // ... and, when set, rooms of member_types this user is in
  std::vector<std::string> member_types;
  std::string not_member_id;  // leave out the rooms this user is in (spotlight)
  bool without_default = false;
  // Rocket.Chat's findByNameOrFnameContainingAndTypes (rooms.adminRooms' `discussions` and
  // `teams` pseudo-types). Discussions (a `prid` in the doc) are left out unless
  // also_discussions; team main rooms (`teamMain` in the doc) are left out when
  // hide_team_mains, unless also_team_mains. Asked for, they match whatever their type.
  bool also_discussions = false;
  bool hide_team_mains = false;
  bool also_team_mains = false;
  enum class Sort { kName, kCreatedAt, kUsersCount, kLastMessage };
  Sort sort = Sort::kName;
  bool descending = false;
  bool featured_first = false;  // directory: `featured` rooms first, as RC sorts {featured: -1}
  bool default_first = false;   // rooms.adminRooms: default rooms first ({default: -1, name: 1})
  int64_t offset = 0;
  int64_t count = 0;  // 0 = no limit
};

// A room's thread parents (messages with replies), newest last reply (`tlm`) first.
struct ThreadQuery {
  std::string room_id;
  std::string text;         // contained in the parent's `msg`
  std::string follower_id;  // only threads this user follows (`replies` holds them)
  std::optional<std::vector<std::string>> only_ids;  // `unread`: the subscription's tunread
  std::optional<int64_t> updated_since;              // chat.syncThreadsList: _updatedAt > this
  int64_t offset = 0;
  int64_t count = 0;  // 0 = no limit
};

}  // namespace parley::store
