// method.call/:method and method.callAnon/:method (rc-api.md §8): a DDP method over REST. The
// body is {"message": "<EJSON of {msg:'method', id, method, params}>"}; the reply is HTTP 200
// {"message": "<EJSON of the DDP result message>", "success": true}, method errors included
// (they sit inside `message`). Only a body that is not a method call is a 400.
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "rest/response.hpp"
#include "rest/routes.hpp"

namespace parley::rest::handlers {

namespace json = boost::json;

namespace {

net::HttpResponse call(Services& s, RestRequest& r) {
  const chat::Error invalid = chat::invalid_params("Invalid method call");
  if (s.methods == nullptr) return failure(chat::internal_error());
  const json::value* message = r.body.if_contains("message");
  if (message == nullptr || !message->is_string()) return failure(invalid);
  boost::system::error_code ec;
  json::value parsed = json::parse(message->get_string(), ec);
  if (ec || !parsed.is_object()) return failure(invalid);
  const json::object& frame = parsed.get_object();
  const json::value* method = frame.if_contains("method");
  const json::value* params = frame.if_contains("params");
  if (method == nullptr || !method->is_string() || method->get_string().empty() ||
      (params != nullptr && !params->is_array())) {
    return failure(invalid);
  }

  MethodRequest request;
  request.user = r.user;
  request.auth_token = r.auth_token;
  request.remote_ip = r.client_ip;
  if (const json::value* id = frame.if_contains("id")) request.id = *id;
  request.method = std::string(method->get_string());
  if (params != nullptr) request.params = params->get_array();
  json::object result = s.methods->invoke(std::move(request));
  return success({{"message", json::serialize(result)}});
}

}  // namespace

net::HttpResponse method_call(Services& s, RestRequest& r) {
  return call(s, r);
}

net::HttpResponse method_call_anon(Services& s, RestRequest& r) {
  r.user.reset();  // anonymous even when the request carries credentials
  return call(s, r);
}

}  // namespace parley::rest::handlers
