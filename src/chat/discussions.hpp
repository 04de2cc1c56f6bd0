#pragma once
// DESIGN: discussions (issue 11, item 3), as Rocket.Chat 7 has them
// (apps/meteor/app/discussion/server/): a discussion is a room of its own, a child of a parent
// room (`prid` in its doc and in each member's subscription), linked from the parent by a
// `discussion-created` system message that carries `drid` and, as the discussion fills, the
// discussion's message count and last message time (`dcount`, `dlm`).
//
// Who does what, in order, on the calling worker:
//  - create(): RC's checks in RC's order, then the room (Rooms::insert_discussion, one store
//    write with every subscription), then the quote of the parent message inside it, then the
//    discussion-created message in the parent, then the reply. Each step commits before the
//    next; a failure after the room exists leaves the room (as in RC, which has no transaction).
//  - Messages' room hook: a message stored in or deleted from a discussion rewrites dcount/dlm
//    on the linking messages (read back from the room, so concurrent sends settle on the
//    room's own count); a non-member who posts in a public discussion joins it; deleting a
//    discussion-created message removes its discussion.
//  - Rooms' erase hook: an erased room takes its discussions with it, and an erased discussion
//    leaves its linking messages without drid/dcount/dlm (RC's DeleteDiscussionChain and
//    CleanDiscussionMessage).
// Not done (RC does them): a renamed parent renaming its discussions' topic, and encrypted
// discussions beyond the `encrypted` flag.
#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <vector>

#include "chat/errors.hpp"
#include "chat/events.hpp"
#include "chat/messages.hpp"
#include "chat/room_access.hpp"
#include "chat/rooms.hpp"
#include "chat/settings.hpp"
#include "store/store.hpp"

namespace parley::chat {

// rooms.createDiscussion's body / the createDiscussion method's argument.
struct CreateDiscussion {
  std::string parent_id;               // prid (optional when parent_message_id is given)
  std::string parent_message_id;       // pmid
  std::string name;                    // t_name: the discussion's fname
  std::string reply;                   // posted as the first message of the discussion
  std::vector<std::string> usernames;  // invited besides the creator
  std::optional<bool> encrypted;       // default: the parent's
  std::string topic;                   // default: the parent's name
};

struct RoomList {
  std::vector<store::RoomRecord> rooms;
  int64_t total = 0;
};

class Discussions {
 public:
  // Registers its hooks on `messages` and `rooms`; construct before serving.
  Discussions(store::Store& store, RoomAccess& access, Rooms& rooms, Messages& messages,
              Events& events, const Settings& settings);

  // The new discussion room. Errors as Rocket.Chat's createDiscussion:
  // error-action-not-allowed (Discussion_enabled off, neither start-discussion nor
  // start-discussion-other-user in the parent), error-invalid-message (unknown pmid),
  // error-invalid-arguments (pmid of another room, no parent, encrypted with a reply),
  // error-invalid-room / error-not-allowed / error-room-archived (cannot post in the parent),
  // error-nested-discussion (the parent is a discussion). A message that already has a
  // discussion (pmid) gets no second one: the creator joins the existing one, which is
  // returned.
  Result<store::RoomRecord> create(const store::UserRecord& creator, CreateDiscussion request);

  // rooms.getDiscussions: the parent's discussions by fname (fname containing `text`).
  // error-room-not-found for a parent the viewer cannot read.
  Result<RoomList> rooms_of(const store::UserRecord& viewer, const RoomRef& parent,
                            std::string text, int64_t offset, int64_t count);
  // chat.getDiscussions: the parent's messages that link to a discussion, newest first.
  // error-not-allowed for a room the viewer cannot read.
  Result<MessageList> messages_of(const store::UserRecord& viewer, std::string_view room_id,
                                  std::string text, int64_t offset, int64_t count);

 private:
  // After a message in `room` was stored or deleted (Messages' hook).
  void on_room_message(const store::RoomRecord& room, const boost::json::object& message,
                       bool removed);
  // After `room` was erased (Rooms' hook).
  void on_room_erased(const store::RoomRecord& room);
  // The discussion of `parent_id` started from message `message_id` (its doc's pmid), if any.
  std::optional<store::RoomRecord> discussion_of_message(const std::string& parent_id,
                                                         const std::string& message_id);
  // Copies the discussion's msgs/lm to the parent's messages that link to it (dcount/dlm),
  // or with `unlink` removes drid/dcount/dlm from them.
  void update_links(const std::string& parent_id, const std::string& discussion_id, bool unlink);

  store::Store& store_;
  RoomAccess& access_;
  Rooms& rooms_;
  Messages& messages_;
  Events& events_;
  const Settings& settings_;
};

// The attachment Rocket.Chat's attachMessage makes of a quoted message.
boost::json::object quote_attachment(const store::MessageRecord& message);

}  // namespace parley::chat
