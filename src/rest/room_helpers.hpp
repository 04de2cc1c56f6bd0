#pragma once
// What the room, subscription and chat routes share: how a request names a room or a user,
// each family's names, and the JSON they send back (ISO dates, rc-api.md §1.2).
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "chat/errors.hpp"
#include "rest/request_reader.hpp"
#include "rest/routes.hpp"

namespace parley::rest {

struct FamilyInfo {
  std::string_view type;  // "c", "p", "d"
  const char* room_key;   // the reply's room field: "channel", "group", "room"
  const char* list_key;   // the list's field: "channels", "groups", "ims"
  const char* noun;       // how RC's plain failures name the room: "The channel"
};
const FamilyInfo& family_info(Family family);

// roomId | roomName; im.* also takes username (the caller's DM with that user). Records an
// invalid-params error when none is given.
struct RoomParams {
  std::string id;
  std::string name;
  std::string username;
};
RoomParams read_room_params(Reader& reader, Family family);

// The room `params` names, of the family's type, readable by `me`; anything else is
// error-room-not-found. With `check_archived`, an archived room is error-room-archived, as
// Rocket.Chat's channel and group finders answer before any change to the room.
chat::Result<store::RoomRecord> find_room(Services& s, const store::UserRecord& me,
                                          const RoomParams& params, Family family,
                                          bool check_archived);

// userId | username of the user a request acts on (invite, kick, addOwner, ...).
struct UserParams {
  std::string id;
  std::string username;
};
UserParams read_user_params(Reader& reader);
// error-user-param-not-provided / error-invalid-user, as RC's getUserFromParams.
chat::Result<store::UserRecord> find_user(Services& s, const UserParams& params);

// HTTP 400 {success:false, error:<message>} without errorType: RC's API.v1.failure(string).
net::HttpResponse plain_failure(std::string message);

PagingLimits paging_limits(const Services& s);

boost::json::object room_json(const store::RoomRecord& room);
// `room`: the subscription's room, for its teamId / teamMain (chat/room_views.hpp).
boost::json::object subscription_json(const store::SubscriptionRecord& subscription,
                                      const store::RoomRecord* room = nullptr);
// As RC's normalizeMessagesForUser: ISO dates, and `starred` reduced to the viewer's entry.
boost::json::object message_json(boost::json::object message, std::string_view viewer_id);
boost::json::array messages_json(std::vector<boost::json::object> messages,
                                 std::string_view viewer_id);
// The paged message list reply: {messages, count, offset, total}.
net::HttpResponse message_page(chat::MessageList list, const Paging& paging,
                               std::string_view viewer_id);

}  // namespace parley::rest
