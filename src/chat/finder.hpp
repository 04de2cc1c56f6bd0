#pragma once
// The finders a client calls while someone types: spotlight (the quick switcher, @mention and
// #channel autocomplete) and the directory (browseChannels / GET directory), with Rocket.Chat's
// rules (apps/meteor/server/lib/spotlight.js, server/publications/spotlight.ts,
// server/methods/browseChannels.ts):
//  - spotlight: a leading `#` asks only for rooms, `@` only for users. Users: an exact
//    username first, then (with a room) its members, then the users one has DMs with, then
//    everyone else (`outside: true`) when one may list outsiders (view-outside-room and
//    view-d-room; without them, only DM partners). At most
//    Number_of_users_autocomplete_suggestions users, sorted by username. Rooms: public
//    channels (never discussions) the user is NOT in, five, by name; the switcher has the
//    user's own rooms already. Rooms need view-outside-room and view-c-room.
//  - directory: channels (public ones, and private groups one is in), users (active, with
//    emails for view-full-other-user-info), teams (none in parley yet: always empty). A type
//    or sort it does not know answers nothing, which the REST route turns into RC's
//    "Please verify the parameters".
// Results are EJSON documents (dates as {$date}); REST converts them.
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <vector>

#include "chat/rooms.hpp"
#include "chat/settings.hpp"
#include "store/store.hpp"

namespace parley::chat {

struct SpotlightRequest {
  std::string text;
  std::vector<std::string> exclude_usernames;  // `usernames`: already chosen
  bool users = true;
  bool rooms = true;
  std::string room_id;  // `rid`: rank this room's members first
};

struct DirectoryRequest {
  std::string text;
  std::string type = "channels";  // channels | users | teams
  std::string workspace = "local";
  std::string sort_by = "name";
  bool descending = false;
  int64_t offset = 0;
  int64_t limit = 10;
};

struct DirectoryPage {
  boost::json::array results;
  int64_t total = 0;
};

class Finder {
 public:
  // Settings may be null (unit tests): the defaults apply then.
  Finder(store::Store& store, Rooms& rooms, const Settings* settings)
      : store_(store), rooms_(rooms), settings_(settings) {}

  // {users: [...], rooms: [...]}
  boost::json::object spotlight(const store::UserRecord& me, SpotlightRequest request);
  // nullopt: a type, sort or direction Rocket.Chat does not accept, or a user without the
  // permission the type needs.
  std::optional<DirectoryPage> directory(const store::UserRecord& me,
                                         const DirectoryRequest& request);

 private:
  boost::json::array spotlight_users(const store::UserRecord& me, const SpotlightRequest& r);
  boost::json::array spotlight_rooms(const store::UserRecord& me, const std::string& text);
  std::optional<DirectoryPage> directory_channels(const store::UserRecord& me,
                                                  const DirectoryRequest& r);
  std::optional<DirectoryPage> directory_users(const store::UserRecord& me,
                                               const DirectoryRequest& r);

  store::Store& store_;
  Rooms& rooms_;
  const Settings* settings_;
};

}  // namespace parley::chat
