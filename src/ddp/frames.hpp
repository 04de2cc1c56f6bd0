#pragma once
// DDP frames as Meteor writes them (rc-api.md §2). Every builder returns the serialised text,
// ready to share between connections.
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "chat/errors.hpp"

namespace parley::ddp {

using Frame = std::shared_ptr<const std::string>;

Frame make_frame(const boost::json::object& frame);

// Meteor.Error as a JSON object: {isClientSafe, error, reason, message, errorType, details?}.
boost::json::object meteor_error(const chat::Error& error);

// {"msg":"result","id":..,"result":..}; `result` omitted when nullopt (JS undefined).
Frame result_frame(const boost::json::value& id, const std::optional<boost::json::value>& result);
Frame method_error_frame(const boost::json::value& id, const chat::Error& error);
Frame updated_frame(const boost::json::value& id);
Frame ready_frame(const std::string& sub_id);
Frame nosub_frame(const std::string& sub_id, const chat::Error* error);
// A stream event (rc-api.md §3.1): {"msg":"changed","collection":"stream-<stream>","id":"id",
// "fields":{"eventName":..,"args":..}}. `args_json` is the args array already serialised, so
// a fan-out serialises it once however many frames carry it.
Frame stream_changed_frame(std::string_view stream, std::string_view event_name,
                           std::string_view args_json);
// The document a `useCollection: true` subscriber needs before any `changed` (rc-api.md §3.1).
Frame stream_added_frame(std::string_view stream, std::string_view event_name);
// {"msg":"error","reason":"Bad request","offendingMessage":{...}}: a well-formed JSON frame
// Meteor could not use; the offending message is echoed as the object it was.
Frame bad_request_frame(const boost::json::value& offending);
// {"msg":"error","reason":"Parse error"}: a frame that is not JSON at all.
Frame parse_error_frame();

}  // namespace parley::ddp
