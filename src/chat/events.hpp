#pragma once
// DESIGN: what chat/ tells the realtime layer, after the write it describes has committed.
// Each event is one JSON object published on the bus under the subject of the people who
// care (bus.hpp), serialised once:
//   {"stream":"room-messages","event":"<rid>","args":[message],"rid":"<rid>","rt":"c"}
//   {"stream":"notify-room","event":"<rid>/deleteMessage","args":[{"_id":mid}],"rid":..,"rt":..}
//   {"stream":"notify-user","event":"<uid>/subscriptions-changed","args":["updated", sub]}
//   {"stream":"notify-user","event":"rooms-changed","args":["updated", room],"rid":..,"rt":..}
//     (room-level: published once on the room's subject and delivered as
//     "<uid>/rooms-changed" to each member listening, instead of one publish per member)
// `stream` is Rocket.Chat's stream name without "stream-"; `event` and `args` are what the
// DDP client receives in fields.eventName and fields.args. Room events carry the room id and
// type so the receiving side can apply read rules per event (a private room's events reach
// members only) without a store query, and the name ("rn") that __my_messages__ carries.
// "origin" (optional, opaque) names the connection whose emit caused the event; the realtime
// side does not echo the event back to it. Dates inside args are EJSON ({"$date": ms}).
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "bus/bus.hpp"
#include "store/room_records.hpp"

namespace parley::chat {

class Events {
 public:
  // `immediate`, when given, carries the token revocations instead of `bus`: they must end the
  // sessions before the revoking call returns (ddp/login_registry.hpp), so they cannot wait
  // behind the message events queued on `bus` (app/ passes the QueuedBus and its inner bus).
  // Their order relative to those other events does not matter.
  explicit Events(bus::Bus& bus, bus::Bus* immediate = nullptr)
      : bus_(bus), immediate_(immediate ? *immediate : bus) {}

  // A message inserted or changed: stream-room-messages "<rid>".
  void message_changed(const store::RoomRecord& room, const boost::json::object& message);
  // stream-notify-room "<rid>/deleteMessage".
  void message_deleted(const store::RoomRecord& room, std::string_view message_id);
  // Any stream-notify-room event of a room ("<rid>/typing", "<rid>/user-activity", ...).
  void room_event(const store::RoomRecord& room, std::string_view event_suffix,
                  boost::json::array args, std::string_view origin = {});
  // stream-notify-user "<uid>/rooms-changed" ["updated", room] for every member of the room.
  void room_changed_for_members(const store::RoomRecord& room);
  // stream-notify-user "<uid>/<event_suffix>".
  void user_event(std::string_view user_id, std::string_view event_suffix, boost::json::array args,
                  std::string_view origin = {});
  // stream-notify-logged / stream-notify-all.
  void logged_event(std::string_view event, boost::json::array args);
  void all_event(std::string_view event, boost::json::array args);
  // stream-roles "roles" [{type, ...role}] (a role created, changed or removed), read by every
  // logged-in connection, so it travels on the logged subject.
  void roles_event(boost::json::array args);
  // stream-user-presence "<uid>" [[username, statusCode, statusText]] (published on the
  // logged subject: every logged-in connection may read it).
  void presence_event(std::string_view user_id, boost::json::array args);

  // Login tokens of a user were removed from the store: every instance ends the DDP sessions
  // that use them (ddp/login_registry.hpp). Published on bus::kTokensSubject as
  // {"uid", "tokens":[base64(sha256(token)), ...]} or {"uid", "all":true, "except"?:hash}.
  // Only hashes travel: a hash cannot log anyone in.
  void tokens_revoked(std::string_view user_id, const std::vector<std::string>& hashed_tokens);
  void all_tokens_revoked(std::string_view user_id, std::string_view except_hashed_token = {});

  bus::Bus& bus() { return bus_; }

 private:
  void publish(const std::string& subject, boost::json::object event);
  bus::Bus& bus_;
  bus::Bus& immediate_;
};

}  // namespace parley::chat
