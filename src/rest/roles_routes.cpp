// roles.* (RC 7's apps/meteor/app/api/server/v1/roles.ts and ee/server/api/roles.ts): the
// shapes and the order of RC's checks. The rules live in chat/roles_admin; the lists read the
// process's permission cache.
#include "chat/permissions.hpp"
#include "chat/roles_admin.hpp"
#include "chat/user_views.hpp"
#include "rest/json_dates.hpp"
#include "rest/response.hpp"
#include "rest/room_helpers.hpp"
#include "rest/routes.hpp"

namespace parley::rest::handlers {

namespace json = boost::json;

namespace {

// RC's schemas: the listed fields, each a string (or null where `nullable`), `required` present,
// nothing else. Returns ajv's message for the first problem.
struct Field {
  const char* name;
  bool required;
  bool nullable;
  bool boolean = false;
};

std::optional<std::string> check_schema(const json::object& body,
                                        std::initializer_list<Field> fields) {
  for (const auto& f : fields) {
    if (f.required && !body.contains(f.name)) {
      return "must have required property '" + std::string(f.name) + "'";
    }
  }
  for (const auto& [key, value] : body) {
    const Field* field = nullptr;
    for (const auto& f : fields) {
      if (key == f.name) field = &f;
    }
    if (field == nullptr) return "must NOT have additional properties";
    if (value.is_null() && field->nullable) continue;
    if (field->boolean ? !value.is_bool() : !value.is_string()) {
      return field->boolean ? "must be boolean" : "must be string";
    }
  }
  return std::nullopt;
}

std::string text(const json::object& body, std::string_view key) {
  const json::value* v = body.if_contains(key);
  return v != nullptr && v->is_string() ? std::string(v->get_string()) : std::string();
}

std::optional<std::string> optional_text(const json::object& body, std::string_view key) {
  const json::value* v = body.if_contains(key);
  if (v == nullptr || !v->is_string()) return std::nullopt;
  return std::string(v->get_string());
}

// roles.create / roles.update: RC refuses any body its schema rejects with one error.
std::optional<chat::RoleFields> read_role_fields(const json::object& body, bool with_role_id) {
  std::optional<std::string> bad = with_role_id
                                       ? check_schema(body, {{"roleId", true, false},
                                                             {"name", true, false},
                                                             {"description", false, true},
                                                             {"scope", false, true},
                                                             {"mandatory2fa", false, true, true}})
                                       : check_schema(body, {{"name", true, false},
                                                             {"description", false, true},
                                                             {"scope", false, true},
                                                             {"mandatory2fa", false, true, true}});
  if (bad) return std::nullopt;
  chat::RoleFields fields;
  fields.name = text(body, "name");
  fields.scope = optional_text(body, "scope");
  if (fields.scope && *fields.scope != chat::kScopeUsers &&
      *fields.scope != chat::kScopeSubscriptions) {
    return std::nullopt;  // the schema's enum
  }
  fields.description = optional_text(body, "description");
  if (const json::value* m = body.if_contains("mandatory2fa"); m && m->is_bool()) {
    fields.mandatory_2fa = m->get_bool();
  }
  return fields;
}

chat::Error invalid_role_properties() {
  return chat::domain_error("error-invalid-role-properties", "The role properties are invalid.");
}

json::object user_in_role(const store::UserRecord& u) {
  json::array emails;
  for (const auto& e : u.emails) {
    emails.push_back(json::object{{"address", e.address}, {"verified", e.verified}});
  }
  json::object out{{"_id", u.id},
                   {"username", u.username},
                   {"name", u.name},
                   {"emails", std::move(emails)},
                   {"createdAt", chat::date_value(u.created_at, chat::DateStyle::kIso)},
                   {"_updatedAt", chat::date_value(u.updated_at, chat::DateStyle::kIso)}};
  if (u.avatar) out["avatarETag"] = u.avatar->etag;
  return out;
}

}  // namespace

net::HttpResponse roles_list(Services&, RestRequest&) {
  json::array roles;
  for (const auto& role : chat::permission_cache().snapshot()->roles) {
    roles.push_back(chat::role_doc(role, true, false));  // RC projects _updatedAt out
  }
  return success({{"roles", std::move(roles)}});
}

// Without updatedSince RC answers two empty lists, not everything.
net::HttpResponse roles_sync(Services& s, RestRequest& r) {
  Reader p = r.params();
  std::string since_text = p.optional_string("updatedSince");
  json::array update;
  json::array remove;
  if (!since_text.empty()) {
    auto since = parse_iso8601(since_text);
    if (!since) return failure(chat::invalid_params("must match format \"date-time\""));
    for (const auto& role : s.store.roles_updated_since(*since)) {
      update.push_back(chat::role_doc(role, true));
    }
    for (const auto& gone : s.store.roles_removed_since(*since)) {
      json::object doc = chat::role_doc(gone.role, true, false);
      doc["_deletedAt"] = chat::date_value(gone.removed_at, chat::DateStyle::kIso);
      doc["_updatedAt"] = chat::date_value(gone.removed_at, chat::DateStyle::kIso);
      remove.push_back(std::move(doc));
    }
  }
  return success(
      {{"roles", json::object{{"update", std::move(update)}, {"remove", std::move(remove)}}}});
}

net::HttpResponse roles_create(Services& s, RestRequest& r) {
  if (s.roles_admin == nullptr) return failure(chat::internal_error());
  auto fields = read_role_fields(r.body, false);
  if (!fields) return failure(invalid_role_properties());
  auto role = s.roles_admin->create_role(r.me(), *fields);
  if (!role) return failure(role.error());
  return success({{"role", chat::role_doc(*role, true)}});
}

net::HttpResponse roles_update(Services& s, RestRequest& r) {
  if (s.roles_admin == nullptr) return failure(chat::internal_error());
  auto fields = read_role_fields(r.body, true);
  if (!fields) return failure(invalid_role_properties());
  auto role = s.roles_admin->update_role(r.me(), text(r.body, "roleId"), *fields);
  if (!role) return failure(role.error());
  return success({{"role", chat::role_doc(*role, true)}});
}

net::HttpResponse roles_delete(Services& s, RestRequest& r) {
  if (s.roles_admin == nullptr) return failure(chat::internal_error());
  if (!chat::has_permission(r.me(), "access-permissions")) return failure(chat::forbidden());
  if (auto bad = check_schema(r.body, {{"roleId", true, false}})) {
    return failure(chat::invalid_params(*bad));
  }
  auto removed = s.roles_admin->delete_role(r.me(), text(r.body, "roleId"));
  if (!removed) return failure(removed.error());
  return success();
}

net::HttpResponse roles_add_user_to_role(Services& s, RestRequest& r) {
  if (s.roles_admin == nullptr) return failure(chat::internal_error());
  if (auto bad = check_schema(
          r.body, {{"username", true, false}, {"roleId", false, false}, {"roomId", false, true}})) {
    return failure(chat::invalid_params(*bad));
  }
  // RC's getUserFromParams, with only `username` left by the schema.
  const std::string username = text(r.body, "username");
  if (username.empty()) {
    return failure(
        chat::domain_error("error-user-param-not-provided",
                           "The required \"userId\" or \"username\" param was not provided"));
  }
  auto user = s.store.user_by_username(username);
  if (!user) {
    return failure(chat::domain_error(
        "error-invalid-user",
        "The required \"userId\" or \"username\" param provided does not match any users"));
  }
  auto changed = s.roles_admin->add_user_to_role(r.me(), text(r.body, "roleId"), *user,
                                                 text(r.body, "roomId"));
  if (!changed) return failure(changed.error());
  return success({{"role", chat::role_doc(changed->role, true)}});
}

net::HttpResponse roles_remove_user_from_role(Services& s, RestRequest& r) {
  if (s.roles_admin == nullptr) return failure(chat::internal_error());
  if (!chat::has_permission(r.me(), "access-permissions")) return failure(chat::forbidden());
  if (auto bad = check_schema(r.body, {{"username", true, false},
                                       {"roleId", false, false},
                                       {"roomId", false, true},
                                       {"scope", false, true}})) {
    return failure(chat::invalid_params(*bad));
  }
  // RC reads the room from `scope` and ignores `roomId`.
  auto changed = s.roles_admin->remove_user_from_role(
      r.me(), text(r.body, "roleId"), text(r.body, "username"), text(r.body, "scope"));
  if (!changed) return failure(changed.error());
  return success({{"role", chat::role_doc(changed->role, true)}});
}

net::HttpResponse roles_get_users_in_role(Services& s, RestRequest& r) {
  if (!chat::has_permission(r.me(), "access-permissions")) return failure(chat::forbidden());
  Reader p = r.params();
  const std::string role_id = p.optional_string("role");
  const std::string room_id = p.optional_string("roomId");
  Paging paging = read_paging(p, paging_limits(s));
  if (p.error()) return failure(*p.error());
  if (role_id.empty()) {
    return failure(
        chat::domain_error("error-param-not-provided", "Query param \"role\" is required"));
  }
  if (!room_id.empty() && !chat::has_permission(r.me(), "view-other-user-channels")) {
    return failure(chat::domain_error("error-not-allowed", "Not allowed"));
  }
  auto snapshot = chat::permission_cache().snapshot();
  const store::RoleRecord* role = snapshot->role(role_id);
  if (role == nullptr) return failure(chat::domain_error("error-invalid-roleId", ""));
  // A Users role is held on the user whatever the room; a room role in the given room.
  const std::string in_room = role->scope == chat::kScopeSubscriptions ? room_id : std::string();
  auto page = s.store.users_in_role(role->id, in_room, paging.offset, paging.count);
  json::array users;
  for (const auto& u : page.users) users.push_back(user_in_role(u));
  return success({{"users", std::move(users)}, {"total", page.total}});
}

}  // namespace parley::rest::handlers
