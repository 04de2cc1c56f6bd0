// users.create / users.register / users.info / users.list (rc-api.md §6.3).
#include "chat/permissions.hpp"
#include "chat/user_views.hpp"
#include "rest/response.hpp"
#include "rest/room_helpers.hpp"
#include "rest/routes.hpp"

namespace parley::rest::handlers {

namespace json = boost::json;

namespace {

json::object user_reply(const store::UserRecord& user, bool with_emails) {
  return {{"user", chat::user_public(user, chat::DateStyle::kIso, with_emails)}};
}

// Accounts_CustomFields as users.info and users.list show it: a definition that is not JSON
// shows no custom fields (RC's getFullUserData logs it and projects none).
chat::CustomFieldsDefinition custom_fields_definition(Services& s) {
  auto parsed = chat::parse_custom_fields_definition(s.settings.string("Accounts_CustomFields"));
  return parsed ? std::move(*parsed) : chat::CustomFieldsDefinition{};
}

// `customFields` of users.create / users.register: an object when present.
const boost::json::object* read_custom_fields(Reader& p, const boost::json::object& body) {
  const boost::json::value* v = body.if_contains("customFields");
  if (v == nullptr || v->is_null()) return nullptr;
  if (!v->is_object()) {
    p.fail("The parameter \"customFields\" must be an object");
    return nullptr;
  }
  return &v->get_object();
}

// Custom fields are checked before the account is written and saved after, as RC's
// validateCustomFields / saveCustomFieldsWithoutValidation around saveUser.
chat::Status check_custom_fields(Services& s, const boost::json::object* fields) {
  if (fields == nullptr || s.profiles == nullptr) return chat::Ok{};
  return s.profiles->check_custom_fields(*fields);
}

chat::Result<store::UserRecord> save_custom_fields(Services& s, store::UserRecord user,
                                                   const boost::json::object* fields) {
  if (fields == nullptr || s.profiles == nullptr) return user;
  return s.profiles->save_custom_fields(user.id, *fields, /*validated=*/true);
}

}  // namespace

net::HttpResponse users_create(Services& s, RestRequest& r) {
  Reader p(r.body);
  chat::NewUser request;
  request.email = p.required_string("email");
  request.name = p.required_string("name");
  request.password = p.required_string("password");
  request.username = p.required_string("username");
  request.roles = p.optional_string_array("roles");
  request.active = p.optional_bool("active").value_or(true);
  request.verified = p.optional_bool("verified").value_or(false);
  request.require_password_change = p.optional_bool("requirePasswordChange").value_or(false);
  const bool join_defaults = p.optional_bool("joinDefaultChannels").value_or(true);
  const boost::json::object* custom_fields = read_custom_fields(p, r.body);
  if (p.error()) return failure(*p.error());
  if (auto ok = check_custom_fields(s, custom_fields); !ok) return failure(ok.error());
  auto created = s.accounts.create_user(r.me(), request);
  if (!created) return failure(created.error());
  auto user = save_custom_fields(s, created.value(), custom_fields);
  if (!user) return failure(user.error());
  if (join_defaults) s.rooms.join_default_channels(user.value(), false);
  return success(user_reply(user.value(), true));
}

net::HttpResponse users_register(Services& s, RestRequest& r) {
  Reader p(r.body);
  chat::NewUser request;
  request.username = p.required_string("username");
  request.email = p.required_string("email");
  request.password = p.required_string("pass");
  request.name = p.required_string("name");
  const boost::json::object* custom_fields = read_custom_fields(p, r.body);
  if (p.error()) return failure(*p.error());
  if (auto ok = check_custom_fields(s, custom_fields); !ok) return failure(ok.error());
  auto created = s.accounts.register_user(request);
  if (!created) return failure(created.error());
  auto user = save_custom_fields(s, created.value(), custom_fields);
  if (!user) return failure(user.error());
  s.rooms.join_default_channels(user.value(), false);  // always, as Rocket.Chat
  return success(user_reply(user.value(), false));
}

net::HttpResponse users_info(Services& s, RestRequest& r) {
  Reader p(r.query);
  chat::UserSelector who;
  who.id = p.optional_string("userId");
  who.username = p.optional_string("username");
  who.email = p.optional_string("email");
  if (p.error()) return failure(*p.error());
  auto user = s.accounts.find_user(who);
  if (!user) return failure(user.error());
  return success({{"user", chat::user_seen_by(user.value(), r.me(), custom_fields_definition(s),
                                              chat::DateStyle::kIso)}});
}

net::HttpResponse users_list(Services& s, RestRequest& r) {
  Reader p(r.query);
  Paging paging = read_paging(p, paging_limits(s));
  // Validated as Rocket.Chat does; the list is always ordered by username for now.
  read_sort(p);
  // `fields` and `query` are legacy Mongo JSON (rc-api.md §1.6): accepted and ignored.
  if (p.error()) return failure(*p.error());
  auto page = s.accounts.list_users(paging.offset, paging.count);
  const chat::CustomFieldsDefinition custom_fields = custom_fields_definition(s);
  json::array users;
  for (const auto& u : page.users) {
    users.emplace_back(chat::user_seen_by(u, r.me(), custom_fields, chat::DateStyle::kIso));
  }
  auto count = static_cast<int64_t>(users.size());
  return success({{"users", std::move(users)},
                  {"count", count},
                  {"offset", paging.offset},
                  {"total", page.total}});
}

}  // namespace parley::rest::handlers
