#include "ddp/presence_methods.hpp"

#include "ddp/method_helpers.hpp"

namespace parley::ddp {

namespace json = boost::json;

namespace {

MethodResult away(MethodCall& call, bool is_away) {
  call.session.service().presence().set_away(call.session.user()->id, call.session.id(), is_away);
  return nothing();
}

}  // namespace

MethodResult user_presence_away_method(MethodCall& call) {
  return away(call, true);
}
MethodResult user_presence_online_method(MethodCall& call) {
  return away(call, false);
}

MethodResult user_presence_set_default_status_method(MethodCall& call) {
  if (call.params.empty() || !call.params[0].is_string()) return match_failed();
  auto done = call.session.service().presence().set_default(
      *call.session.user(), std::string(call.params[0].get_string()), std::nullopt);
  if (!done) return done.error();
  return std::optional<json::value>(true);
}

// setUserStatus(statusType, statusText): either may be null to keep it.
MethodResult set_user_status_method(MethodCall& call) {
  const auto& params = call.params;
  const json::value* type = params.size() > 0 ? &params[0] : nullptr;
  const json::value* text = params.size() > 1 ? &params[1] : nullptr;
  if ((type && !type->is_string() && !type->is_null()) ||
      (text && !text->is_string() && !text->is_null())) {
    return match_failed();
  }
  auto user = *call.session.user();
  std::string status =
      type && type->is_string() ? std::string(type->get_string()) : user.status_default;
  std::optional<std::string> message;
  if (text && text->is_string()) message = std::string(text->get_string());
  auto done = call.session.service().presence().set_default(user, status, std::move(message));
  if (!done) return done.error();
  return nothing();
}

}  // namespace parley::ddp
