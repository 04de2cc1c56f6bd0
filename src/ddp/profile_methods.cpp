#include "ddp/profile_methods.hpp"

#include "chat/user_admin.hpp"
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

// The caller as stored now (the session keeps the user of its login).
std::optional<store::UserRecord> stored_me(MethodCall& call) {
  auto session_user = call.session.user();
  if (!session_user) return std::nullopt;
  return call.session.service().store().user_by_id(session_user->id);
}

// RC's Meteor.Error('error-invalid-user', 'Invalid user', {method}).
chat::Error invalid_user(std::string_view method) {
  chat::Error e = chat::domain_error("error-invalid-user", "Invalid user");
  e.details["method"] = std::string(method);
  return e;
}

chat::UserProfiles profiles_of(Service& service) {
  return chat::UserProfiles(service.store(), *service.settings(), service.accounts(),
                            service.events(), service.clock(), &service.presence());
}

}  // namespace

MethodResult save_user_preferences_method(MethodCall& call) {
  if (call.params.empty() || !call.params[0].is_object()) return match_failed();
  auto me = stored_me(call);
  if (!me) return invalid_user("saveUserPreferences");
  Service& service = call.session.service();
  if (service.settings() == nullptr) return chat::internal_error();
  auto saved = profiles_of(service).set_preferences(*me, {}, call.params[0].get_object());
  if (!saved) {
    if (saved.error().kind == chat::ErrorKind::kInvalidParams) return match_failed();
    return saved.error();
  }
  return std::optional<json::value>(true);
}

MethodResult delete_user_own_account_method(MethodCall& call) {
  // check(password, String); confirmRelinquish is optional and boolean.
  if (call.params.empty() || !call.params[0].is_string()) return match_failed();
  bool confirm = false;
  if (call.params.size() > 1 && !call.params[1].is_null()) {
    if (!call.params[1].is_bool()) return match_failed();
    confirm = call.params[1].get_bool();
  }
  Service& service = call.session.service();
  if (service.settings() == nullptr || service.user_admin() == nullptr) {
    return chat::internal_error();
  }
  if (!service.settings()->boolean("Accounts_AllowDeleteOwnAccount")) {
    chat::Error e = chat::domain_error("error-not-allowed", "Not allowed");
    e.details["method"] = "deleteUserOwnAccount";
    return e;
  }
  auto me = stored_me(call);
  if (!me) return invalid_user("deleteUserOwnAccount");
  auto removed =
      service.user_admin()->remove_own(*me, std::string(call.params[0].get_string()), confirm);
  if (!removed) return removed.error();
  return std::optional<json::value>(true);
}

MethodResult get_username_suggestion_method(MethodCall& call) {
  auto me = stored_me(call);
  if (!me) return invalid_user("getUsernameSuggestion");
  Service& service = call.session.service();
  if (service.settings() == nullptr) return chat::internal_error();
  return std::optional<json::value>(profiles_of(service).username_suggestion(*me));
}

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
