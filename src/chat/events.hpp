#pragma once
// DESIGN: what chat/ tells the realtime layer, after the write it describes has committed.
// Each event is one JSON object published on the bus under the subject of the people who
// care (bus.hpp), serialised once:
//   {"stream":"room-messages","event":"<rid>","args":[message],"rid":"<rid>","rt":"c"}
//   {"stream":"notify-room","event":"<rid>/deleteMessage","args":[{"_id":mid}],"rid":..,"rt":..}
//   {"stream":"notify-user","event":"<uid>/subscriptions-changed","args":["updated", sub]}
// `stream` is Rocket.Chat's stream name without "stream-"; `event` and `args` are what the
// DDP client receives in fields.eventName and fields.args. Room events carry the room id and
// type so the receiving side can apply read rules per event (a private room's events reach
// members only) without a store query. Dates inside args are EJSON ({"$date": ms}).
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <string>
#include <string_view>

#include "bus/bus.hpp"
#include "store/room_records.hpp"

namespace parley::chat {

class Events {
 public:
  explicit Events(bus::Bus& bus) : bus_(bus) {}

  // A message inserted or changed: stream-room-messages "<rid>".
  void message_changed(const store::RoomRecord& room, const boost::json::object& message);
  // stream-notify-room "<rid>/deleteMessage".
  void message_deleted(const store::RoomRecord& room, std::string_view message_id);
  // Any stream-notify-room event of a room ("<rid>/typing", "<rid>/user-activity", ...).
  void room_event(const store::RoomRecord& room, std::string_view event_suffix,
                  boost::json::array args);
  // stream-notify-user "<uid>/<event_suffix>".
  void user_event(std::string_view user_id, std::string_view event_suffix,
                  boost::json::array args);
  // stream-notify-logged / stream-notify-all.
  void logged_event(std::string_view event, boost::json::array args);
  void all_event(std::string_view event, boost::json::array args);

  bus::Bus& bus() { return bus_; }

 private:
  void publish(const std::string& subject, boost::json::object event);
  bus::Bus& bus_;
};

}  // namespace parley::chat
