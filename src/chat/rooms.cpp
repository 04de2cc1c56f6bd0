#include "chat/rooms.hpp"

#include <spdlog/spdlog.h>
#include <algorithm>
#include <boost/json/array.hpp>
#include <cctype>

#include "chat/permissions.hpp"
#include "chat/room_views.hpp"
#include "chat/user_views.hpp"
#include "util/ids.hpp"

namespace parley::chat {

namespace json = boost::json;

namespace {

json::array string_array(const std::vector<std::string>& items) {
  json::array out;
  for (const auto& s : items) out.emplace_back(s);
  return out;
}

const char* role_name(RoomRole role) {
  return role == RoomRole::kOwner ? "owner" : "moderator";
}

bool has_room_role(const store::SubscriptionRecord& s, std::string_view role) {
  return std::find(s.roles.begin(), s.roles.end(), role) != s.roles.end();
}

// Rocket.Chat's room methods refuse with a Meteor.Error (REST 400), not REST's 403: the
// create/invite/kick/role methods say error-not-allowed, saveRoomSettings says
// error-action-not-allowed, archiveRoom/unarchiveRoom say error-not-authorized.
Error not_allowed() {
  return domain_error("error-not-allowed", "Not allowed");
}
Error editing_not_allowed() {
  return domain_error("error-action-not-allowed", "Editing room is not allowed");
}

}  // namespace

Rooms::Rooms(store::Store& store, const util::Clock& clock, RoomAccess& access, Messages& messages,
             Events& events)
    : store_(store), clock_(clock), access_(access), messages_(messages), events_(events) {}

bool Rooms::allowed(const store::UserRecord& user, std::string_view permission,
                    const store::RoomRecord& room) {
  auto subscription = store_.subscription(room.id, user.id);
  return has_permission(user, permission, subscription ? &*subscription : nullptr);
}

void Rooms::tell_subscription(const store::SubscriptionRecord& s, const char* action,
                              const store::RoomRecord* room) {
  // The room gives the subscription its teamId / teamMain (room_views.hpp).
  std::optional<store::RoomRecord> read;
  if (room == nullptr && (read = store_.room_by_id(s.room_id))) room = &*read;
  events_.user_event(s.user_id, "subscriptions-changed",
                     json::array{action, subscription_view(s, room)});
}

void Rooms::update_member_subscriptions(const store::RoomRecord& room,
                                        const store::SubscriptionMutation& mutation) {
  for (const auto& uid : store_.room_member_ids(room.id)) {
    store::SubscriptionRecord written;
    if (store_.modify_subscription(room.id, uid, mutation, &written) == store::WriteStatus::kOk) {
      tell_subscription(written, "updated", &room);
    }
  }
}

void Rooms::tell_members_room_changed(const store::RoomRecord& room) {
  events_.room_changed_for_members(room);
}

store::SubscriptionRecord Rooms::subscription_for(const store::RoomRecord& room,
                                                  const store::UserRecord& user,
                                                  std::vector<std::string> roles,
                                                  int64_t now) const {
  store::SubscriptionRecord s;
  s.id = util::random_id();
  s.room_id = room.id;
  s.user_id = user.id;
  s.username = user.username;
  s.room_type = room.type;
  s.name = room.name;
  const json::value* fname = room.doc.if_contains("fname");
  s.fname = fname && fname->is_string() ? std::string(fname->get_string()) : room.name;
  s.archived = room.archived;
  s.created_at = now;
  s.last_seen = now;
  s.roles = std::move(roles);
  // A discussion's members see it as one (Rocket.Chat's createWithRoomAndUser copies prid).
  const json::value* prid = room.doc.if_contains("prid");
  if (prid && prid->is_string()) s.prid = std::string(prid->get_string());
  return s;
}

Result<store::RoomRecord> Rooms::create(const store::UserRecord& creator,
                                        const CreateRoom& request) {
  if (request.type != "c" && request.type != "p") return invalid_params("Invalid room type");
  if (!has_permission(creator, request.type == "c" ? "create-c" : "create-p")) {
    return not_allowed();
  }
  auto valid = names_.check(request.name);
  if (!valid) return valid.error();
  const RoomName& name = *valid;
  std::vector<store::UserRecord> members;
  for (const auto& username : request.members) {
    auto user = store_.user_by_username(username);
    if (!user) continue;  // Rocket.Chat skips names that match nobody
    if (user->id == creator.id) continue;
    if (std::none_of(members.begin(), members.end(),
                     [&](const auto& m) { return m.id == user->id; })) {
      members.push_back(std::move(*user));
    }
  }

  int64_t now = clock_.now_ms();
  store::RoomRecord room;
  room.id = util::random_id();
  room.type = request.type;
  room.name = name.name;
  room.read_only = request.read_only;
  room.created_at = now;
  room.updated_at = now;
  room.doc = {{"fname", name.fname},
              {"u", json::object{{"_id", creator.id}, {"username", creator.username}}},
              {"sysMes", true}};
  if (!request.topic.empty()) room.doc["topic"] = request.topic;

  std::vector<store::SubscriptionRecord> subscriptions;
  if (!request.exclude_self)
    subscriptions.push_back(subscription_for(room, creator, {"owner"}, now));
  for (const auto& m : members) subscriptions.push_back(subscription_for(room, m, {}, now));
  room.users_count = static_cast<int64_t>(subscriptions.size());

  switch (store_.insert_room(room, subscriptions)) {
    case store::WriteStatus::kOk:
      break;
    case store::WriteStatus::kDuplicateName:
      return domain_error("error-duplicate-channel-name",
                          "A channel with name '" + name.name + "' exists");
    default:
      return internal_error();
  }
  for (const auto& s : subscriptions) {
    access_.members().add(room.id, s.user_id);
    tell_subscription(s, "inserted");
    events_.user_event(s.user_id, "rooms-changed", json::array{"inserted", room_view(room)});
  }
  return room;
}

Result<store::RoomRecord> Rooms::create_direct(const store::UserRecord& me,
                                               const std::vector<std::string>& usernames,
                                               bool exclude_self) {
  if (!has_permission(me, "create-d")) return not_allowed();
  std::vector<store::UserRecord> users;
  if (!exclude_self) users.push_back(me);
  for (const auto& username : usernames) {
    auto user = store_.user_by_username(username);
    if (!user) return domain_error("error-invalid-user", "Invalid user");
    if (std::none_of(users.begin(), users.end(), [&](const auto& u) { return u.id == user->id; })) {
      users.push_back(std::move(*user));
    }
  }
  if (users.empty()) return domain_error("error-invalid-user", "Invalid user");
  std::sort(users.begin(), users.end(), [](const auto& a, const auto& b) { return a.id < b.id; });

  // 1:1 and self DMs have a deterministic id (the sorted ids), so both sides find one room.
  std::string id;
  if (users.size() <= 2) {
    for (const auto& u : users) id += u.id;
    if (auto existing = store_.room_by_id(id)) {
      if (!exclude_self) set_open(me, *existing, true);
      return std::move(*existing);
    }
  } else {
    id = util::random_id();
  }

  int64_t now = clock_.now_ms();
  store::RoomRecord room;
  room.id = id;
  room.type = "d";
  room.created_at = now;
  room.updated_at = now;
  std::vector<std::string> names, ids;
  for (const auto& u : users) {
    names.push_back(u.username);
    ids.push_back(u.id);
  }
  room.doc = {{"usernames", string_array(names)},
              {"uids", string_array(ids)},
              {"u", json::object{{"_id", me.id}, {"username", me.username}}}};

  std::vector<store::SubscriptionRecord> subscriptions;
  for (const auto& u : users) {
    auto s = subscription_for(room, u, {}, now);
    // A DM is named after the other participants, as each of them sees it.
    std::string name, fname;
    for (const auto& other : users) {
      if (other.id == u.id && users.size() > 1) continue;
      name += (name.empty() ? "" : ", ") + other.username;
      fname += (fname.empty() ? "" : ", ") + other.name;
    }
    s.name = name;
    s.fname = fname;
    subscriptions.push_back(std::move(s));
  }
  room.users_count = static_cast<int64_t>(subscriptions.size());
  auto status = store_.insert_room(room, subscriptions);
  if (status == store::WriteStatus::kDuplicateId) {
    // Created by the other side a moment ago.
    if (auto existing = store_.room_by_id(id)) return std::move(*existing);
  }
  if (status != store::WriteStatus::kOk) return internal_error();
  for (const auto& s : subscriptions) {
    access_.members().add(room.id, s.user_id);
    tell_subscription(s, "inserted");
    events_.user_event(s.user_id, "rooms-changed", json::array{"inserted", room_view(room)});
  }
  return room;
}

Result<store::RoomRecord> Rooms::find(const store::UserRecord& viewer, const RoomRef& ref,
                                      std::string_view types) {
  std::optional<store::RoomRecord> room;
  if (!ref.id.empty()) {
    room = store_.room_by_id(ref.id);
  } else if (!ref.name.empty()) {
    room = store_.room_by_name(ref.name);
  } else {
    return invalid_params("The parameter \"roomId\" or \"roomName\" is required");
  }
  if (!room || types.find(room->type) == std::string_view::npos ||
      !access_.can_read(viewer, *room)) {
    return room_not_found();
  }
  return std::move(*room);
}

Status Rooms::add_member(const store::RoomRecord& room, const store::UserRecord& user, int64_t now,
                         bool alerting, const store::UserRecord* by) {
  auto s = subscription_for(room, user, {}, now);
  if (alerting) {
    s.alert = true;
    s.unread = 1;
    s.user_mentions = 1;
  }
  auto status = store_.insert_subscription(s);
  if (status == store::WriteStatus::kDuplicateSubscription) return Ok{};
  if (status != store::WriteStatus::kOk) return internal_error();
  access_.members().add(room.id, user.id);
  tell_subscription(s, "inserted");
  if (auto fresh = store_.room_by_id(room.id)) {
    events_.user_event(user.id, "rooms-changed", json::array{"inserted", room_view(*fresh)});
  }
  if (observer_) observer_->joined(room, user, by);
  return Ok{};
}

Status Rooms::remove_member(const store::RoomRecord& room, const store::UserRecord& user) {
  auto existing = store_.subscription(room.id, user.id);
  if (!existing) return domain_error("error-user-not-in-room", "User is not in this room");
  if (store_.remove_subscription(room.id, user.id) != store::WriteStatus::kOk) {
    return domain_error("error-user-not-in-room", "User is not in this room");
  }
  access_.members().remove(room.id, user.id);
  events_.user_event(user.id, "subscriptions-changed",
                     json::array{"removed", json::object{{"_id", existing->id},
                                                         {"rid", room.id},
                                                         {"u", json::object{{"_id", user.id}}},
                                                         {"t", room.type}}});
  events_.user_event(user.id, "rooms-changed",
                     json::array{"removed", json::object{{"_id", room.id}}});
  if (observer_) observer_->left(room, user);
  return Ok{};
}

Result<store::RoomRecord> Rooms::join(const store::UserRecord& user,
                                      const store::RoomRecord& room) {
  if (access_.is_member(room, user)) return room;  // joining twice is not an error
  if (room.type != "c") return domain_error("error-not-allowed", "Not allowed");
  if (room.archived) return domain_error("error-room-archived", "Room is archived");
  if (!has_permission(user, "view-c-room")) return domain_error("error-not-allowed", "Not allowed");
  auto added = add_member(room, user, clock_.now_ms());
  if (!added) return added.error();
  auto notice = messages_.post_system(room, user, "uj", user.username);
  if (!notice) return notice.error();
  return store_.room_by_id(room.id).value_or(room);
}

Result<bool> Rooms::ensure_general() {
  if (store_.room_by_id(kGeneralRoomId) || store_.room_by_name("general")) return false;
  int64_t now = clock_.now_ms();
  store::RoomRecord room;
  room.id = std::string(kGeneralRoomId);
  room.type = "c";
  room.name = "general";
  room.is_default = true;
  room.created_at = now;
  room.updated_at = now;
  // No creator (`u`): Rocket.Chat's createWithIdTypeAndName leaves it out too.
  room.doc = {{"fname", "general"}, {"usernames", json::array{}}};
  switch (store_.insert_room(room, {})) {
    case store::WriteStatus::kOk:
      return true;
    case store::WriteStatus::kDuplicateId:  // another instance of the cluster was first
    case store::WriteStatus::kDuplicateName:
      return false;
    default:
      return internal_error();
  }
}

void Rooms::join_default_channels(const store::UserRecord& user, bool silenced) {
  for (const auto& room : store_.default_rooms()) {
    if (room.type != "c" && room.type != "p") continue;
    if (access_.is_member(room, user)) continue;
    auto added = add_member(room, user, clock_.now_ms(), true);
    if (added && !silenced) {
      auto notice = messages_.post_system(room, user, "uj", user.username);
      if (!notice) added = notice.error();
    }
    if (!added) {
      spdlog::warn("default channel {}: adding {} failed: {}", room.id, user.id,
                   added.error().message());
    }
  }
}

Status Rooms::leave(const store::UserRecord& user, const store::RoomRecord& room) {
  auto mine = store_.subscription(room.id, user.id);
  if (!mine) return domain_error("error-user-not-in-room", "You are not in this room");
  if (room.type != "d" && has_room_role(*mine, "owner")) {
    auto members = store_.room_members(room.id, 0, 0);
    bool other_owner = std::any_of(
        members.subscriptions.begin(), members.subscriptions.end(),
        [&](const auto& s) { return s.user_id != user.id && has_room_role(s, "owner"); });
    if (!other_owner && members.subscriptions.size() > 1) {
      return domain_error("error-you-are-last-owner",
                          "You are the last owner. Please set new owner before leaving the room.");
    }
  }
  auto removed = remove_member(room, user);
  if (!removed) return removed;
  if (room.type != "d") {
    auto notice = messages_.post_system(room, user, "ul", user.username);
    if (!notice) return notice.error();
  }
  return Ok{};
}

Result<store::RoomRecord> Rooms::invite(const store::UserRecord& actor,
                                        const store::RoomRecord& room,
                                        const store::UserRecord& target) {
  if (room.type == "d") return domain_error("error-not-allowed", "Not allowed");
  bool member = access_.is_member(room, actor);
  bool can =
      (member && allowed(actor, "add-user-to-joined-room", room)) ||
      allowed(actor, room.type == "c" ? "add-user-to-any-c-room" : "add-user-to-any-p-room", room);
  if (!can) return not_allowed();
  if (room.archived) return domain_error("error-room-archived", "Room is archived");
  if (access_.is_member(room, target)) return room;
  auto added = add_member(room, target, clock_.now_ms());
  if (!added) return added.error();
  auto notice = messages_.post_system(room, actor, "au", target.username);
  if (!notice) return notice.error();
  return store_.room_by_id(room.id).value_or(room);
}

Result<store::RoomRecord> Rooms::kick(const store::UserRecord& actor, const store::RoomRecord& room,
                                      const store::UserRecord& target) {
  if (room.type == "d") return domain_error("error-not-allowed", "Not allowed");
  if (!allowed(actor, "remove-user", room)) return not_allowed();
  auto theirs = store_.subscription(room.id, target.id);
  if (!theirs) return domain_error("error-user-not-in-room", "User is not in this room");
  if (has_room_role(*theirs, "owner")) {
    auto members = store_.room_members(room.id, 0, 0);
    auto owners = std::count_if(members.subscriptions.begin(), members.subscriptions.end(),
                                [](const auto& s) { return has_room_role(s, "owner"); });
    if (owners <= 1) {
      return domain_error("error-you-are-last-owner",
                          "This is the last owner. Please set a new owner before removing this "
                          "one.");
    }
  }
  auto removed = remove_member(room, target);
  if (!removed) return removed.error();
  auto notice = messages_.post_system(room, actor, "ru", target.username);
  if (!notice) return notice.error();
  return store_.room_by_id(room.id).value_or(room);
}

Result<store::RoomRecord> Rooms::modify(const store::RoomRecord& room,
                                        const store::RoomMutation& mutation) {
  store::RoomRecord written;
  switch (store_.modify_room(room.id, mutation, &written)) {
    case store::WriteStatus::kOk:
      tell_members_room_changed(written);
      return written;
    case store::WriteStatus::kUnchanged:
      return room;
    case store::WriteStatus::kDuplicateName:
      return domain_error("error-duplicate-channel-name", "A room with that name exists");
    case store::WriteStatus::kNotFound:
      return room_not_found();
    default:
      return internal_error();
  }
}

Result<store::RoomRecord> Rooms::set_text(const store::UserRecord& actor,
                                          const store::RoomRecord& room, RoomText field,
                                          std::string value) {
  if (!allowed(actor, "edit-room", room)) return editing_not_allowed();
  const char* key = field == RoomText::kTopic         ? "topic"
                    : field == RoomText::kDescription ? "description"
                                                      : "announcement";
  const char* type = field == RoomText::kTopic         ? "room_changed_topic"
                     : field == RoomText::kDescription ? "room_changed_description"
                                                       : "room_changed_announcement";
  auto updated = modify(room, [&](store::RoomRecord& r) {
    const json::value* current = r.doc.if_contains(key);
    if (current && current->is_string() && current->get_string() == value) return false;
    r.doc[key] = value;
    return true;
  });
  if (!updated) return updated;
  if (updated->updated_at != room.updated_at) {  // a fresh stamp: it changed
    auto notice = messages_.post_system(*updated, actor, type, value);
    if (!notice) return notice.error();
  }
  return updated;
}

Result<store::RoomRecord> Rooms::rename(const store::UserRecord& actor,
                                        const store::RoomRecord& room, std::string name) {
  if (room.type == "d") return domain_error("error-not-allowed", "Not allowed");
  if (!allowed(actor, "edit-room", room)) return editing_not_allowed();
  auto valid = names_.check(name);
  if (!valid) return valid.error();
  const RoomName& checked = *valid;
  auto updated = modify(room, [&](store::RoomRecord& r) {
    if (r.name == checked.name && r.doc["fname"] == json::value(checked.fname)) return false;
    r.name = checked.name;
    r.doc["fname"] = checked.fname;
    return true;
  });
  if (!updated || updated->updated_at == room.updated_at) return updated;  // unchanged
  update_member_subscriptions(room, [&](store::SubscriptionRecord& s) {
    s.name = checked.name;
    s.fname = checked.fname;
    return true;
  });
  auto notice = messages_.post_system(*updated, actor, "r", checked.fname);
  if (!notice) return notice.error();
  return updated;
}

Result<store::RoomRecord> Rooms::set_archived(const store::UserRecord& actor,
                                              const store::RoomRecord& room, bool archived) {
  if (!allowed(actor, archived ? "archive-room" : "unarchive-room", room)) {
    return domain_error("error-not-authorized", "Not authorized");
  }
  if (room.archived == archived) {
    return domain_error(archived ? "error-room-archived" : "error-room-not-archived",
                        archived ? "Room is already archived" : "Room is not archived");
  }
  auto updated = modify(room, [&](store::RoomRecord& r) {
    r.archived = archived;
    return true;
  });
  if (!updated) return updated;
  update_member_subscriptions(room, [&](store::SubscriptionRecord& s) {
    // RC's archiveRoom closes and quiets every subscription; unarchive reopens.
    s.archived = archived;
    s.open = !archived;
    if (archived) s.alert = false;
    return true;
  });
  auto notice = messages_.post_system(
      *updated, actor, archived ? "room-archived" : "room-unarchived", actor.username);
  if (!notice) return notice.error();
  return updated;
}

Result<store::RoomRecord> Rooms::set_read_only(const store::UserRecord& actor,
                                               const store::RoomRecord& room, bool read_only) {
  if (!allowed(actor, "set-readonly", room)) return editing_not_allowed();
  auto updated = modify(room, [&](store::RoomRecord& r) {
    if (r.read_only == read_only) return false;
    r.read_only = read_only;
    return true;
  });
  if (!updated || updated->updated_at == room.updated_at) return updated;  // unchanged
  auto notice = messages_.post_system(
      *updated, actor, read_only ? "room-set-read-only" : "room-removed-read-only", actor.username);
  if (!notice) return notice.error();
  return updated;
}

Result<store::RoomRecord> Rooms::set_default(const store::UserRecord& actor,
                                             const store::RoomRecord& room, bool is_default) {
  if (!allowed(actor, "edit-room", room)) return editing_not_allowed();
  if (!has_permission(actor, "view-room-administration")) {
    return domain_error("error-action-not-allowed", "Viewing room administration is not allowed");
  }
  return modify(room, [&](store::RoomRecord& r) {
    if (r.is_default == is_default) return false;
    r.is_default = is_default;
    return true;
  });
}

Result<store::RoomRecord> Rooms::set_type(const store::UserRecord& actor,
                                          const store::RoomRecord& room, std::string type) {
  if (type != "c" && type != "p") {
    return domain_error("error-invalid-room-type", "error-invalid-room-type");
  }
  if (room.type != "c" && room.type != "p") {
    return domain_error("error-direct-room", "Can't change type of direct rooms");
  }
  auto updated = modify(room, [&](store::RoomRecord& r) {
    if (r.type == type) return false;
    r.type = type;
    return true;
  });
  if (!updated || updated->updated_at == room.updated_at) return updated;  // unchanged
  update_member_subscriptions(room, [&](store::SubscriptionRecord& s) {
    if (s.room_type == type) return false;
    s.room_type = type;
    return true;
  });
  // RC's text is i18n's "public" / "private" in the actor's language; parley speaks English.
  auto notice = messages_.post_system(*updated, actor, "room_changed_privacy",
                                      type == "c" ? "public" : "private");
  if (!notice) return notice.error();
  return updated;
}

Result<store::RoomRecord> Rooms::update_doc(const store::RoomRecord& room,
                                            const json::object& fields) {
  return modify(room, [&](store::RoomRecord& r) {
    bool changed = false;
    for (const auto& [key, value] : fields) {
      const json::value* current = r.doc.if_contains(key);
      if (value.is_null()) {
        if (current != nullptr) {
          r.doc.erase(key);
          changed = true;
        }
      } else if (current == nullptr || *current != value) {
        r.doc[key] = value;
        changed = true;
      }
    }
    return changed;
  });
}

Result<store::RoomRecord> Rooms::set_avatar_etag(const store::UserRecord& actor,
                                                 const store::RoomRecord& room,
                                                 std::optional<std::string> etag) {
  json::object fields;
  fields["avatarETag"] = etag ? json::value(*etag) : json::value(nullptr);
  auto updated = update_doc(room, fields);
  if (!updated) return updated;
  auto notice = messages_.post_system(*updated, actor, "room_changed_avatar", "");
  if (!notice) return notice.error();
  // RC's room.avatarUpdate -> notify-logged updateAvatar {rid, etag}; a reset has no etag.
  json::object payload{{"rid", room.id}};
  if (etag) payload["etag"] = *etag;
  events_.logged_event("updateAvatar", json::array{std::move(payload)});
  return updated;
}

Status Rooms::set_role(const store::UserRecord& actor, const store::RoomRecord& room,
                       const store::UserRecord& target, RoomRole role, bool granted) {
  const char* name = role_name(role);
  if (!allowed(actor, role == RoomRole::kOwner ? "set-owner" : "set-moderator", room)) {
    return not_allowed();
  }
  auto theirs = store_.subscription(room.id, target.id);
  if (!theirs) return domain_error("error-user-not-in-room", "User is not in this room");
  bool has = has_room_role(*theirs, name);
  if (has == granted) {
    return domain_error(
        granted ? std::string("error-user-already-") + name : std::string("error-user-not-") + name,
        granted ? "User is already " + std::string(name) : "User is not " + std::string(name));
  }
  if (!granted && role == RoomRole::kOwner) {
    auto members = store_.room_members(room.id, 0, 0);
    auto owners = std::count_if(members.subscriptions.begin(), members.subscriptions.end(),
                                [](const auto& s) { return has_room_role(s, "owner"); });
    if (owners <= 1) {
      return domain_error("error-remove-last-owner",
                          "This is the last owner. Please set a new owner before removing this "
                          "one.");
    }
  }
  store::SubscriptionRecord written;
  auto status = store_.modify_subscription(
      room.id, target.id,
      [&](store::SubscriptionRecord& s) {
        if (granted) {
          s.roles.push_back(name);
        } else {
          s.roles.erase(std::remove(s.roles.begin(), s.roles.end(), name), s.roles.end());
        }
        return true;
      },
      &written);
  if (status != store::WriteStatus::kOk) return internal_error();
  tell_subscription(written, "updated");
  events_.logged_event("roles-change",
                       json::array{json::object{
                           {"type", granted ? "added" : "removed"},
                           {"_id", name},
                           {"u", json::object{{"_id", target.id}, {"username", target.username}}},
                           {"scope", room.id}}});
  auto notice = messages_.post_system(
      room, actor, granted ? "subscription-role-added" : "subscription-role-removed",
      target.username, {{"role", name}});
  if (!notice) return notice.error();
  return Ok{};
}

Status Rooms::set_open(const store::UserRecord& user, const store::RoomRecord& room, bool open) {
  store::SubscriptionRecord written;
  auto status = store_.modify_subscription(
      room.id, user.id,
      [&](store::SubscriptionRecord& s) {
        if (s.open == open) return false;
        s.open = open;
        return true;
      },
      &written);
  if (status == store::WriteStatus::kNotFound) {
    return domain_error("error-user-not-in-room", "You are not in this room");
  }
  if (status == store::WriteStatus::kOk) tell_subscription(written, "updated");
  return Ok{};
}

Status Rooms::mark_read(const store::UserRecord& user, std::string_view room_id) {
  int64_t now = clock_.now_ms();
  store::SubscriptionRecord written;
  auto status = store_.modify_subscription(
      room_id, user.id,
      [&](store::SubscriptionRecord& s) {
        s.unread = 0;
        s.alert = false;
        s.user_mentions = 0;
        s.group_mentions = 0;
        s.last_seen = now;
        return true;
      },
      &written);
  if (status == store::WriteStatus::kNotFound) {
    return domain_error("error-invalid-subscription", "Invalid subscription");
  }
  if (status != store::WriteStatus::kOk) return internal_error();
  tell_subscription(written, "updated");
  if (auto room = store_.room_by_id(room_id)) {
    events_.room_event(*room, "messagesRead",
                       json::array{json::object{{"until", date_value(now, DateStyle::kEjson)}}});
  }
  return Ok{};
}

Status Rooms::mark_unread(const store::UserRecord& user, std::string_view room_id,
                          std::optional<int64_t> first_unread_ts) {
  if (!first_unread_ts) {
    auto room = store_.room_by_id(room_id);
    if (!room || !room->last_message_at) {
      return domain_error("error-action-not-allowed", "Not allowed");
    }
    first_unread_ts = room->last_message_at;
  }
  store::SubscriptionRecord written;
  auto status = store_.modify_subscription(
      room_id, user.id,
      [&](store::SubscriptionRecord& s) {
        s.open = true;
        s.alert = true;
        s.last_seen = *first_unread_ts;
        return true;
      },
      &written);
  if (status == store::WriteStatus::kNotFound) return Ok{};  // not a member: nothing to mark
  if (status != store::WriteStatus::kOk) return internal_error();
  tell_subscription(written, "updated");
  return Ok{};
}

}  // namespace parley::chat
