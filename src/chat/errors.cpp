#include "chat/errors.hpp"

#include <boost/json/serialize.hpp>

namespace parley::chat {

// The one table: kind -> HTTP status. DDP always uses the Meteor error object built from
// `code` and `reason`; REST uses the status below and rc-api.md §1.5's bodies.
int http_status(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kInvalidParams:
      return 400;
    case ErrorKind::kDomain:
      return 400;
    case ErrorKind::kUnauthenticated:
      return 401;
    case ErrorKind::kLoginFailed:
      return 401;
    case ErrorKind::kForbidden:
      return 403;
    case ErrorKind::kNotFound:
      return 404;
    case ErrorKind::kTooManyRequests:
      return 429;
    case ErrorKind::kInternal:
      return 500;
  }
  return 500;
}

std::string Error::code_string() const {
  if (code.is_string()) return std::string(code.get_string());
  return boost::json::serialize(code);
}

std::string Error::message() const {
  if (reason.empty()) return "[" + code_string() + "]";
  return reason + " [" + code_string() + "]";
}

Error invalid_params(std::string reason) {
  return Error{ErrorKind::kInvalidParams, "invalid-params", std::move(reason), {}};
}

Error domain_error(std::string code, std::string reason) {
  return Error{ErrorKind::kDomain, boost::json::value(code), std::move(reason), {}};
}

Error unauthenticated() {
  return Error{
      ErrorKind::kUnauthenticated, "unauthorized", "You must be logged in to do this.", {}};
}

Error forbidden() {
  return Error{ErrorKind::kForbidden,
               "error-unauthorized",
               "User does not have the permissions required for this action",
               {}};
}

Error not_found(std::string reason) {
  return Error{ErrorKind::kNotFound, 404, std::move(reason), {}};
}

Error too_many_requests(std::string code, std::string reason, boost::json::object details) {
  return Error{ErrorKind::kTooManyRequests, boost::json::value(code), std::move(reason),
               std::move(details)};
}

Error plain_failure(std::string reason) {
  return Error{ErrorKind::kDomain, nullptr, std::move(reason), {}};
}

Error plain_forbidden(std::string reason) {
  return Error{ErrorKind::kForbidden, nullptr, std::move(reason), {}};
}

Error api_failure(std::string error, std::string error_type) {
  Error e{ErrorKind::kDomain, boost::json::value(error_type), std::move(error), {}};
  e.bare_reason = true;
  return e;
}

Error internal_error() {
  return Error{ErrorKind::kInternal, 500, "Internal server error", {}};
}

}  // namespace parley::chat
