// Thread following and the deleted-message list (issue 11, item 8): Rocket.Chat's
// followMessage / unfollowMessage (apps/meteor/app/threads/server/methods/) and
// chat.getDeletedMessages (apps/meteor/app/api/server/v1/chat.ts).
//
// A thread's followers are its parent's `replies` (the store adds each replier there); following
// adds the user, unfollowing removes them, so chat.getThreadsList?type=following and the
// clients' bell follow. parley keeps no per-thread unread list (`tunread`), so unfollowing has
// nothing else to clear.
#include <algorithm>
#include <boost/json/array.hpp>

#include "chat/messages.hpp"

namespace parley::chat {

namespace json = boost::json;

Status Messages::set_following(const store::UserRecord& viewer, std::string_view message_id,
                               bool follow) {
  if (!threads_enabled_.load()) return domain_error("error-not-allowed", "not-allowed");
  auto message = store_.message_by_id(message_id);
  if (!message || message->deleted_at) {
    return domain_error("error-invalid-message", "Invalid message");
  }
  auto room = store_.room_by_id(message->room_id);
  if (!room || !access_.can_read(viewer, *room)) {
    return domain_error("error-not-allowed", "not-allowed");
  }
  const std::string thread_id = message->thread_id.empty() ? message->id : message->thread_id;
  const json::value me(viewer.id);
  auto status = modify_and_publish(*room, thread_id, [&](store::MessageRecord& m) {
    json::value& replies = m.doc["replies"];
    if (!replies.is_array()) replies = json::array{};
    auto& list = replies.get_array();
    auto it = std::find(list.begin(), list.end(), me);
    if (follow == (it != list.end())) return false;
    if (follow) {
      list.push_back(me);
    } else {
      list.erase(it);
    }
    return true;
  });
  // A parent deleted meanwhile has no followers to change; RC answers success there too.
  if (!status && status.error().code_string() != "error-invalid-message") return status;
  return Ok{};
}

Result<MessageList> Messages::deleted_since(const store::UserRecord& viewer,
                                            std::string_view room_id, int64_t since, int64_t offset,
                                            int64_t count) {
  // Rocket.Chat answers ids for any room id without checking access; parley answers only
  // readers of the room (the ids say when someone deleted what).
  auto room = store_.room_by_id(room_id);
  if (!room || !access_.can_read(viewer, *room)) {
    return domain_error("error-not-allowed", "Not allowed");
  }
  auto deleted = store_.messages_deleted_since(room_id, since);
  MessageList out;
  out.total = static_cast<int64_t>(deleted.size());
  const auto begin = static_cast<std::size_t>(std::clamp<int64_t>(offset, 0, out.total));
  std::size_t end = deleted.size();
  if (count > 0) end = std::min(end, begin + static_cast<std::size_t>(count));
  for (std::size_t i = begin; i < end; ++i) {
    out.messages.push_back(json::object{{"_id", deleted[i].id}});
  }
  return out;
}

}  // namespace parley::chat
