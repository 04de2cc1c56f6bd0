#pragma once
// rooms.export's file (RC's dataExport/exportRoomMessagesToFile): a room's messages between
// two dates as one JSON or HTML document. Rocket.Chat zips that file with the room's
// attachments and mails a link; parley has no mail, so the REST route hands the document to
// the user as a file message from rocket.cat in their DM (rest/room_export_routes.cpp), and the
// file holds the messages only (attachments are linked by their titles, not copied).
#include <cstdint>
#include <string>

#include "store/store.hpp"

namespace parley::chat {

enum class ExportFormat { kJson, kHtml };

struct RoomExport {
  std::string file_name;  // RC's targetFile: "<room name>.json", "<room id>.html"
  std::string content_type;
  std::string body;
  int64_t messages = 0;
};

// The room's messages with from <= ts <= to, oldest first, rendered. Reads the store only.
RoomExport export_room(store::Store& store, const store::RoomRecord& room, ExportFormat format,
                       int64_t from_ms, int64_t to_ms);

}  // namespace parley::chat
