// users.setActiveStatus / users.update / users.delete (issue 9, defect 7), in Rocket.Chat's
// shapes (apps/meteor/app/api/server/v1/users.ts). The rules live in chat/user_admin.
#include "chat/user_views.hpp"
#include "rest/response.hpp"
#include "rest/routes.hpp"

namespace parley::rest::handlers {

namespace json = boost::json;

namespace {

// RC's users.* handlers check their permission themselves: API.v1.unauthorized().
net::HttpResponse admin_failure(const chat::Error& error) {
  if (error.kind == chat::ErrorKind::kForbidden) return unauthorized();
  return failure(error);
}

// users.update's `data`: every field optional, each of its type when present.
chat::UserUpdate read_update(Reader& body, const json::object& data) {
  Reader d(data);
  chat::UserUpdate u;
  auto text = [&](const char* key, std::optional<std::string>& out) {
    if (d.has(key)) out = d.optional_string(key);
  };
  text("username", u.username);
  text("name", u.name);
  text("email", u.email);
  text("password", u.password);
  if (d.has("roles")) u.roles = d.optional_string_array("roles");
  u.active = d.optional_bool("active");
  u.verified = d.optional_bool("verified");
  u.require_password_change = d.optional_bool("requirePasswordChange");
  if (d.error()) body.fail(*d.error());
  return u;
}

}  // namespace

net::HttpResponse users_set_active_status(Services& s, RestRequest& r) {
  if (s.user_admin == nullptr) return failure(chat::internal_error());
  Reader p(r.body);
  std::string user_id = p.required_string("userId");
  std::optional<bool> active = p.optional_bool("activeStatus");
  if (!p.error() && !active) p.fail("The parameter \"activeStatus\" is required");
  bool confirm = p.optional_bool("confirmRelinquish").value_or(false);
  if (p.error()) return failure(*p.error());
  auto user = s.user_admin->set_active(r.me(), user_id, *active, confirm);
  if (!user) return admin_failure(user.error());
  return success({{"user", json::object{{"_id", user->id}, {"active", user->active}}}});
}

net::HttpResponse users_update(Services& s, RestRequest& r) {
  if (s.user_admin == nullptr) return failure(chat::internal_error());
  Reader p(r.body);
  std::string user_id = p.required_string("userId");
  const json::value* data = r.body.if_contains("data");
  chat::UserUpdate update;
  if (!p.error()) {
    if (data == nullptr || !data->is_object()) {
      p.fail("The parameter \"data\" must be an object");
    } else {
      update = read_update(p, data->get_object());
    }
  }
  bool confirm = p.optional_bool("confirmRelinquish").value_or(false);
  // data.customFields: checked before anything is written, saved after (RC's saveCustomFields).
  const json::object* custom_fields = nullptr;
  if (!p.error() && data->get_object().contains("customFields")) {
    const json::value& v = data->get_object().at("customFields");
    if (v.is_object()) {
      custom_fields = &v.get_object();
    } else if (!v.is_null()) {
      p.fail("The parameter \"data.customFields\" must be an object");
    }
  }
  if (p.error()) return failure(*p.error());
  if (custom_fields != nullptr && s.profiles != nullptr) {
    if (auto ok = s.profiles->check_custom_fields(*custom_fields); !ok) return failure(ok.error());
  }
  auto user = s.user_admin->update(r.me(), user_id, update, confirm);
  if (!user) return admin_failure(user.error());
  if (custom_fields != nullptr && s.profiles != nullptr) {
    auto saved = s.profiles->save_custom_fields(user->id, *custom_fields, /*validated=*/true);
    if (!saved) return failure(saved.error());
    user = std::move(saved.value());
  }
  return success({{"user", chat::user_public(user.value(), chat::DateStyle::kIso, true)}});
}

net::HttpResponse users_delete(Services& s, RestRequest& r) {
  if (s.user_admin == nullptr) return failure(chat::internal_error());
  Reader p(r.body);
  chat::UserSelector who;
  who.id = p.optional_string("userId");
  who.username = p.optional_string("username");
  if (who.id.empty() && who.username.empty()) who.username = p.optional_string("user");
  bool confirm = p.optional_bool("confirmRelinquish").value_or(false);
  if (p.error()) return failure(*p.error());
  auto removed = s.user_admin->remove(r.me(), who, confirm);
  if (!removed) return admin_failure(removed.error());
  return success();
}

}  // namespace parley::rest::handlers
