// channels.files / groups.files / im.files and rooms.images (rc-api.md §6.4, §4.8): a room's
// uploads, as Rocket.Chat 7's handlers list them (apps/meteor/app/api/server/v1/channels.ts,
// groups.ts, im.ts, rooms.ts).
//
// Who may list:
//  - channels.files: the channel must exist (error-room-not-found) and be readable by the
//    caller (canAccessRoom), otherwise RC's API.v1.unauthorized(): 403.
//  - groups.files / im.files: members only; anyone else gets error-room-not-found, as RC's
//    findPrivateGroupByIdOrName / findDirectMessageRoom answer.
//  - rooms.images: a room the caller can read, otherwise 403 (RC's API.v1.forbidden()).
// What is listed: confirmed uploads only (a rooms.media upload appears once mediaConfirm made
// its message), never thumbnails. Filters: `typeGroup`, `name` (case-insensitive contains),
// and of the legacy Mongo `query` the two keys RC's web client sends ({name:{$regex},
// typeGroup}); other keys are ignored as RC 7 ignores `query`. `sort` by name (the default,
// ascending) or uploadedAt; any other field is error-invalid-sort.
#include <boost/json/parse.hpp>

#include "rest/json_dates.hpp"
#include "rest/response.hpp"
#include "rest/room_helpers.hpp"
#include "util/clock.hpp"

namespace parley::rest::handlers {

namespace json = boost::json;

namespace {

// JS encodeURIComponent: what the path segment of a /file-upload URL carries.
std::string uri_component(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    const bool plain =
        (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
        std::string_view("-_.!~*'()").find(static_cast<char>(c)) != std::string_view::npos;
    if (plain) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0xf];
    }
  }
  return out;
}

// IUpload as RC's REST lists give it, with ISO dates; `user` only for the *.files lists
// (RC's addUserToFileObj).
json::object upload_json(const store::UploadRecord& up, bool with_user) {
  const std::string url = "/file-upload/" + up.id + "/" + uri_component(up.name);
  json::object o{
      {"_id", up.id},
      {"name", up.name},
      {"size", up.size},
      {"type", up.type},
      {"rid", up.room_id},
      {"userId", up.user_id},
      {"store", "FileSystem:Uploads"},
      {"complete", up.complete},
      {"uploading", false},
      {"progress", 1},
      {"extension", up.extension},
      {"typeGroup", up.type_group},
      {"url", url},
      {"path", url},
      {"uploadedAt", util::iso8601(up.uploaded_at)},
      {"_updatedAt", util::iso8601(up.updated_at)},
  };
  if (!up.description.empty()) o["description"] = up.description;
  if (up.identify) {
    o["identify"] = {{"format", up.identify->format},
                     {"size", {{"width", up.identify->width}, {"height", up.identify->height}}}};
  }
  if (with_user) {
    o["user"] = {{"_id", up.user_id}, {"username", up.user_username}, {"name", up.user_name}};
  }
  return o;
}

// sort={"name":±1} or {"uploadedAt":±1}; RC's default is by name.
store::UploadOrder read_upload_order(Reader& reader) {
  store::UploadOrder order = store::UploadOrder::kNameAscending;
  for (const auto& [field, direction] : read_sort(reader)) {
    if (field == "name") {
      order =
          direction == 1 ? store::UploadOrder::kNameAscending : store::UploadOrder::kNameDescending;
    } else if (field == "uploadedAt") {
      order = direction == 1 ? store::UploadOrder::kOldestFirst : store::UploadOrder::kNewestFirst;
    } else {
      reader.fail(chat::domain_error("error-invalid-sort",
                                     "Invalid sort parameter provided: \"" + field +
                                         "\" (files sort by \"name\" or \"uploadedAt\")"));
      break;
    }
  }
  return order;
}

// The legacy query's {name: {$regex: "..."} | "...", typeGroup: "..."}, into `query` where the
// plain parameters left it empty.
void apply_legacy_query(const std::string& text, store::UploadQuery& query) {
  if (text.empty()) return;
  boost::system::error_code ec;
  json::value parsed = json::parse(text, ec);
  if (ec || !parsed.is_object()) return;
  const json::object& q = parsed.get_object();
  if (const json::value* name = q.if_contains("name"); name && query.name.empty()) {
    if (name->is_string()) {
      query.name = std::string(name->get_string());
    } else if (const json::value* regex =
                   name->is_object() ? name->get_object().if_contains("$regex") : nullptr;
               regex && regex->is_string()) {
      query.name = std::string(regex->get_string());
    }
  }
  if (const json::value* group = q.if_contains("typeGroup");
      group && group->is_string() && query.type_group.empty()) {
    query.type_group = std::string(group->get_string());
  }
}

}  // namespace

// roomId | roomName (im: roomId | username), offset, count, sort, typeGroup, name, query ->
// {files:[IUpload + user], count, offset, total}.
net::HttpResponse room_files(Services& s, RestRequest& r, Family family) {
  Reader p = r.params();
  RoomParams params = read_room_params(p, family);
  store::UploadQuery query;
  query.type_group = p.optional_string("typeGroup");
  query.name = p.optional_string("name");
  query.order = read_upload_order(p);
  apply_legacy_query(p.optional_string("query"), query);
  Paging paging = read_paging(p, paging_limits(s));
  if (p.error()) return failure(*p.error());

  auto room = find_room(s, r.me(), params, family, false);
  if (!room) {
    // A channel that exists but that the caller cannot read is RC's canAccessRoom refusal.
    if (family == Family::kChannels && room.error().code_string() == "error-room-not-found") {
      auto found =
          !params.id.empty() ? s.store.room_by_id(params.id) : s.store.room_by_name(params.name);
      if (found && found->type == "c") return unauthorized();
    }
    return failure(room.error());
  }
  query.room_id = room->id;
  query.offset = paging.offset;
  query.count = paging.count;
  store::UploadPage page = s.store.room_uploads(query);
  json::array files;
  for (const auto& up : page.uploads) files.emplace_back(upload_json(up, true));
  const auto count = static_cast<int64_t>(files.size());
  return success({{"files", std::move(files)},
                  {"count", count},
                  {"offset", paging.offset},
                  {"total", page.total}});
}

// roomId, startingFromId?, offset, count -> {files, count, offset, total}: the room's images,
// newest first, from startingFromId's upload time down. As RC 7: that upload is put first when
// the page left it out, and `count` is the page size asked for.
net::HttpResponse rooms_images(Services& s, RestRequest& r) {
  Reader p = r.params();
  const std::string room_id = p.required_string("roomId");
  const std::string starting_from = p.optional_string("startingFromId");
  Paging paging = read_paging(p, paging_limits(s));
  if (p.error()) return failure(*p.error());
  if (room_id.empty()) return failure(chat::invalid_params("The 'roomId' param is required"));

  auto room = s.rooms.find(r.me(), chat::RoomRef{room_id, {}});
  if (!room) return unauthorized();

  std::optional<store::UploadRecord> initial;
  if (!starting_from.empty()) {
    initial = s.store.upload_by_id(starting_from);
    if (initial &&
        (initial->room_id != room->id || !initial->confirmed || initial->type_group != "image")) {
      initial.reset();
    }
  }
  store::UploadQuery query;
  query.room_id = room->id;
  query.type_group = "image";
  query.starting_from_id = initial ? initial->id : std::string();
  query.order = store::UploadOrder::kNewestFirst;
  query.offset = paging.offset;
  query.count = paging.count;
  store::UploadPage page = s.store.room_uploads(query);

  json::array files;
  bool initial_listed = false;
  for (const auto& up : page.uploads) initial_listed |= initial && up.id == initial->id;
  if (initial && !initial_listed) files.emplace_back(upload_json(*initial, false));
  for (const auto& up : page.uploads) files.emplace_back(upload_json(up, false));
  return success({{"files", std::move(files)},
                  {"count", paging.count},
                  {"offset", paging.offset},
                  {"total", page.total}});
}

}  // namespace parley::rest::handlers
