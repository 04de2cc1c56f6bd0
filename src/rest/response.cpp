#include "rest/response.hpp"

#include <boost/json/serialize.hpp>

namespace parley::rest {

namespace json = boost::json;

net::HttpResponse unauthorized() {
  return json_response(403, {{"success", false}, {"error", "unauthorized"}});
}

net::HttpResponse json_response(int status, const json::object& body) {
  net::HttpResponse response;
  response.status = status;
  response.body = json::serialize(body);
  return response;
}

net::HttpResponse success(json::object body) {
  body["success"] = true;
  return json_response(200, body);
}

net::HttpResponse failure(const chat::Error& error) {
  using chat::ErrorKind;
  json::object body{{"success", false}};
  switch (error.kind) {
    case ErrorKind::kUnauthenticated:
      body["status"] = "error";
      body["message"] = "You must be logged in to do this.";
      body["error"] = "You must be logged in to do this.";
      break;
    case ErrorKind::kForbidden:
      if (error.code.is_null()) {  // plain_forbidden: the text alone
        body["error"] = error.reason;
        break;
      }
      body["error"] = error.message();
      body["errorType"] = error.code_string();
      break;
    case ErrorKind::kNotFound:
      body["error"] = error.reason;
      break;
    case ErrorKind::kTooManyRequests:
      // API.v1.tooManyRequests: the Meteor message and nothing else (no errorType, no details).
      body["error"] = error.message();
      return json_response(chat::http_status(error.kind), body);
    case ErrorKind::kInternal:
      body["error"] = "Internal server error";
      break;
    case ErrorKind::kLoginFailed:
      // Login errors are shaped by the login route itself; elsewhere treat as 401.
      body["status"] = "error";
      body["error"] = error.code;
      body["message"] = error.reason;
      break;
    case ErrorKind::kInvalidParams:
    case ErrorKind::kDomain:
      if (error.code.is_null()) {  // plain_failure: the text alone
        body["error"] = error.reason;
        break;
      }
      body["error"] = error.bare_reason ? error.reason : error.message();
      body["errorType"] = error.code_string();
      break;
  }
  if (!error.details.empty()) body["details"] = error.details;
  return json_response(chat::http_status(error.kind), body);
}

}  // namespace parley::rest
