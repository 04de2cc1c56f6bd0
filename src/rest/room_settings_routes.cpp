// What owners change about a room: setTopic, setDescription, setAnnouncement, rename,
// archive, unarchive, setReadOnly, setDefault (rc-api.md §6.4). chat::Rooms checks the permissions;
// the "is the same as what it would be changed to" refusals are RC's REST layer, kept here.
#include "rest/response.hpp"
#include "rest/room_helpers.hpp"

namespace parley::rest::handlers {

namespace json = boost::json;

namespace {

net::HttpResponse set_text(Services& s, RestRequest& r, Family family, chat::RoomText field,
                           const char* key) {
  Reader p(r.body);
  RoomParams params = read_room_params(p, family);
  if (!r.body.contains(key)) p.fail("The bodyParam \"" + std::string(key) + "\" is required");
  std::string value = p.optional_string(key);  // null reads as "", as RC's `topic || ''`
  if (p.error()) return failure(*p.error());
  auto room = find_room(s, r.me(), params, family, family != Family::kIm);
  if (!room) return failure(room.error());
  if (family == Family::kChannels && field != chat::RoomText::kAnnouncement) {
    const json::value* current = room->doc.if_contains(key);
    if (current && current->is_string() && current->get_string() == value) {
      return plain_failure("The channel " + std::string(key) +
                           " is the same as what it would be changed to.");
    }
  }
  auto updated = s.rooms.set_text(r.me(), *room, field, value);
  if (!updated) return failure(updated.error());
  return success({{key, value}});
}

net::HttpResponse set_archived(Services& s, RestRequest& r, Family family, bool archived) {
  Reader p(r.body);
  RoomParams params = read_room_params(p, family);
  if (p.error()) return failure(*p.error());
  // Archiving an archived room is refused by the finder (error-room-archived).
  auto room = find_room(s, r.me(), params, family, archived);
  if (!room) return failure(room.error());
  if (!archived && !room->archived && family == Family::kChannels) {
    return plain_failure("The channel, " + room->name + ", is not archived");
  }
  auto updated = s.rooms.set_archived(r.me(), *room, archived);
  if (!updated) return failure(updated.error());
  return success();
}

}  // namespace

net::HttpResponse room_set_topic(Services& s, RestRequest& r, Family family) {
  return set_text(s, r, family, chat::RoomText::kTopic, "topic");
}

net::HttpResponse room_set_description(Services& s, RestRequest& r, Family family) {
  return set_text(s, r, family, chat::RoomText::kDescription, "description");
}

net::HttpResponse room_set_announcement(Services& s, RestRequest& r, Family family) {
  return set_text(s, r, family, chat::RoomText::kAnnouncement, "announcement");
}

net::HttpResponse room_rename(Services& s, RestRequest& r, Family family) {
  Reader p(r.body);
  RoomParams params = read_room_params(p, family);
  std::string name = p.optional_string("name");
  if (name.find_first_not_of(" \t") == std::string::npos) {
    p.fail("The bodyParam \"name\" is required");
  }
  if (p.error()) return failure(*p.error());
  auto room = find_room(s, r.me(), params, family, true);
  if (!room) return failure(room.error());
  if (family == Family::kChannels && room->name == name) {
    return plain_failure("The channel name is the same as what it would be renamed to.");
  }
  auto renamed = s.rooms.rename(r.me(), *room, name);
  if (!renamed) return failure(renamed.error());
  return success({{family_info(family).room_key, room_json(*renamed)}});
}

net::HttpResponse room_archive(Services& s, RestRequest& r, Family family) {
  return set_archived(s, r, family, true);
}

net::HttpResponse room_unarchive(Services& s, RestRequest& r, Family family) {
  return set_archived(s, r, family, false);
}

net::HttpResponse room_set_read_only(Services& s, RestRequest& r, Family family) {
  Reader p(r.body);
  RoomParams params = read_room_params(p, family);
  std::optional<bool> read_only = p.optional_bool("readOnly");
  if (!read_only) p.fail("The bodyParam \"readOnly\" is required");
  if (p.error()) return failure(*p.error());
  auto room = find_room(s, r.me(), params, family, true);
  if (!room) return failure(room.error());
  if (room->read_only == *read_only) {
    return plain_failure(std::string(family_info(family).noun) +
                         " read only setting is the same as what it would be changed to.");
  }
  auto updated = s.rooms.set_read_only(r.me(), *room, *read_only);
  if (!updated) return failure(updated.error());
  return success({{family_info(family).room_key, room_json(*updated)}});
}

// channels.setDefault. Rocket.Chat's two refusals carry each other's errorType (a missing
// `default` says ...-is-same, an unchanged one ...-missing-default-param); kept as it answers.
net::HttpResponse room_set_default(Services& s, RestRequest& r, Family family) {
  if (!r.body.contains("default")) {  // checked before the room, as Rocket.Chat
    return json_response(400, {{"success", false},
                               {"error", "The bodyParam \"default\" is required"},
                               {"errorType", "error-channels-setdefault-is-same"}});
  }
  Reader p(r.body);
  RoomParams params = read_room_params(p, family);
  const bool is_default = p.optional_bool("default").value_or(false);
  if (p.error()) return failure(*p.error());
  auto room = find_room(s, r.me(), params, family, true);
  if (!room) return failure(room.error());
  if (room->is_default == is_default) {
    return json_response(
        400, {{"success", false},
              {"error", "The channel default setting is the same as what it would be changed to."},
              {"errorType", "error-channels-setdefault-missing-default-param"}});
  }
  auto updated = s.rooms.set_default(r.me(), *room, is_default);
  if (!updated) return failure(updated.error());
  return success({{family_info(family).room_key, room_json(*updated)}});
}

}  // namespace parley::rest::handlers
