#include "ddp/profile_methods.hpp"

#include "chat/user_profile.hpp"
#include "ddp/method_helpers.hpp"

namespace parley::ddp {

namespace json = boost::json;

namespace {

// Meteor's check(settings, Object) passes any object; a field of another type than string is
// refused here (RC would store or compare it as it is).
std::optional<chat::ProfileUpdate> read_settings(const json::object& o) {
  chat::ProfileUpdate u;
  bool ok = true;
  auto text = [&](std::string_view key, std::optional<std::string>& out) {
    const json::value* v = o.if_contains(key);
    if (v == nullptr || v->is_null()) return;
    if (!v->is_string()) {
      ok = false;
      return;
    }
    out = std::string(v->get_string());
  };
  chat::read_profile_fields(u, "realname", text);
  if (!ok) return std::nullopt;
  return u;
}

}  // namespace

MethodResult save_user_profile_method(MethodCall& call) {
  if (call.params.empty() || !call.params[0].is_object()) return match_failed();
  auto update = read_settings(call.params[0].get_object());
  if (!update) return match_failed();
  const json::object* custom_fields = nullptr;
  if (call.params.size() > 1 && !call.params[1].is_null()) {
    if (!call.params[1].is_object()) return match_failed();
    custom_fields = &call.params[1].get_object();
  }
  // twoFactorRequired reads the code from the last argument.
  chat::SecondFactor second;
  if (call.params.size() > 2 && call.params.back().is_object()) {
    const auto& o = call.params.back().get_object();
    if (const json::value* c = o.if_contains("twoFactorCode"); c && c->is_string()) {
      second.code = std::string(c->get_string());
    }
    if (const json::value* m = o.if_contains("twoFactorMethod"); m && m->is_string()) {
      second.method = std::string(m->get_string());
    }
  }
  Service& service = call.session.service();
  auto session_user = call.session.user();
  // The session keeps the user of its login; the profile is compared with the stored one.
  auto me = session_user ? service.store().user_by_id(session_user->id) : std::nullopt;
  if (!me) return chat::domain_error("error-invalid-user", "Invalid user");
  if (service.settings() == nullptr) return chat::internal_error();
  chat::UserProfiles profiles(service.store(), *service.settings(), service.accounts(),
                              service.events(), service.clock(), &service.presence());
  auto saved = profiles.update_own(*me, *update, custom_fields, second, call.session.login_token());
  if (!saved) return saved.error();
  return std::optional<json::value>(true);
}

}  // namespace parley::ddp
