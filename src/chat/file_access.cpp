#include "chat/file_access.hpp"

namespace parley::chat {

bool FileAccess::may_download(std::string_view user_id, std::string_view token,
                              std::string_view room_id) {
  if (!settings_.boolean("FileUpload_ProtectFiles")) return true;
  if (user_id.empty() || token.empty()) return false;
  auto user = accounts_.authenticate(user_id, token);
  if (!user) return false;
  if (room_id.empty()) return true;

  const bool members_only = settings_.boolean("FileUpload_Restrict_to_room_members");
  const bool readers = settings_.boolean("FileUpload_Restrict_to_users_who_can_access_room");
  if (!members_only && !readers) return true;
  if (members_only && readers) return false;
  if (members_only) return access_.members().is_member(room_id, user->id);
  auto room = store_.room_by_id(room_id);
  return room && access_.can_read(*user, *room);
}

}  // namespace parley::chat
