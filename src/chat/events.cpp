#include "chat/events.hpp"

#include <boost/json/serialize.hpp>

#include "chat/room_views.hpp"

namespace parley::chat {

namespace json = boost::json;

namespace {

json::object room_envelope(const char* stream, std::string event, const store::RoomRecord& room,
                           json::array args) {
  return {{"stream", stream}, {"event", std::move(event)}, {"args", std::move(args)},
          {"rid", room.id},   {"rt", room.type},           {"rn", room.name}};
}

void set_origin(json::object& event, std::string_view origin) {
  if (!origin.empty()) event["origin"] = origin;
}

bus::Payload serialized(const json::object& event) {
  return std::make_shared<const std::string>(json::serialize(event));
}

}  // namespace

void Events::publish(const std::string& subject, json::object event) {
  bus_.publish(subject, serialized(event));
}

void Events::message_changed(const store::RoomRecord& room, const json::object& message) {
  publish(bus::room_subject(room.id),
          room_envelope("room-messages", room.id, room, json::array{message}));
}

void Events::message_deleted(const store::RoomRecord& room, std::string_view message_id) {
  room_event(room, "deleteMessage", json::array{json::object{{"_id", message_id}}});
}

void Events::room_event(const store::RoomRecord& room, std::string_view event_suffix,
                        json::array args, std::string_view origin) {
  json::object event = room_envelope("notify-room", room.id + "/" + std::string(event_suffix), room,
                                     std::move(args));
  set_origin(event, origin);
  publish(bus::room_subject(room.id), std::move(event));
}

void Events::room_changed_for_members(const store::RoomRecord& room) {
  publish(bus::room_subject(room.id), room_envelope("notify-user", "rooms-changed", room,
                                                    json::array{"updated", room_view(room)}));
}

void Events::user_event(std::string_view user_id, std::string_view event_suffix, json::array args,
                        std::string_view origin) {
  json::object event{{"stream", "notify-user"},
                     {"event", std::string(user_id) + "/" + std::string(event_suffix)},
                     {"args", std::move(args)}};
  set_origin(event, origin);
  publish(bus::user_subject(user_id), std::move(event));
}

void Events::logged_event(std::string_view event, json::array args) {
  publish(bus::kLoggedSubject,
          {{"stream", "notify-logged"}, {"event", event}, {"args", std::move(args)}});
}

void Events::presence_event(std::string_view user_id, json::array args) {
  publish(bus::kLoggedSubject,
          {{"stream", "user-presence"}, {"event", user_id}, {"args", std::move(args)}});
}

void Events::all_event(std::string_view event, json::array args) {
  publish(bus::kAllSubject,
          {{"stream", "notify-all"}, {"event", event}, {"args", std::move(args)}});
}

void Events::roles_event(json::array args) {
  publish(bus::kLoggedSubject,
          {{"stream", "roles"}, {"event", "roles"}, {"args", std::move(args)}});
}

void Events::tokens_revoked(std::string_view user_id,
                            const std::vector<std::string>& hashed_tokens) {
  json::array tokens;
  for (const auto& hash : hashed_tokens) tokens.emplace_back(hash);
  immediate_.publish(bus::kTokensSubject,
                     serialized({{"uid", user_id}, {"tokens", std::move(tokens)}}));
}

void Events::all_tokens_revoked(std::string_view user_id, std::string_view except_hashed_token) {
  json::object event{{"uid", user_id}, {"all", true}};
  if (!except_hashed_token.empty()) event["except"] = except_hashed_token;
  immediate_.publish(bus::kTokensSubject, serialized(std::move(event)));
}

}  // namespace parley::chat
