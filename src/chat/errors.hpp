#pragma once
// Expected failures are values (STYLE.md idea 3). An Error carries the Meteor error code a
// Rocket.Chat client matches on ("error-invalid-user", or a number such as 403), a reason,
// and a Kind. The one table in errors.cpp maps each Kind to its HTTP status; rest/ and ddp/
// shape the bodies from these fields and nothing else.
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <string>
#include <utility>
#include <variant>

namespace parley::chat {

enum class ErrorKind {
  kInvalidParams,    // malformed or missing input                   -> 400
  kDomain,           // a business rule said no (Meteor.Error)       -> 400
  kUnauthenticated,  // no or bad credentials on an auth-only route  -> 401
  kLoginFailed,      // login refused (user, password, token, block) -> 401 on REST login
  kForbidden,        // authenticated but lacks the permission       -> 403
  kNotFound,         // no such route / method / resource            -> 404
  kTooManyRequests,  // rate limited                                 -> 429
  kInternal,         // a bug or a broken dependency                 -> 500
};

struct Error {
  ErrorKind kind = ErrorKind::kInternal;
  boost::json::value code;  // Meteor `error`: a string code, or a number (403, 404)
  std::string reason;
  boost::json::object details;
  // REST's `error` is the reason alone, not "<reason> [<code>]": RC's API.v1.failure(error,
  // errorType) (see api_failure).
  bool bare_reason = false;

  // "<reason> [<code>]", the Meteor message text.
  std::string message() const;
  // The code as a string ("403" for a number), used as REST `errorType`.
  std::string code_string() const;
};

int http_status(ErrorKind kind);

Error invalid_params(std::string reason);
Error domain_error(std::string code, std::string reason);
Error unauthenticated();
Error forbidden();
Error not_found(std::string reason = "Resource not found");
Error internal_error();
// RC's API.v1.failure("some text"): a 400 whose body is {success:false, error:"some text"},
// without errorType (rc-api.md §1.5). The code is null.
Error plain_failure(std::string reason);
// RC's API.v1.forbidden(msg) / unauthorized(msg): a 403 whose body is {success:false,
// error:<reason>} without errorType ("unauthorized" when RC passes nothing).
Error plain_forbidden(std::string reason = "unauthorized");
// RC's API.v1.failure(error, errorType): a 400 whose body is {success:false, error, errorType}
// with both strings as given (RC sometimes passes them the other way round; kept as it answers).
Error api_failure(std::string error, std::string error_type);
// A rate limit said no. `code` differs by transport in Rocket.Chat: REST routes use
// "error-too-many-requests", DDP methods Meteor's "too-many-requests" with details.timeToReset.
Error too_many_requests(std::string code, std::string reason, boost::json::object details = {});

// The value of an operation that can fail in an expected way.
template <typename T>
class Result {
 public:
  Result(T value) : v_(std::move(value)) {}      // NOLINT: implicit by design
  Result(Error error) : v_(std::move(error)) {}  // NOLINT
  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value() { return std::get<0>(v_); }
  const T& value() const { return std::get<0>(v_); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() { return value(); }
  const T& operator*() const { return value(); }
  const Error& error() const { return std::get<1>(v_); }

 private:
  std::variant<T, Error> v_;
};

struct Ok {};
using Status = Result<Ok>;

}  // namespace parley::chat
