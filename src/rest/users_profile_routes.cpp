// What users change about themselves (issue 11, item 7), in Rocket.Chat's shapes
// (apps/meteor/app/api/server/v1/users.ts): users.updateOwnBasicInfo, users.getPreferences,
// users.setPreferences, users.deleteOwnAccount, users.getUsernameSuggestion,
// users.checkUsernameAvailability. The rules live in chat/user_profile and chat/user_admin.
#include "chat/user_views.hpp"
#include "rest/response.hpp"
#include "rest/room_helpers.hpp"
#include "rest/routes.hpp"

namespace parley::rest::handlers {

namespace json = boost::json;

namespace {

// updateOwnBasicInfo's `data`: each field optional, a string when present.
chat::ProfileUpdate read_profile(Reader& body, const json::object& data) {
  Reader d(data);
  chat::ProfileUpdate u;
  auto text = [&](std::string_view key, std::optional<std::string>& out) {
    if (d.has(key)) out = d.optional_string(key);
  };
  chat::read_profile_fields(u, "name", text);
  if (d.error()) body.fail(*d.error());
  return u;
}

// An optional object member of `o`; records an error when present and not an object.
const json::object* optional_object(Reader& p, const json::object& o, const char* key) {
  const json::value* v = o.if_contains(key);
  if (v == nullptr || v->is_null()) return nullptr;
  if (!v->is_object()) {
    p.fail(std::string("The parameter \"") + key + "\" must be an object");
    return nullptr;
  }
  return &v->get_object();
}

}  // namespace

// {data: {email?, name?, username?, statusText?, currentPassword?, newPassword?, nickname?,
// bio?, customFields?}, customFields?} -> {user}. RC reads the top-level customFields;
// data.customFields is taken too when that is absent.
net::HttpResponse users_update_own_basic_info(Services& s, RestRequest& r) {
  if (s.profiles == nullptr) return failure(chat::internal_error());
  Reader p(r.body);
  chat::ProfileUpdate update;
  chat::SecondFactor second;
  const json::object* custom_fields = nullptr;
  const json::object* data = optional_object(p, r.body, "data");
  if (!p.error() && data == nullptr) p.fail("The parameter \"data\" must be an object");
  if (!p.error()) {
    update = read_profile(p, *data);
    Reader d(*data);
    // RC passes it on as the second factor's code (method "password").
    second.code = d.optional_string("currentPassword");
    if (!second.code.empty()) second.method = "password";
    if (d.error()) p.fail(*d.error());
    custom_fields = optional_object(p, r.body, "customFields");
    if (custom_fields == nullptr && !p.error()) {
      custom_fields = optional_object(p, *data, "customFields");
    }
  }
  if (p.error()) return failure(*p.error());
  auto user = s.profiles->update_own(r.me(), update, custom_fields, second, r.auth_token);
  if (!user) return failure(user.error());
  return success({{"user", chat::user_public(user.value(), chat::DateStyle::kIso, true)}});
}

// -> {preferences: {...}}. RC answers only for users whose document has `settings`; parley's
// users always have (possibly empty) preferences.
net::HttpResponse users_get_preferences(Services&, RestRequest& r) {
  return success({{"preferences", chat::preferences_of(r.me())}});
}

// {userId?, data: {...}} -> {user: {_id, settings: {preferences}}}.
net::HttpResponse users_set_preferences(Services& s, RestRequest& r) {
  if (s.profiles == nullptr) return failure(chat::internal_error());
  Reader p(r.body);
  std::string user_id = p.optional_string("userId");
  const json::object* data = optional_object(p, r.body, "data");
  if (!p.error() && data == nullptr) p.fail("The parameter \"data\" must be an object");
  if (p.error()) return failure(*p.error());
  auto user = s.profiles->set_preferences(r.me(), user_id, *data);
  if (!user) return failure(user.error());
  return success(
      {{"user",
        json::object{{"_id", user->id},
                     {"settings", json::object{{"preferences", chat::preferences_of(*user)}}}}}});
}

// {password: <sha256 hex>, confirmRelinquish?} -> {}.
net::HttpResponse users_delete_own_account(Services& s, RestRequest& r) {
  if (s.user_admin == nullptr) return failure(chat::internal_error());
  Reader p(r.body);
  const std::string password = p.optional_string("password");
  const bool confirm = p.optional_bool("confirmRelinquish").value_or(false);
  if (p.error()) return failure(*p.error());
  if (password.empty()) return plain_failure("Body parameter \"password\" is required.");
  if (!s.settings.boolean("Accounts_AllowDeleteOwnAccount")) {
    chat::Error e = chat::domain_error("error-not-allowed", "Not allowed");
    e.details["method"] = "deleteUserOwnAccount";
    return failure(e);
  }
  auto removed = s.user_admin->remove_own(r.me(), password, confirm);
  if (!removed) return failure(removed.error());
  return success();
}

// -> {result: "<username>"}
net::HttpResponse users_get_username_suggestion(Services& s, RestRequest& r) {
  if (s.profiles == nullptr) return failure(chat::internal_error());
  return success({{"result", s.profiles->username_suggestion(r.me())}});
}

// ?username= -> {result: true|false}
net::HttpResponse users_check_username_availability(Services& s, RestRequest& r) {
  if (s.profiles == nullptr) return failure(chat::internal_error());
  Reader p(r.query);
  const std::string username = p.required_string("username");
  if (p.error()) return failure(*p.error());
  auto available = s.profiles->username_available(r.me(), username);
  if (!available) return failure(available.error());
  return success({{"result", available.value()}});
}

}  // namespace parley::rest::handlers
