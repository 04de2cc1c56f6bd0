#pragma once
// Who may download an uploaded file: Rocket.Chat's FileUpload.requestCanAccessFiles once the
// credentials are read (rest/file_credentials reads them from the query, cookies or headers).
//
//  - FileUpload_ProtectFiles off: everyone, with or without credentials.
//  - Otherwise the user id and token must name a logged-in user (chat::Accounts, as the REST
//    router checks X-Auth-Token), and then, for a file that belongs to a room:
//      FileUpload_Restrict_to_room_members (RC's default): a member of the room now, so a user
//        who left or was kicked loses access at once (the membership cache follows every
//        join, leave and kick);
//      FileUpload_Restrict_to_users_who_can_access_room: whoever can read the room (public
//        channels: view-c-room; private groups and DMs: members);
//      neither: any logged-in user;
//      both (RC's admin UI prevents it): nobody, as Rocket.Chat answers.
// Livechat visitors (rc_room_type=l) and JSON web tokens for files are not implemented: parley
// has no livechat yet, and RC's JWT path is off unless an admin sets a secret.
#include <string_view>

#include "chat/accounts.hpp"
#include "chat/room_access.hpp"
#include "chat/settings.hpp"
#include "store/store.hpp"

namespace parley::chat {

class FileAccess {
 public:
  FileAccess(Accounts& accounts, const Settings& settings, RoomAccess& access, store::Store& store)
      : accounts_(accounts), settings_(settings), access_(access), store_(store) {}

  // Whether the holder of (user_id, token) may download a file of room `room_id` ("" for a
  // file that belongs to no room).
  bool may_download(std::string_view user_id, std::string_view token, std::string_view room_id);

 private:
  Accounts& accounts_;
  const Settings& settings_;
  RoomAccess& access_;
  store::Store& store_;
};

}  // namespace parley::chat
