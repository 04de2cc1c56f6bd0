// Who is in a room and with which room role: members, roles, invite, kick, join, leave, open,
// close, add/remove owner and moderator (rc-api.md §6.4). Replies follow RC: channels.* send
// the room back where groups.* send {} (kick, leave).
#include <algorithm>

#include "chat/accounts.hpp"
#include "rest/json_dates.hpp"
#include "rest/response.hpp"
#include "rest/room_helpers.hpp"
#include "util/clock.hpp"

namespace parley::rest::handlers {

namespace json = boost::json;

namespace {

json::object member_json(const store::SubscriptionRecord& sub,
                         const std::optional<store::UserRecord>& user) {
  if (!user) return {{"_id", sub.user_id}, {"username", sub.username}};
  return {{"_id", user->id},
          {"username", user->username},
          {"name", user->name},
          {"status", user->status},
          {"utcOffset", user->utc_offset},
          {"_updatedAt", util::iso8601(user->updated_at)}};
}

// The room a channel reply carries after a change: the current row.
net::HttpResponse room_reply(Services& s, Family family, const store::RoomRecord& room) {
  if (family != Family::kChannels) return success();
  return success({{"channel", room_json(s.store.room_by_id(room.id).value_or(room))}});
}

net::HttpResponse set_role(Services& s, RestRequest& r, Family family, chat::RoomRole role,
                           bool granted) {
  Reader p(r.body);
  RoomParams params = read_room_params(p, family);
  UserParams who = read_user_params(p);
  if (p.error()) return failure(*p.error());
  auto room = find_room(s, r.me(), params, family, true);
  if (!room) return failure(room.error());
  auto target = find_user(s, who);
  if (!target) return failure(target.error());
  auto done = s.rooms.set_role(r.me(), *room, *target, role, granted);
  if (!done) return failure(done.error());
  return success();
}

// im.open / im.close as RC 7's dm actions (v1/im.ts): a DM the caller cannot read is a 403
// (RC's API.v1.forbidden(), also for an id that names no room on open); closing a room that
// no longer exists still closes the caller's subscription to it.
net::HttpResponse set_dm_open(Services& s, RestRequest& r, bool open) {
  Reader p(r.body);
  std::string room_id = p.optional_string("roomId");
  if (p.error()) return failure(*p.error());
  if (room_id.empty()) {
    return failure(
        chat::domain_error("error-room-param-not-provided", "Body param \"roomId\" is required"));
  }
  auto room = s.store.room_by_id(room_id);
  if (room || open) {
    if (!room || !s.rooms.find(r.me(), {room_id, {}})) return unauthorized();
    if (room->type != "d") {
      return failure(chat::domain_error(
          "error-room-not-found",
          "The required \"roomId\" param provided does not match any direct message"));
    }
  }
  auto sub = s.store.subscription(room_id, r.me().id);
  if (open) {
    if (sub && sub->open) return success();
    auto done = s.rooms.set_open(r.me(), *room, true);
    if (!done) return failure(done.error());
    return success();
  }
  if (!sub) return plain_failure("The user is not subscribed to the room");
  if (!sub->open) return plain_failure("The direct message room, is already closed to the sender");
  s.rooms.set_visible(r.me(), room_id, false);
  return success();
}

net::HttpResponse set_open(Services& s, RestRequest& r, Family family, bool open) {
  Reader p(r.body);
  if (family == Family::kIm) return set_dm_open(s, r, open);
  RoomParams params = read_room_params(p, family);
  if (p.error()) return failure(*p.error());
  auto room = find_room(s, r.me(), params, family, false);
  if (!room) return failure(room.error());
  auto sub = s.store.subscription(room->id, r.me().id);
  if (!sub) return plain_failure("The user/callee is not in the room \"" + room->name + "\".");
  // RC refuses a no-op open or close with a sentence, but for im.open, which just succeeds.
  if (sub->open == open && !(open && family == Family::kIm)) {
    std::string named = room->name.empty() ? "" : ", " + room->name;
    return plain_failure(std::string(family_info(family).noun) + named + ", is already " +
                         (open ? "open" : "closed") + " to the sender");
  }
  auto done = s.rooms.set_open(r.me(), *room, open);
  if (!done) return failure(done.error());
  return success();
}

}  // namespace

// {members:[{_id, username, name, status, utcOffset, _updatedAt}], count, offset, total},
// ordered by username. `filter` (username or name contains, any case) and `status[]` are
// applied here, over the whole member list.
net::HttpResponse room_members(Services& s, RestRequest& r, Family family) {
  Reader p = r.params();
  RoomParams params = read_room_params(p, family);
  Paging paging = read_paging(p, paging_limits(s));
  read_sort(p);
  std::string filter = p.optional_string("filter");
  std::vector<std::string> statuses = p.optional_string_array("status");
  if (p.error()) return failure(*p.error());
  auto room = find_room(s, r.me(), params, family, false);
  if (!room) return failure(room.error());

  json::array members;
  int64_t total = 0;
  if (filter.empty() && statuses.empty()) {
    auto page = s.store.room_members(room->id, paging.offset, paging.count);
    for (const auto& sub : page.subscriptions) {
      members.emplace_back(member_json(sub, s.store.user_by_id(sub.user_id)));
    }
    total = page.total;
  } else {
    auto page = s.store.room_members(room->id, 0, 0);
    for (const auto& sub : page.subscriptions) {
      auto user = s.store.user_by_id(sub.user_id);
      if (!user) continue;
      if (!filter.empty() && !chat::contains_folded(user->username, filter) &&
          !chat::contains_folded(user->name, filter)) {
        continue;
      }
      if (!statuses.empty() &&
          std::find(statuses.begin(), statuses.end(), user->status) == statuses.end()) {
        continue;
      }
      if (total >= paging.offset && (paging.count == 0 || total < paging.offset + paging.count)) {
        members.emplace_back(member_json(sub, user));
      }
      ++total;
    }
  }
  auto count = static_cast<int64_t>(members.size());
  return success({{"members", std::move(members)},
                  {"count", count},
                  {"offset", paging.offset},
                  {"total", total}});
}

// {roles:[{_id, rid, u:{_id, username}, roles}]}: the members holding a room role.
net::HttpResponse room_roles(Services& s, RestRequest& r, Family family) {
  Reader p = r.params();
  RoomParams params = read_room_params(p, family);
  if (p.error()) return failure(*p.error());
  auto room = find_room(s, r.me(), params, family, false);
  if (!room) return failure(room.error());
  json::array roles;
  for (const auto& sub : s.store.room_members(room->id, 0, 0).subscriptions) {
    if (sub.roles.empty()) continue;
    json::array names;
    for (const auto& role : sub.roles) names.emplace_back(role);
    roles.push_back(
        json::object{{"_id", sub.id},
                     {"rid", sub.room_id},
                     {"u", json::object{{"_id", sub.user_id}, {"username", sub.username}}},
                     {"roles", std::move(names)}});
  }
  return success({{"roles", std::move(roles)}});
}

// {roomId, userId | username | userIds[]}. Unknown ids in userIds are skipped, as RC does.
net::HttpResponse room_invite(Services& s, RestRequest& r, Family family) {
  Reader p(r.body);
  RoomParams params = read_room_params(p, family);
  std::vector<std::string> ids = p.optional_string_array("userIds");
  UserParams who{p.optional_string("userId"), p.optional_string("username")};
  if (p.error()) return failure(*p.error());
  auto room = find_room(s, r.me(), params, family, true);
  if (!room) return failure(room.error());

  std::vector<store::UserRecord> targets;
  if (!ids.empty()) {
    for (const auto& id : ids) {
      if (auto user = s.store.user_by_id(id)) targets.push_back(std::move(*user));
    }
  } else if (!who.id.empty() || !who.username.empty()) {
    auto user = find_user(s, who);
    if (!user) return failure(user.error());
    targets.push_back(std::move(*user));
  }
  if (targets.empty()) {
    return failure(chat::domain_error("error-empty-invite-list",
                                      "Cannot invite if no valid users are provided"));
  }
  store::RoomRecord current = *room;
  for (const auto& target : targets) {
    auto invited = s.rooms.invite(r.me(), current, target);
    if (!invited) return failure(invited.error());
    current = std::move(*invited);
  }
  return success({{family_info(family).room_key, room_json(current)}});
}

net::HttpResponse room_kick(Services& s, RestRequest& r, Family family) {
  Reader p(r.body);
  RoomParams params = read_room_params(p, family);
  UserParams who = read_user_params(p);
  if (p.error()) return failure(*p.error());
  auto room = find_room(s, r.me(), params, family, true);
  if (!room) return failure(room.error());
  auto target = find_user(s, who);
  if (!target) return failure(target.error());
  auto kicked = s.rooms.kick(r.me(), *room, *target);
  if (!kicked) return failure(kicked.error());
  return room_reply(s, family, *kicked);
}

// channels.join {roomId | roomName, joinCode?}; join codes are not supported (ignored).
net::HttpResponse room_join(Services& s, RestRequest& r, Family family) {
  Reader p(r.body);
  RoomParams params = read_room_params(p, family);
  p.optional_string("joinCode");
  if (p.error()) return failure(*p.error());
  auto room = find_room(s, r.me(), params, family, true);
  if (!room) return failure(room.error());
  auto joined = s.rooms.join(r.me(), *room);
  if (!joined) return failure(joined.error());
  return success({{family_info(family).room_key, room_json(*joined)}});
}

net::HttpResponse room_leave(Services& s, RestRequest& r, Family family) {
  Reader p(r.body);
  RoomParams params = read_room_params(p, family);
  if (p.error()) return failure(*p.error());
  auto room = find_room(s, r.me(), params, family, family != Family::kIm);
  if (!room) return failure(room.error());
  auto left = s.rooms.leave(r.me(), *room);
  if (!left) return failure(left.error());
  return room_reply(s, family, *room);
}

net::HttpResponse room_open(Services& s, RestRequest& r, Family family) {
  return set_open(s, r, family, true);
}

net::HttpResponse room_close(Services& s, RestRequest& r, Family family) {
  return set_open(s, r, family, false);
}

net::HttpResponse room_add_owner(Services& s, RestRequest& r, Family family) {
  return set_role(s, r, family, chat::RoomRole::kOwner, true);
}

net::HttpResponse room_remove_owner(Services& s, RestRequest& r, Family family) {
  return set_role(s, r, family, chat::RoomRole::kOwner, false);
}

net::HttpResponse room_add_moderator(Services& s, RestRequest& r, Family family) {
  return set_role(s, r, family, chat::RoomRole::kModerator, true);
}

net::HttpResponse room_remove_moderator(Services& s, RestRequest& r, Family family) {
  return set_role(s, r, family, chat::RoomRole::kModerator, false);
}

}  // namespace parley::rest::handlers
