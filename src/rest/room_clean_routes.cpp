// rooms.favorite and rooms.cleanHistory (apps/meteor/app/api/server/v1/rooms.ts): both find
// the room as RC's findRoomByIdOrName does (roomId | roomName, archived rooms refused), then
// run the method RC calls (toggleFavorite, cleanRoomHistory).
#include "chat/permissions.hpp"
#include "rest/json_dates.hpp"
#include "rest/response.hpp"
#include "rest/room_helpers.hpp"

namespace parley::rest::handlers {

namespace json = boost::json;

namespace {

// RC's findRoomByIdOrName: any room type, no access check (callers do their own).
chat::Result<store::RoomRecord> find_by_id_or_name(Services& s, Reader& p) {
  std::string id = p.optional_string("roomId");
  std::string name = p.optional_string("roomName");
  if (p.error()) return *p.error();
  if (id.empty() && name.empty()) {
    return chat::domain_error("error-roomid-param-not-provided",
                              "The parameter \"roomId\" or \"roomName\" is required");
  }
  auto room = !id.empty() ? s.store.room_by_id(id) : s.store.room_by_name(name);
  if (!room) {
    return chat::domain_error(
        "error-room-not-found",
        "The required \"roomId\" or \"roomName\" param provided does not match any channel");
  }
  if (room->archived) {
    return chat::domain_error("error-room-archived",
                              "The channel, " + room->name + ", is archived");
  }
  return std::move(*room);
}

}  // namespace

// rooms.favorite {roomId | roomName, favorite}: stars the room in the caller's sidebar.
net::HttpResponse rooms_favorite(Services& s, RestRequest& r) {
  Reader p(r.body);
  if (!p.has("favorite")) return failure(chat::plain_failure("The 'favorite' param is required"));
  std::optional<bool> favorite = p.optional_bool("favorite");
  auto room = find_by_id_or_name(s, p);
  if (!room) return failure(room.error());
  if (p.error()) return failure(*p.error());
  auto set = s.rooms.set_favorite(r.me(), room->id, favorite.value_or(true));
  if (!set) return failure(set.error());
  return success();
}

// rooms.cleanHistory {roomId, latest, oldest, inclusive?, excludePinned?, filesOnly?, users?,
// limit?, ignoreThreads?, ignoreDiscussion?} -> {_id, count}.
net::HttpResponse rooms_clean_history(Services& s, RestRequest& r) {
  Reader p(r.body);
  // RC validates the body first (ajv): roomId, latest and oldest must be there.
  for (const char* key : {"roomId", "latest", "oldest"}) {
    if (!p.has(key)) {
      return failure(
          chat::invalid_params("must have required property '" + std::string(key) + "'"));
    }
  }
  chat::CleanHistoryRequest request;
  std::optional<int64_t> latest = read_iso_date(p, "latest");
  std::optional<int64_t> oldest = read_iso_date(p, "oldest");
  request.inclusive = p.optional_bool("inclusive").value_or(false);
  request.exclude_pinned = p.optional_bool("excludePinned").value_or(false);
  request.files_only = p.optional_bool("filesOnly").value_or(false);
  request.ignore_threads = p.optional_bool("ignoreThreads").value_or(false);
  request.ignore_discussion = p.optional_bool("ignoreDiscussion").value_or(false);
  request.users = p.optional_string_array("users");
  request.limit = std::max<int64_t>(p.optional_int("limit").value_or(0), 0);
  if (p.error()) return failure(*p.error());
  auto room = find_by_id_or_name(s, p);
  if (!room) return failure(room.error());
  if (!s.rooms.find(r.me(), {room->id, {}})) {
    return failure(chat::api_failure("User does not have access to the room [error-not-allowed]",
                                     "error-not-allowed"));
  }
  if (!latest) return failure(chat::plain_failure("Body parameter \"latest\" is required."));
  if (!oldest) return failure(chat::plain_failure("Body parameter \"oldest\" is required."));
  request.latest = *latest;
  request.oldest = *oldest;
  auto remove_upload = [&s](std::string_view id) {
    return s.uploads != nullptr && s.uploads->remove(id);
  };
  auto count = s.messages.clean_history(r.me(), *room, request, remove_upload);
  if (!count) return failure(count.error());
  return success({{"_id", room->id}, {"count", *count}});
}

}  // namespace parley::rest::handlers
