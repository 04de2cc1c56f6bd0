#pragma once
// Which room names are allowed: Rocket.Chat's getValidRoomName
// (apps/meteor/app/utils/server/lib/getValidRoomName.ts) with its three settings.
//  - UTF8_Channel_Names_Validation: the pattern a name must match whole ("^" + it + "$", as RC
//    builds its RegExp; default [0-9a-zA-Z-_.]+). A pattern that does not compile falls back
//    to the default, as in RC.
//  - Accounts_SystemBlockedUsernameList: reserved names (default admin, administrator,
//    system, user), compared lowercased.
//  - UI_Allow_room_names_with_special_chars: the display name (fname) may be anything; the
//    name is its slug (RC's limax with maintainCase). parley's slug keeps ASCII letters,
//    digits, '-', '_' and '.', turns every other run into one '-', and does not transliterate
//    (RC turns "café" into "cafe"; parley into "caf").
// Thread-safe: rules change when an admin changes a setting, names are checked on workers.
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "chat/errors.hpp"

namespace parley::chat {

struct RoomNameRules {
  bool allow_special_chars = false;
  std::string validation = "[0-9a-zA-Z-_.]+";
  std::string blocked = "admin,administrator,system,user";  // comma-separated
};

// A room's name and display name as they are stored.
struct RoomName {
  std::string name;
  std::string fname;
};

class RoomNames {
 public:
  RoomNames();
  void set_rules(RoomNameRules rules);
  // error-invalid-room-name "<name> is not a valid room name" when the name does not pass.
  Result<RoomName> check(std::string_view display_name) const;

 private:
  struct Compiled;
  mutable std::mutex mu_;
  std::shared_ptr<const Compiled> rules_;  // swapped whole; readers copy the pointer
};

}  // namespace parley::chat
