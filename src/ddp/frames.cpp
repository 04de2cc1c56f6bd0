#include "ddp/frames.hpp"

#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>

namespace parley::ddp {

namespace json = boost::json;

Frame make_frame(const json::object& frame) {
  return std::make_shared<const std::string>(json::serialize(frame));
}

json::object meteor_error(const chat::Error& error) {
  json::object out{
      {"isClientSafe", true},       {"error", error.code},         {"reason", error.reason},
      {"message", error.message()}, {"errorType", "Meteor.Error"},
  };
  if (!error.details.empty()) out["details"] = error.details;
  return out;
}

Frame result_frame(const json::value& id, const std::optional<json::value>& result) {
  json::object frame{{"msg", "result"}, {"id", id}};
  if (result) frame["result"] = *result;
  return make_frame(frame);
}

Frame method_error_frame(const json::value& id, const chat::Error& error) {
  return make_frame({{"msg", "result"}, {"id", id}, {"error", meteor_error(error)}});
}

Frame updated_frame(const json::value& id) {
  return make_frame({{"msg", "updated"}, {"methods", json::array{id}}});
}

Frame ready_frame(const std::string& sub_id) {
  return make_frame({{"msg", "ready"}, {"subs", json::array{json::value(sub_id)}}});
}

Frame nosub_frame(const std::string& sub_id, const chat::Error* error) {
  json::object frame{{"msg", "nosub"}, {"id", sub_id}};
  if (error) frame["error"] = meteor_error(*error);
  return make_frame(frame);
}

Frame stream_changed_frame(std::string_view stream, std::string_view event_name,
                           std::string_view args_json) {
  const std::string name = json::serialize(json::string(event_name));
  std::string out;
  out.reserve(80 + stream.size() + name.size() + args_json.size());
  out += R"({"msg":"changed","collection":"stream-)";
  out += stream;  // stream names are fixed ASCII identifiers: nothing to escape
  out += R"(","id":"id","fields":{"eventName":)";
  out += name;
  out += R"(,"args":)";
  out += args_json;
  out += "}}";
  return std::make_shared<const std::string>(std::move(out));
}

Frame stream_added_frame(std::string_view stream, std::string_view event_name) {
  return make_frame({{"msg", "added"},
                     {"collection", "stream-" + std::string(stream)},
                     {"id", "id"},
                     {"fields", json::object{{"eventName", event_name}}}});
}

Frame bad_request_frame(const json::value& offending) {
  return make_frame({{"msg", "error"}, {"reason", "Bad request"}, {"offendingMessage", offending}});
}

Frame parse_error_frame() {
  return make_frame({{"msg", "error"}, {"reason", "Parse error"}});
}

}  // namespace parley::ddp
