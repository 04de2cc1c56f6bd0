// Discussions: see discussions.hpp. Rocket.Chat's createDiscussion
// (apps/meteor/app/discussion/server/methods/createDiscussion.ts), its hooks
// (hooks/propagateDiscussionMetadata.ts) and the lists of rooms.getDiscussions /
// chat.getDiscussions (apps/meteor/app/api/server/v1/rooms.ts, chat.ts).
#include "chat/discussions.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/json/array.hpp>

#include "chat/permissions.hpp"
#include "chat/user_views.hpp"
#include "util/ids.hpp"

namespace parley::chat {

namespace json = boost::json;

namespace {

std::string doc_string(const json::object& doc, std::string_view key) {
  const json::value* v = doc.if_contains(key);
  return v && v->is_string() ? std::string(v->get_string()) : std::string{};
}

bool doc_bool(const json::object& doc, std::string_view key) {
  const json::value* v = doc.if_contains(key);
  return v && v->is_bool() && v->get_bool();
}

Error not_allowed_to_create() {
  return domain_error("error-action-not-allowed", "You are not allowed to create a discussion");
}

}  // namespace

json::object quote_attachment(const store::MessageRecord& message) {
  const json::value* u = message.doc.if_contains("u");
  std::string author = u && u->is_object() ? doc_string(u->get_object(), "username") : "";
  json::object quote{{"text", doc_string(message.doc, "msg")},
                     {"author_name", author},
                     {"author_icon", "/avatar/" + author},
                     {"message_link", ""},
                     {"ts", date_value(message.ts, DateStyle::kEjson)}};
  if (const json::value* md = message.doc.if_contains("md")) quote["md"] = *md;
  if (const json::value* a = message.doc.if_contains("attachments")) quote["attachments"] = *a;
  return quote;
}

Discussions::Discussions(store::Store& store, RoomAccess& access, Rooms& rooms, Messages& messages,
                         Events& events, const Settings& settings)
    : store_(store),
      access_(access),
      rooms_(rooms),
      messages_(messages),
      events_(events),
      settings_(settings) {
  messages_.on_room_message([this](const store::RoomRecord& room, const json::object& message,
                                   bool removed) { on_room_message(room, message, removed); });
  rooms_.on_erased([this](const store::RoomRecord& room) { on_room_erased(room); });
}

Result<store::RoomRecord> Discussions::create(const store::UserRecord& creator,
                                              CreateDiscussion request) {
  if (!settings_.boolean("Discussion_enabled")) return not_allowed_to_create();
  // RC checks the two permissions in the scope of the prid it was given (none: global roles).
  {
    std::optional<store::SubscriptionRecord> sub;
    if (!request.parent_id.empty()) sub = store_.subscription(request.parent_id, creator.id);
    const auto* scope = sub ? &*sub : nullptr;
    if (!has_permission(creator, "start-discussion", scope) &&
        !has_permission(creator, "start-discussion-other-user", scope)) {
      return not_allowed_to_create();
    }
  }

  std::optional<store::MessageRecord> quoted;
  if (!request.parent_message_id.empty()) {
    quoted = store_.message_by_id(request.parent_message_id);
    if (!quoted || quoted->deleted_at) {
      return domain_error("error-invalid-message", "Invalid message");
    }
    if (request.parent_id.empty()) {
      request.parent_id = quoted->room_id;
    } else {
      // The message may sit in a discussion of the parent: RC compares the discussion's parent.
      auto room = store_.room_by_id(quoted->room_id);
      std::string root = room ? doc_string(room->doc, "prid") : "";
      if (room && root.empty()) root = room->id;
      if (root != request.parent_id) {
        return domain_error("error-invalid-arguments",
                            "Root message room ID does not match parent room ID ");
      }
    }
  }
  if (request.parent_id.empty()) {
    return domain_error("error-invalid-arguments", "Missing parent room ID");
  }
  if (request.name.empty()) {
    return domain_error("error-invalid-arguments", "Missing discussion name");
  }

  // RC's canSendMessage on the parent.
  auto parent = store_.room_by_id(request.parent_id);
  if (!parent) return domain_error("error-invalid-room", "Invalid room");
  if (auto can = access_.check_can_post(creator, *parent); !can) return can.error();
  if (!doc_string(parent->doc, "prid").empty()) {
    return domain_error("error-nested-discussion", "Cannot create nested discussions");
  }
  const bool parent_encrypted = doc_bool(parent->doc, "encrypted");
  const bool encrypted = request.encrypted.value_or(parent_encrypted);
  if (encrypted && !request.reply.empty()) {
    return domain_error("error-invalid-arguments",
                        "Encrypted discussions must not receive an initial reply.");
  }

  // One discussion per message (RC's "do not allow multiple discussions to the same message"):
  // asking again joins the caller to the existing one and answers it. RC looks the discussion
  // up by {prid, pmid} but never writes pmid on the room, so its check never finds one and a
  // second discussion is made; parley writes pmid, so the check does what it says.
  if (quoted) {
    if (auto existing = discussion_of_message(parent->id, quoted->id)) {
      if (auto joined = rooms_.add_to_room(creator, *existing, creator); !joined) {
        return joined.error();
      }
      return store_.room_by_id(existing->id).value_or(*existing);
    }
  }

  // The quoted message's author is invited too; unknown names are skipped, as createRoom does.
  std::vector<std::string> invited;
  if (quoted) {
    const json::value* u = quoted->doc.if_contains("u");
    if (u && u->is_object()) invited.push_back(doc_string(u->get_object(), "username"));
  }
  invited.insert(invited.end(), request.usernames.begin(), request.usernames.end());
  std::vector<store::UserRecord> members;
  for (const auto& username : invited) {
    if (username.empty()) continue;
    auto user = store_.user_by_username(username);
    if (!user || user->id == creator.id) continue;
    if (std::none_of(members.begin(), members.end(),
                     [&](const auto& m) { return m.id == user->id; })) {
      members.push_back(std::move(*user));
    }
  }

  // A discussion of a channel is a channel; of a group or a DM, a private group. Its name is a
  // random id (RC: Random.id()); clients show fname.
  store::RoomRecord room;
  room.id = util::random_id();
  // Built, not assigned from a literal: g++ 12 warns falsely (-Wrestrict) on the assignment.
  std::string type(parent->type == "c" ? "c" : "p");
  room.type = std::move(type);
  room.name = util::random_id();
  room.doc = {{"fname", request.name},
              {"u", json::object{{"_id", creator.id}, {"username", creator.username}}},
              {"prid", parent->id},
              {"topic", request.topic.empty() ? parent->name : request.topic},
              {"encrypted", encrypted}};
  if (quoted) room.doc["pmid"] = quoted->id;
  if (quoted && !parent_encrypted) room.doc["description"] = doc_string(quoted->doc, "msg");
  auto inserted = rooms_.insert_discussion(creator, std::move(room), members);
  if (!inserted) return inserted.error();
  const store::RoomRecord& discussion = inserted.value();

  if (quoted) {
    json::object quote = quote_attachment(*quoted);
    if (parent_encrypted) quote["text"] = "Encrypted message";
    // RC opens the discussion with the quote: a plain insert, not counted in msgs or unread.
    store::MessageRecord opening;
    opening.id = util::random_id();
    opening.room_id = discussion.id;
    opening.user_id = creator.id;
    opening.ts = 0;  // stamped by the store
    opening.doc = {{"_id", opening.id},
                   {"rid", discussion.id},
                   {"msg", ""},
                   {"u", message_user(creator)},
                   {"attachments", json::array{quote}}};
    store::MessageEffects effects;
    effects.count_unread = false;
    effects.update_room_last_message = false;
    effects.stamp_ts = true;
    store_.append_message(opening, effects, [&](const store::AppendResult& stored) {
      events_.message_changed(discussion, stored.message.doc);
    });
    // The link goes where the quoted message is (the parent, or a discussion of it).
    auto link_room = store_.room_by_id(quoted->room_id).value_or(*parent);
    auto link =
        messages_.post_system(link_room, creator, "discussion-created", request.name,
                              {{"drid", discussion.id}, {"attachments", json::array{quote}}});
    if (!link) return link.error();
  } else {
    auto link = messages_.post_system(*parent, creator, "discussion-created", request.name,
                                      {{"drid", discussion.id}});
    if (!link) return link.error();
  }

  if (!request.reply.empty()) {
    SendRequest reply;
    reply.room_id = discussion.id;
    reply.text = request.reply;
    auto sent = messages_.send(creator, std::move(reply));
    if (!sent) return sent.error();
  }
  return store_.room_by_id(discussion.id).value_or(discussion);
}

std::optional<store::RoomRecord> Discussions::discussion_of_message(const std::string& parent_id,
                                                                    const std::string& message_id) {
  store::DiscussionQuery query;
  query.room_id = parent_id;
  for (auto& room : store_.discussions(query).rooms) {
    if (doc_string(room.doc, "pmid") == message_id) return std::move(room);
  }
  return std::nullopt;
}

Result<RoomList> Discussions::rooms_of(const store::UserRecord& viewer, const RoomRef& parent,
                                       std::string text, int64_t offset, int64_t count) {
  auto room = rooms_.find(viewer, parent);
  if (!room) return room.error();
  // RC's findRoomByIdOrName refuses archived rooms before anything else.
  if (room->archived) {
    return domain_error("error-room-archived", "The channel, " + room->name + ", is archived");
  }
  store::DiscussionQuery query;
  query.room_id = room->id;
  query.text = std::move(text);
  query.offset = offset;
  query.count = count;
  auto page = store_.discussions(query);
  return RoomList{std::move(page.rooms), page.total};
}

Result<MessageList> Discussions::messages_of(const store::UserRecord& viewer,
                                             std::string_view room_id, std::string text,
                                             int64_t offset, int64_t count) {
  auto room = store_.room_by_id(room_id);
  if (!room || !access_.can_read(viewer, *room)) {
    return domain_error("error-not-allowed", "Not allowed");
  }
  store::DiscussionQuery query;
  query.room_id = room->id;
  query.text = std::move(text);
  query.offset = offset;
  query.count = count;
  auto page = store_.discussion_messages(query);
  MessageList out{{}, page.total};
  for (auto& m : page.messages) out.messages.push_back(std::move(m.doc));
  return out;
}

void Discussions::on_room_message(const store::RoomRecord& room, const json::object& message,
                                  bool removed) {
  // RC's afterDeleteMessage: a deleted discussion-created message takes its discussion along.
  if (removed) {
    if (auto drid = doc_string(message, "drid"); !drid.empty()) {
      if (auto discussion = store_.room_by_id(drid)) rooms_.remove_room(*discussion);
    }
  }
  auto prid = doc_string(room.doc, "prid");
  if (prid.empty()) return;
  // RC's joinDiscussionOnMessage: whoever posts in a discussion (a public one: only members
  // may post in the others) becomes a member. RC joins before storing; here the join follows
  // the message, so its "uj" comes right after it.
  if (!removed && !message.contains("t")) {
    const json::value* u = message.if_contains("u");
    std::string sender = u && u->is_object() ? doc_string(u->get_object(), "_id") : "";
    if (!sender.empty() && !access_.members().is_member(room.id, sender)) {
      if (auto user = store_.user_by_id(sender)) {
        if (auto joined = rooms_.join(*user, room); !joined) {
          spdlog::warn("discussion {}: joining {} failed: {}", room.id, sender,
                       joined.error().message());
        }
      }
    }
  }
  update_links(prid, room.id, false);
}

void Discussions::on_room_erased(const store::RoomRecord& room) {
  if (auto prid = doc_string(room.doc, "prid"); !prid.empty()) update_links(prid, room.id, true);
  store::DiscussionQuery children;
  children.room_id = room.id;
  for (const auto& child : store_.discussions(children).rooms) rooms_.remove_room(child);
}

void Discussions::update_links(const std::string& parent_id, const std::string& discussion_id,
                               bool unlink) {
  auto parent = store_.room_by_id(parent_id);
  if (!parent) return;
  std::optional<store::RoomRecord> discussion;
  if (!unlink) {
    // Read back after the write: the room's own msgs/lm, whatever order sends committed in.
    discussion = store_.room_by_id(discussion_id);
    if (!discussion) return;
  }
  store::DiscussionQuery query;
  query.room_id = parent_id;
  query.discussion_id = discussion_id;
  for (const auto& link : store_.discussion_messages(query).messages) {
    store::MessageRecord written;
    store_.modify_message(
        link.id,
        [&](store::MessageRecord& m) {
          if (unlink) {
            m.doc.erase("drid");
            m.doc.erase("dcount");
            m.doc.erase("dlm");
            return true;
          }
          json::value dcount(discussion->msgs);
          json::value dlm = discussion->last_message_at
                                ? date_value(*discussion->last_message_at, DateStyle::kEjson)
                                : json::value(nullptr);
          const json::value* old_count = m.doc.if_contains("dcount");
          const json::value* old_lm = m.doc.if_contains("dlm");
          if (old_count && *old_count == dcount &&
              ((!old_lm && dlm.is_null()) || (old_lm && *old_lm == dlm))) {
            return false;
          }
          m.doc["dcount"] = dcount;
          if (dlm.is_null()) {
            m.doc.erase("dlm");
          } else {
            m.doc["dlm"] = dlm;
          }
          return true;
        },
        &written, [&] { events_.message_changed(*parent, written.doc); });
  }
}

}  // namespace parley::chat
