// rooms.export (apps/meteor/app/api/server/v1/rooms.ts, server/lib/dataExport). RC's checks in
// its order: mail-messages in the room, the room exists, the caller can read it.
//  - type "file" {dateFrom?, dateTo?, format: html|json}: RC zips the messages and mails the
//    caller a download link. parley has no mail, so it delivers the same file the way a
//    connected client already sees files: rocket.cat sends it to the caller as a file message
//    in their DM (an upload in that DM, so only the two of them can download it), and answers
//    once it is there (RC answers at once and works in the background).
//  - type "email" mails chosen messages to users and addresses: refused, because parley has
//    no mail server to send through (error-email-send-failed); nothing is sent or queued.
#include "chat/accounts.hpp"
#include "chat/permissions.hpp"
#include "chat/room_export.hpp"
#include "rest/json_dates.hpp"
#include "rest/response.hpp"
#include "rest/room_helpers.hpp"

namespace parley::rest::handlers {

namespace {

constexpr int64_t kDayMs = 24LL * 3600 * 1000;

// Hands the export to the caller as rocket.cat's file message in their DM.
chat::Status deliver(Services& s, const store::UserRecord& me, const store::RoomRecord& room,
                     const chat::RoomExport& file) {
  auto cat = s.store.user_by_id(chat::kRocketCatId);
  if (!cat || s.uploads == nullptr) return chat::internal_error();
  auto dm = s.rooms.create_direct(*cat, {me.username});
  if (!dm) return dm.error();
  auto session = s.uploads->begin(*cat, {dm->id, file.file_name, file.content_type});
  if (!session) return session.error();
  if (auto appended = (*session)->append(file.body); !appended) return appended.error();
  auto upload = (*session)->finish();
  if (!upload) return upload.error();
  chat::FileMessageFields fields;
  const std::string named = room.name.empty() ? "a direct message" : "#" + room.name;
  fields.msg =
      "Your export of " + named + " is ready (" + std::to_string(file.messages) + " messages).";
  auto sent = s.uploads->post_message(*cat, dm->id, upload->id, fields);
  if (!sent) return sent.error();
  return chat::Ok{};
}

}  // namespace

net::HttpResponse rooms_export(Services& s, RestRequest& r) {
  Reader p(r.body);
  const std::string rid = p.optional_string("rid");
  const std::string type = p.optional_string("type");
  const std::string format = p.optional_string("format");
  std::optional<int64_t> from = read_iso_date(p, "dateFrom");
  std::optional<int64_t> to = read_iso_date(p, "dateTo");
  if (p.error()) return failure(*p.error());
  // RC's schema (rest-typings isRoomsExportProps): rid and type, and for a file the format.
  if (rid.empty()) return failure(chat::invalid_params("must have required property 'rid'"));
  if (type != "file" && type != "email") {
    return failure(chat::invalid_params("must match exactly one schema in oneOf"));
  }
  if (type == "file" && format != "json" && format != "html") {
    return failure(chat::invalid_params("must be equal to one of the allowed values"));
  }

  const store::UserRecord& me = r.me();
  auto subscription = s.store.subscription(rid, me.id);
  if (!chat::has_permission(me, "mail-messages", subscription ? &*subscription : nullptr)) {
    return failure(chat::domain_error("error-action-not-allowed", "Mailing is not allowed"));
  }
  auto room = s.store.room_by_id(rid);
  if (!room) return failure(chat::domain_error("error-invalid-room", "Invalid room"));
  if (!s.rooms.find(me, {rid, {}})) {
    return failure(chat::domain_error("error-not-allowed", "Not Allowed"));
  }
  if (type == "email") {
    return failure(
        chat::domain_error("error-email-send-failed",
                           "parley has no mail server: export to a file (type \"file\") instead"));
  }

  // As RC: no dateFrom is the beginning, no dateTo is now, and dateTo counts a day more (a
  // date picked in the export form means that whole day).
  const int64_t from_ms = from.value_or(0);
  const int64_t to_ms = to.value_or(s.clock.now_ms()) + kDayMs;
  if (from_ms > to_ms) {
    return failure(chat::domain_error("error-invalid-dates", "From date cannot be after To date"));
  }
  const auto file = chat::export_room(
      s.store, *room, format == "json" ? chat::ExportFormat::kJson : chat::ExportFormat::kHtml,
      from_ms, to_ms);
  if (auto delivered = deliver(s, me, *room, file); !delivered) {
    return failure(delivered.error());
  }
  return success();
}

}  // namespace parley::rest::handlers
