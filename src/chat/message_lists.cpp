// Messages' thread and search reads for RC 7's web client: getThreadMessages,
// chat.getThreadsList / chat.syncThreadsList, and messageSearch across the caller's rooms
// (apps/meteor/app/threads/server/methods/getThreadMessages.ts,
// apps/meteor/app/api/server/v1/chat.ts, apps/meteor/server/methods/messageSearch.ts).
#include "chat/messages.hpp"

namespace parley::chat {

namespace json = boost::json;

namespace {

Error threads_disabled() {
  return domain_error("error-not-allowed", "Threads Disabled");
}

}  // namespace

Result<MessageList> Messages::thread_with_parent(const store::UserRecord& viewer,
                                                 std::string_view tmid, int64_t skip,
                                                 int64_t limit) {
  if (!threads_enabled_.load()) return threads_disabled();
  MessageList out;
  auto parent = store_.message_by_id(tmid);
  if (!parent || parent->deleted_at) return out;  // RC answers [] for an unknown thread
  auto room = store_.room_by_id(parent->room_id);
  if (!room || !access_.can_read(viewer, *room)) {
    return domain_error("error-not-allowed", "Not allowed");
  }
  const json::value* tcount = parent->doc.if_contains("tcount");
  if (!tcount || !tcount->is_number() || tcount->to_number<double>() <= 0) return out;

  // RC sorts the replies {ts: -1}; the store pages them oldest first, so the newest-first
  // window [skip, skip + limit) is read as the oldest-first window that ends where it does.
  skip = std::max<int64_t>(0, skip);
  const int64_t total = store_.thread_messages(tmid, 0, 1).total;
  int64_t end = total - skip;  // exclusive, oldest-first
  if (end < 0) end = 0;
  int64_t begin = limit > 0 ? std::max<int64_t>(0, end - limit) : 0;
  out.total = total;
  out.messages.push_back(std::move(parent->doc));
  if (end > begin) {
    auto page = store_.thread_messages(tmid, begin, end - begin);
    for (auto it = page.messages.rbegin(); it != page.messages.rend(); ++it) {
      out.messages.push_back(std::move(it->doc));
    }
  }
  return out;
}

Result<MessageList> Messages::thread_list(const store::UserRecord& viewer, store::ThreadQuery query,
                                          std::string_view type) {
  if (!threads_enabled_.load()) return threads_disabled();
  auto room = store_.room_by_id(query.room_id);
  if (!room || !access_.can_read(viewer, *room)) {
    return domain_error("error-not-allowed", "Not Allowed");
  }
  if (type == "following") query.follower_id = viewer.id;
  // `unread` is the subscription's tunread list; parley does not keep per-thread unread
  // state yet, so that list is empty, as it is in RC for a user who has read every thread.
  if (type == "unread") query.only_ids = std::vector<std::string>{};
  auto page = store_.thread_parents(query);
  MessageList out{{}, page.total};
  for (auto& m : page.messages) out.messages.push_back(std::move(m.doc));
  return out;
}

Result<Messages::ThreadSync> Messages::thread_sync(const store::UserRecord& viewer,
                                                   std::string_view room_id, int64_t since) {
  if (!threads_enabled_.load()) return threads_disabled();
  auto room = store_.room_by_id(room_id);
  if (!room || !access_.can_read(viewer, *room)) {
    return domain_error("error-not-allowed", "Not Allowed");
  }
  store::ThreadQuery query;
  query.room_id = std::string(room_id);
  query.updated_since = since;
  ThreadSync out;
  for (auto& m : store_.thread_parents(query).messages) out.update.push_back(std::move(m.doc));
  for (auto& m : store_.thread_parents_deleted_since(room_id, since)) {
    out.remove.push_back(
        json::object{{"_id", m.id}, {"_deletedAt", json::object{{"$date", *m.deleted_at}}}});
  }
  return out;
}

MessageList Messages::search_member_rooms(const store::UserRecord& viewer, std::string_view text,
                                          int64_t offset, int64_t count) {
  auto page = store_.search_messages_of_member(viewer.id, text, offset, count);
  MessageList out{{}, page.total};
  for (auto& m : page.messages) out.messages.push_back(std::move(m.doc));
  return out;
}

}  // namespace parley::chat
