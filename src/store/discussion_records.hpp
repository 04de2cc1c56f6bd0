#pragma once
// What the discussion lists ask of the store (issue 11, item 3): a room's discussions
// (rooms.getDiscussions: rooms whose doc has `prid`) and the messages of a room that link to a
// discussion (chat.getDiscussions: messages whose doc has `drid`). Text filters are Rocket.Chat's
// case-insensitive "contains" regexes: a plain substring, never a pattern.
#include <cstdint>
#include <string>

namespace parley::store {

struct DiscussionQuery {
  std::string room_id;        // the parent room
  std::string text;           // contained in the discussion's fname / the message's msg
  std::string discussion_id;  // messages only: only those whose drid is this room
  int64_t offset = 0;
  int64_t count = 0;  // 0 = no limit
};

}  // namespace parley::store
