#pragma once
// The `sub` side of Rocket.Chat's streams (rc-api.md §3): which stream publications exist,
// how their params read, and who may open them. Rules follow Rocket.Chat's notifications
// module; the hub (stream_hub.hpp) applies the per-event rules after this.
#include <boost/json/array.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "chat/errors.hpp"
#include "store/records.hpp"

namespace parley::ddp {

class Service;

struct StreamSub {
  std::string stream;      // without the "stream-" prefix
  std::string event_name;  // params[0]
  bool use_collection = false;
};

// Whether `name` is a stream publication parley serves ("stream-room-messages", ...).
bool is_stream_publication(std::string_view name);

// Reads params = [eventName, options]: options is `true`/`false` (sdk 0.2.9) or
// {useCollection, args} (sdk alpha, ddp-client). An eventName that is not a string is refused
// as Meteor's check() would ("Match failed").
chat::Result<StreamSub> parse_stream_sub(std::string_view name, const boost::json::array& params);

// Rocket.Chat's read rule for opening the subscription; `not-allowed` when it says no.
chat::Status check_stream_read(Service& service, const std::optional<store::UserRecord>& user,
                               const StreamSub& sub);

}  // namespace parley::ddp
