#include "chat/messages.hpp"

#include <algorithm>
#include <boost/json/array.hpp>
#include <cstdlib>

#include "chat/message_parser.hpp"
#include "chat/notifications.hpp"
#include "chat/permissions.hpp"
#include "chat/room_views.hpp"
#include "chat/user_views.hpp"
#include "util/ids.hpp"

namespace parley::chat {

namespace json = boost::json;

namespace {

constexpr int64_t kTsRejectMs = 60'000;   // client ts further off than this is refused
constexpr int64_t kTsReplaceMs = 10'000;  // ...and further than this is replaced by now

json::value ejson_date(int64_t ms) {
  return date_value(ms, DateStyle::kEjson);
}

Error message_not_found() {
  return domain_error("error-invalid-message", "Invalid message");
}

std::string normalise_emoji(std::string emoji) {
  while (!emoji.empty() && emoji.front() == ':') emoji.erase(emoji.begin());
  while (!emoji.empty() && emoji.back() == ':') emoji.pop_back();
  return emoji.empty() ? emoji : ":" + emoji + ":";
}

// Adds or removes `value` in the string array doc[key][sub] (creating it as needed);
// returns whether the array now contains it.
bool toggle_in(json::array& list, const json::value& value, std::optional<bool> want) {
  auto it = std::find(list.begin(), list.end(), value);
  bool present = it != list.end();
  bool target = want.value_or(!present);
  if (target && !present) list.push_back(value);
  if (!target && present) list.erase(it);
  return target;
}

}  // namespace

json::object message_user(const store::UserRecord& user) {
  return {{"_id", user.id}, {"username", user.username}, {"name", user.name}};
}

Messages::Messages(store::Store& store, const util::Clock& clock, RoomAccess& access,
                   Events& events, MessageLimits limits)
    : store_(store),
      clock_(clock),
      access_(access),
      events_(events),
      max_size_(limits.max_size),
      threads_enabled_(limits.threads_enabled) {}

void Messages::set_limits(MessageLimits limits) {
  max_size_ = limits.max_size;
  threads_enabled_ = limits.threads_enabled;
}

json::object Messages::build(const store::UserRecord& sender, const store::RoomRecord& room,
                             const SendRequest& request, int64_t ts,
                             store::MessageEffects& effects) {
  json::object doc = request.extras;
  doc["_id"] = request.id;
  doc["rid"] = room.id;
  doc["msg"] = request.text;
  doc["ts"] = ejson_date(ts);
  doc["u"] = message_user(sender);
  doc["_updatedAt"] = ejson_date(ts);
  if (!request.thread_id.empty()) {
    doc["tmid"] = request.thread_id;
    if (request.tshow) doc["tshow"] = true;
  }

  MessageRefs refs = find_mentions(request.text);
  json::array mentions;
  for (const auto& name : refs.users) {
    if (name == "all" || name == "here") {
      if (has_permission(sender, name == "all" ? "mention-all" : "mention-here")) {
        mentions.push_back(json::object{{"_id", name}, {"username", name}});
        effects.group_mention = true;
      }
      continue;
    }
    auto user = store_.user_by_username(name);
    if (!user) continue;
    mentions.push_back(json::object{
        {"_id", user->id}, {"username", user->username}, {"name", user->name}, {"type", "user"}});
    if (user->id != sender.id && access_.members().is_member(room.id, user->id)) {
      effects.mentioned_user_ids.push_back(user->id);
    }
  }
  json::array channels;
  for (const auto& name : refs.channels) {
    auto mentioned = store_.room_by_name(name);
    if (mentioned &&
        (mentioned->type == "c" || access_.members().is_member(mentioned->id, sender.id))) {
      channels.push_back(json::object{{"_id", mentioned->id}, {"name", mentioned->name}});
    }
  }
  doc["mentions"] = std::move(mentions);
  doc["channels"] = std::move(channels);
  doc["md"] = parse_message(request.text);
  if (!doc.contains("urls")) doc["urls"] = json::array{};
  effects.reopen = room.type == "d";
  return doc;
}

Result<json::object> Messages::send(const store::UserRecord& sender, SendRequest request) {
  if (request.text.size() > max_size_.load()) {
    return domain_error("error-message-size-exceeded",
                        "Message size exceeds the allowed maximum of " +
                            std::to_string(max_size_.load()) + " characters");
  }
  if (request.tshow && request.thread_id.empty()) {
    return invalid_params("tshow provided but missing tmid");
  }
  if (!request.thread_id.empty() && !threads_enabled_.load()) {
    return domain_error("error-not-allowed", "not-allowed");
  }
  // RC keeps a client's ts within 10 s of the server's clock. Otherwise ts is the store's
  // write stamp, so history order is commit order; _updatedAt is always the stamp.
  int64_t ts = clock_.now_ms();
  bool client_ts_kept = false;
  if (request.client_ts) {
    int64_t drift = std::llabs(*request.client_ts - ts);
    if (drift > kTsRejectMs) {
      return domain_error("error-message-ts-out-of-sync", "Message timestamp is out of sync");
    }
    if (drift <= kTsReplaceMs) {
      ts = *request.client_ts;
      client_ts_kept = true;
    }
  }

  auto room = store_.room_by_id(request.room_id);
  if (!room) return room_not_found();
  auto allowed = access_.check_can_post(sender, *room);
  if (!allowed) return allowed.error();
  // Rocket.Chat's validateMessage: posting under another name or picture takes
  // message-impersonate (bots and apps by default).
  auto non_empty = [&](const char* key) {
    const json::value* v = request.extras.if_contains(key);
    return v && v->is_string() && !v->get_string().empty();
  };
  if (non_empty("alias") || non_empty("avatar")) {
    auto subscription = store_.subscription(room->id, sender.id);
    if (!has_permission(sender, "message-impersonate", subscription ? &*subscription : nullptr)) {
      return domain_error("error-not-allowed", "Not enough permission");
    }
  }

  if (!request.thread_id.empty()) {
    auto parent = store_.message_by_id(request.thread_id);
    if (!parent || parent->deleted_at || parent->room_id != room->id) {
      return domain_error("error-invalid-message", "Invalid thread parent");
    }
    // A reply to a reply belongs to the root thread, as Rocket.Chat flattens it.
    if (!parent->thread_id.empty()) request.thread_id = parent->thread_id;
  }
  if (request.id.empty()) request.id = util::random_id();

  store::MessageEffects effects;
  effects.stamp_ts = !client_ts_kept;
  store::MessageRecord record;
  record.id = request.id;
  record.room_id = room->id;
  record.user_id = sender.id;
  record.thread_id = request.thread_id;
  record.ts = ts;
  record.doc = build(sender, *room, request, ts, effects);

  auto appended = store_.append_message(record, effects, publish_appended(*room));
  if (!appended.inserted) {
    const auto& existing = appended.message;
    if (existing.room_id != room->id || existing.user_id != sender.id || existing.deleted_at) {
      return domain_error("error-duplicate-message-id", "A message with this _id already exists");
    }
    return existing.doc;  // the resend of an acknowledged message: same answer, no event
  }
  if (sent_hook_) sent_hook_(room->type);
  announce(*room, sender, appended.message.doc, effects);
  run_room_message_hooks(*room, appended.message.doc, false);
  return appended.message.doc;
}

void Messages::announce(const store::RoomRecord& room, const store::UserRecord& sender,
                        const json::object& message, const store::MessageEffects& effects) {
  // The room's lm/msgs/lastMessage moved: members' room lists update from this.
  if (auto fresh = store_.room_by_id(room.id)) events_.room_changed_for_members(*fresh);

  // Members' subscriptions moved too (unread, alert, mentions, open). In rooms up to
  // Notifications_Max_Room_Members each member hears its own subscriptions-changed; beyond
  // that (#general: 7,000 rows per message) only the mentioned do, and the others' counters
  // are read fresh when they open the room or sync.
  auto tell = [&](const store::SubscriptionRecord& s) {
    if (s.user_id == sender.id) return;
    events_.user_event(s.user_id, "subscriptions-changed",
                       json::array{"updated", subscription_view(s, &room)});
  };
  // The member ids notifications may need come from the same read when there was one: a
  // DM (82 % of the traffic) then costs one member read per message, not two.
  std::optional<std::vector<std::string>> member_ids;
  if (room.users_count <= static_cast<int64_t>(kNotificationsMaxRoomMembers)) {
    member_ids.emplace();
    for (const auto& s : store_.room_members(room.id, 0, 0).subscriptions) {
      member_ids->push_back(s.user_id);
      tell(s);
    }
  } else {
    for (const auto& uid : effects.mentioned_user_ids) {
      if (auto s = store_.subscription(room.id, uid)) tell(*s);
    }
  }

  NotificationInput in{room, sender, message, effects.mentioned_user_ids, effects.group_mention};
  std::vector<std::string> members;
  if (notification_needs_members(in)) {
    members = member_ids ? std::move(*member_ids) : store_.room_member_ids(room.id);
  }
  auto recipients = notification_recipients(in, members);
  if (recipients.empty()) return;
  json::object payload = notification_payload(in);
  for (const auto& uid : recipients) {
    events_.user_event(uid, "notification", json::array{payload});
  }
}

store::AfterAppend Messages::publish_appended(const store::RoomRecord& room) {
  // On the store's writer, in commit order (store.hpp): the room's stream order is its history
  // order. The thread parent's new tcount/tlm goes out right behind its reply.
  return [this, &room](const store::AppendResult& stored) {
    events_.message_changed(room, stored.message.doc);
    if (stored.parent) events_.message_changed(room, stored.parent->doc);
  };
}

Result<json::object> Messages::post_system(const store::RoomRecord& room,
                                           const store::UserRecord& actor, std::string type,
                                           std::string text, json::object extra) {
  int64_t ts = clock_.now_ms();  // provisional: the store stamps ts and _updatedAt
  store::MessageRecord record;
  record.id = util::random_id();
  record.room_id = room.id;
  record.user_id = actor.id;
  record.ts = ts;
  json::object doc = std::move(extra);
  doc["_id"] = record.id;
  doc["rid"] = room.id;
  doc["t"] = type;
  doc["msg"] = text;
  doc["ts"] = ejson_date(ts);
  doc["u"] = message_user(actor);
  doc["_updatedAt"] = ejson_date(ts);
  doc["groupable"] = false;
  doc["md"] = parse_message(text);
  record.doc = std::move(doc);
  // System messages count in msgs but do not raise anyone's unread count.
  store::MessageEffects effects;
  effects.count_unread = false;
  effects.stamp_ts = true;
  auto appended = store_.append_message(record, effects, publish_appended(room));
  run_room_message_hooks(room, appended.message.doc, false);
  return appended.message.doc;
}

Result<store::RoomRecord> Messages::readable_room(const store::UserRecord& viewer,
                                                  std::string_view room_id) {
  auto room = store_.room_by_id(room_id);
  if (!room || !access_.can_read(viewer, *room)) return room_not_found();
  return std::move(*room);
}

Result<std::pair<store::MessageRecord, store::RoomRecord>> Messages::load(
    const store::UserRecord& actor, std::string_view message_id) {
  auto message = store_.message_by_id(message_id);
  if (!message || message->deleted_at) return message_not_found();
  auto room = readable_room(actor, message->room_id);
  if (!room) return message_not_found();  // not telling a stranger the message exists
  return std::make_pair(std::move(*message), std::move(room.value()));
}

Status Messages::modify_and_publish(const store::RoomRecord& room, std::string_view message_id,
                                    const store::MessageMutation& mutation) {
  store::MessageRecord written;
  auto status = store_.modify_message(message_id, mutation, &written,
                                      [&] { events_.message_changed(room, written.doc); });
  if (status == store::WriteStatus::kNotFound) return message_not_found();
  return Ok{};
}

Result<json::object> Messages::update(const store::UserRecord& actor, std::string_view room_id,
                                      std::string_view message_id, std::string text) {
  auto loaded = load(actor, message_id);
  if (!loaded) return loaded.error();
  auto& [message, room] = loaded.value();
  if (message.room_id != room_id) {
    return domain_error("error-invalid-message", "The room id provided does not match");
  }
  if (message.doc.contains("t")) {
    return domain_error("error-action-not-allowed", "Editing system messages is not allowed");
  }
  auto subscription = store_.subscription(room.id, actor.id);
  bool own = message.user_id == actor.id;
  if (!own && !has_permission(actor, "edit-message", subscription ? &*subscription : nullptr)) {
    return domain_error("error-action-not-allowed", "Message editing not allowed");
  }
  if (text.size() > max_size_.load()) {
    return domain_error("error-message-size-exceeded", "Message size exceeds the allowed maximum");
  }
  if (room.archived) return domain_error("error-room-archived", "Room is archived");

  int64_t now = clock_.now_ms();
  SendRequest reparse;
  reparse.text = text;
  store::MessageEffects ignored;
  json::object rebuilt = build(actor, room, reparse, now, ignored);
  json::object edited_by{{"_id", actor.id}, {"username", actor.username}};
  store::MessageRecord written;
  auto status = store_.modify_message(
      message_id,
      [&](store::MessageRecord& m) {
        m.doc["msg"] = text;
        m.doc["md"] = rebuilt["md"];
        m.doc["mentions"] = rebuilt["mentions"];
        m.doc["channels"] = rebuilt["channels"];
        m.doc["editedAt"] = ejson_date(now);
        m.doc["editedBy"] = edited_by;
        return true;
      },
      &written, [&] { events_.message_changed(room, written.doc); });
  if (status != store::WriteStatus::kOk) return message_not_found();
  return written.doc;
}

Result<json::object> Messages::remove(const store::UserRecord& actor, std::string_view room_id,
                                      std::string_view message_id) {
  auto loaded = load(actor, message_id);
  if (!loaded) return loaded.error();
  auto& [message, room] = loaded.value();
  if (message.room_id != room_id) {
    return domain_error("error-invalid-message", "The room id provided does not match");
  }
  auto subscription = store_.subscription(room.id, actor.id);
  bool own = message.user_id == actor.id;
  if (!own && !has_permission(actor, "delete-message", subscription ? &*subscription : nullptr)) {
    return domain_error("error-action-not-allowed", "Not allowed");
  }
  auto deleted =
      store_.delete_message(message_id, [&] { events_.message_deleted(room, message_id); });
  if (deleted != store::WriteStatus::kOk) return message_not_found();
  // msgs went down and lastMessage may have fallen back to an older message.
  if (auto fresh = store_.room_by_id(room.id)) events_.room_changed_for_members(*fresh);
  run_room_message_hooks(room, message.doc, true);
  return json::object{{"_id", message.id}, {"rid", room.id}, {"u", message.doc["u"]}};
}

Status Messages::react(const store::UserRecord& actor, std::string_view message_id,
                       std::string emoji, std::optional<bool> should_react) {
  auto loaded = load(actor, message_id);
  if (!loaded) return loaded.error();
  auto& room = loaded.value().second;
  if (room.archived) return domain_error("error-room-archived", "Room is archived");
  emoji = normalise_emoji(std::move(emoji));
  if (emoji.empty()) return invalid_params("The emoji must not be empty");
  const json::value username(actor.username);
  return modify_and_publish(room, message_id, [&](store::MessageRecord& m) {
    json::value& reactions_value = m.doc["reactions"];
    if (!reactions_value.is_object()) reactions_value = json::object{};
    json::object& reactions = reactions_value.get_object();
    json::value& entry = reactions[emoji];
    if (!entry.is_object()) entry = json::object{{"usernames", json::array{}}};
    json::value& names = entry.get_object()["usernames"];
    if (!names.is_array()) names = json::array{};
    bool before = std::find(names.get_array().begin(), names.get_array().end(), username) !=
                  names.get_array().end();
    bool after = toggle_in(names.get_array(), username, should_react);
    if (names.get_array().empty()) reactions.erase(emoji);
    if (reactions.empty()) m.doc.erase("reactions");
    return before != after;
  });
}

Result<std::optional<json::object>> Messages::set_pinned(const store::UserRecord& actor,
                                                         std::string_view message_id, bool pinned) {
  auto loaded = load(actor, message_id);
  if (!loaded) return loaded.error();
  auto& [message, room] = loaded.value();
  auto subscription = store_.subscription(room.id, actor.id);
  if (!has_permission(actor, "pin-message", subscription ? &*subscription : nullptr)) {
    return domain_error("error-action-not-allowed", "Message pinning not allowed");
  }
  if (room.archived) return domain_error("error-room-archived", "Room is archived");
  int64_t now = clock_.now_ms();
  auto status = modify_and_publish(room, message_id, [&](store::MessageRecord& m) {
    const json::value* current = m.doc.if_contains("pinned");
    if ((current && current->is_bool() && current->get_bool()) == pinned) return false;
    m.doc["pinned"] = pinned;
    m.doc["pinnedAt"] = ejson_date(now);
    m.doc["pinnedBy"] = json::object{{"_id", actor.id}, {"username", actor.username}};
    return true;
  });
  if (!status) return status.error();
  if (!pinned) return std::optional<json::object>();
  // The pinned notice quotes the original, as Rocket.Chat's message_pinned does.
  json::object quote{{"text", message.doc["msg"]},
                     {"author_name", message.doc["u"].at("username")},
                     {"ts", message.doc["ts"]},
                     {"message_link", ""}};
  auto notice =
      post_system(room, actor, "message_pinned", "", {{"attachments", json::array{quote}}});
  if (!notice) return notice.error();
  return std::optional<json::object>(std::move(notice.value()));
}

Status Messages::set_starred(const store::UserRecord& actor, std::string_view message_id,
                             bool starred) {
  auto loaded = load(actor, message_id);
  if (!loaded) return loaded.error();
  auto& room = loaded.value().second;
  if (!access_.is_member(room, actor)) return domain_error("error-not-allowed", "Not allowed");
  const json::value me = json::object{{"_id", actor.id}};
  return modify_and_publish(room, message_id, [&](store::MessageRecord& m) {
    json::value& list = m.doc["starred"];
    if (!list.is_array()) list = json::array{};
    bool before =
        std::find(list.get_array().begin(), list.get_array().end(), me) != list.get_array().end();
    toggle_in(list.get_array(), me, starred);
    return before != starred;
  });
}

Result<json::object> Messages::get(const store::UserRecord& viewer, std::string_view message_id) {
  auto loaded = load(viewer, message_id);
  if (!loaded) return loaded.error();
  return std::move(loaded.value().first.doc);
}

Result<MessageList> Messages::history(const store::UserRecord& viewer,
                                      const store::HistoryQuery& query) {
  auto room = readable_room(viewer, query.room_id);
  if (!room) return room.error();
  auto page = store_.room_history(query);
  MessageList out{{}, page.total};
  for (auto& m : page.messages) out.messages.push_back(std::move(m.doc));
  return out;
}

Result<MessageList> Messages::thread(const store::UserRecord& viewer, std::string_view thread_id,
                                     int64_t offset, int64_t count) {
  if (!threads_enabled_.load()) return domain_error("error-not-allowed", "Threads Disabled");
  auto loaded = load(viewer, thread_id);
  if (!loaded) return loaded.error();
  auto page = store_.thread_messages(thread_id, offset, count);
  MessageList out{{}, page.total};
  for (auto& m : page.messages) out.messages.push_back(std::move(m.doc));
  return out;
}

Result<MessageList> Messages::search(const store::UserRecord& viewer, std::string_view room_id,
                                     std::string_view text, int64_t offset, int64_t count) {
  auto room = readable_room(viewer, room_id);
  if (!room) return room.error();
  auto page = store_.search_messages(room_id, text, offset, count);
  MessageList out{{}, page.total};
  for (auto& m : page.messages) out.messages.push_back(std::move(m.doc));
  return out;
}

Result<Messages::Sync> Messages::sync(const store::UserRecord& viewer, std::string_view room_id,
                                      int64_t since) {
  auto room = readable_room(viewer, room_id);
  if (!room) return room.error();
  Sync out;
  for (auto& m : store_.messages_updated_since(room_id, since)) {
    out.updated.push_back(std::move(m.doc));
  }
  for (auto& m : store_.messages_deleted_since(room_id, since)) {
    out.deleted.push_back(json::object{{"_id", m.id}, {"_deletedAt", ejson_date(*m.deleted_at)}});
  }
  return out;
}

}  // namespace parley::chat
