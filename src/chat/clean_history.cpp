// rooms.cleanHistory: Rocket.Chat's cleanRoomHistory (apps/meteor/app/lib/server/functions/
// cleanRoomHistory.ts) over parley's store. The matching messages are chosen here from one
// history read, then deleted in one store job; clients learn it from one deleteMessageBulk
// event carrying the ids, so a client that has not loaded those messages loses nothing.
// With ignoreDiscussion false, the discussion rooms the deleted messages link to (drid) are
// deleted too, as RC's deleteRoom of each: the room hooks run for each such message as for a
// single deletion, so chat/discussions removes the room. Where parley differs: deleted
// messages stay as tombstones (chat.syncMessages reports them as deleted).
#include <algorithm>

#include "chat/messages.hpp"
#include "chat/permissions.hpp"

namespace parley::chat {

namespace json = boost::json;

namespace {

bool flag(const json::object& doc, std::string_view key) {
  const auto* v = doc.if_contains(key);
  return v != nullptr && v->is_bool() && v->get_bool();
}

bool matches(const store::MessageRecord& m, const CleanHistoryRequest& r) {
  if (r.exclude_pinned && flag(m.doc, "pinned")) return false;
  if (r.ignore_discussion && m.doc.contains("drid")) return false;
  if (r.ignore_threads && (!m.thread_id.empty() || m.doc.contains("tcount"))) return false;
  if (!r.users.empty()) {
    const auto* u = m.doc.if_contains("u");
    const auto* name = u && u->is_object() ? u->get_object().if_contains("username") : nullptr;
    if (name == nullptr || !name->is_string()) return false;
    if (std::find(r.users.begin(), r.users.end(), name->get_string()) == r.users.end()) {
      return false;
    }
  }
  return true;
}

// The upload ids a message holds: `files[]._id`, else `file._id`.
std::vector<std::string> upload_ids(const json::object& doc) {
  std::vector<std::string> ids;
  if (const auto* files = doc.if_contains("files"); files && files->is_array()) {
    for (const auto& f : files->get_array()) {
      const auto* id = f.is_object() ? f.get_object().if_contains("_id") : nullptr;
      if (id && id->is_string()) ids.emplace_back(id->get_string());
    }
  }
  if (ids.empty()) {
    if (const auto* file = doc.if_contains("file"); file && file->is_object()) {
      const auto* id = file->get_object().if_contains("_id");
      if (id && id->is_string()) ids.emplace_back(id->get_string());
    }
  }
  return ids;
}

json::object date(int64_t ms) {
  return json::object{{"$date", ms}};
}

}  // namespace

Result<int64_t> Messages::clean_history(
    const store::UserRecord& actor, const store::RoomRecord& room,
    const CleanHistoryRequest& request,
    const std::function<bool(std::string_view)>& remove_upload) {
  auto subscription = store_.subscription(room.id, actor.id);
  if (!has_permission(actor, "clean-channel-history", subscription ? &*subscription : nullptr)) {
    return domain_error("error-not-allowed", "Not allowed");
  }

  store::HistoryQuery query;
  query.room_id = room.id;
  query.oldest = request.oldest;
  query.latest = request.latest;
  query.inclusive = request.inclusive;
  query.count = 0;
  query.oldest_first = true;
  query.count_total = false;  // every message comes back anyway
  std::vector<store::MessageRecord> chosen;
  for (auto& m : store_.room_history(query).messages) {
    if (!matches(m, request)) continue;
    chosen.push_back(std::move(m));
    if (request.limit > 0 && static_cast<int64_t>(chosen.size()) >= request.limit) break;
  }

  // Files first, as Rocket.Chat: a message whose files could not all be removed keeps them
  // and, with files_only, its text.
  int64_t files_cleaned = 0;
  for (const auto& m : chosen) {
    const auto ids = upload_ids(m.doc);
    if (ids.empty()) continue;
    bool all = true;
    for (const auto& id : ids) all = (remove_upload ? remove_upload(id) : false) && all;
    if (!all) continue;
    ++files_cleaned;
    if (!request.files_only) continue;
    // RC's i18n "File_removed_by_prune", in italics, as the message's only attachment.
    modify_and_publish(room, m.id, [](store::MessageRecord& row) {
      row.doc.erase("file");
      row.doc.erase("files");
      row.doc["attachments"] =
          json::array{json::object{{"color", "#FD745E"}, {"text", "_File removed by prune_"}}};
      return true;
    });
  }
  if (request.files_only) return files_cleaned;

  std::vector<std::string> ids;
  ids.reserve(chosen.size());
  for (const auto& m : chosen) ids.push_back(m.id);
  if (ids.empty()) return int64_t{0};

  json::array users;
  for (const auto& u : request.users) users.emplace_back(u);
  json::array id_list;
  for (const auto& id : ids) id_list.emplace_back(id);
  // RC's ts filter as the client's cache query reads it ($gt/$lt, or $gte/$lte).
  json::object ts{{request.inclusive ? "$gte" : "$gt", date(request.oldest)},
                  {request.inclusive ? "$lte" : "$lt", date(request.latest)}};
  json::object bulk{{"rid", room.id},
                    {"excludePinned", request.exclude_pinned},
                    {"ignoreDiscussion", request.ignore_discussion},
                    {"ts", std::move(ts)},
                    {"users", std::move(users)},
                    {"ids", std::move(id_list)}};
  const int64_t deleted = store_.delete_messages(
      room.id, ids, [&] { events_.room_event(room, "deleteMessageBulk", json::array{bulk}); });
  // The discussions of removed discussion-created messages go (matches() kept such messages
  // only when ignore_discussion is false). A room that is itself a discussion has its count
  // on the parent's link refreshed by one more run of the hooks without a message.
  if (deleted > 0) {
    for (const auto& m : chosen) {
      if (m.doc.contains("drid")) run_room_message_hooks(room, m.doc, true);
    }
    if (room.doc.contains("prid")) run_room_message_hooks(room, json::object{}, true);
  }
  // msgs went down and lastMessage may have fallen back to an older message.
  if (deleted > 0) {
    if (auto fresh = store_.room_by_id(room.id)) events_.room_changed_for_members(*fresh);
  }
  return deleted;
}

}  // namespace parley::chat
