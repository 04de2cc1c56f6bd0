#include "chat/user_data_events.hpp"

#include <boost/json/array.hpp>

namespace parley::chat {

namespace json = boost::json;

void publish_user_data(Events& events, std::string_view user_id, json::object diff,
                       json::object unset) {
  if (diff.empty() && unset.empty()) return;
  events.user_event(user_id, "userData",
                    json::array{json::object{{"type", "updated"},
                                             {"id", user_id},
                                             {"diff", std::move(diff)},
                                             {"unset", std::move(unset)}}});
}

json::object user_data_diff(const store::UserRecord& before, const store::UserRecord& after) {
  json::object diff;
  if (before.name != after.name) diff["name"] = after.name;
  if (before.username != after.username) diff["username"] = after.username;
  if (before.active != after.active) diff["active"] = after.active;
  if (before.status != after.status) diff["status"] = after.status;
  if (before.status_text != after.status_text) diff["statusText"] = after.status_text;
  if (before.require_password_change != after.require_password_change) {
    diff["requirePasswordChange"] = after.require_password_change;
  }
  if (before.roles != after.roles) {
    json::array roles;
    for (const auto& r : after.roles) roles.emplace_back(r);
    diff["roles"] = std::move(roles);
  }
  auto same_emails = [&] {
    if (before.emails.size() != after.emails.size()) return false;
    for (std::size_t i = 0; i < before.emails.size(); ++i) {
      if (before.emails[i].address != after.emails[i].address ||
          before.emails[i].verified != after.emails[i].verified) {
        return false;
      }
    }
    return true;
  };
  if (!same_emails()) {
    json::array emails;
    for (const auto& e : after.emails) {
      emails.push_back(json::object{{"address", e.address}, {"verified", e.verified}});
    }
    diff["emails"] = std::move(emails);
  }
  const auto etag = [](const store::UserRecord& u) { return u.avatar ? u.avatar->etag : ""; };
  if (etag(before) != etag(after) && after.avatar) diff["avatarETag"] = after.avatar->etag;
  return diff;
}

Status user_write_status(store::WriteStatus status, const std::optional<std::string>& email,
                         std::string_view method) {
  auto with_method = [&](Error e) {
    if (!method.empty()) e.details["method"] = method;
    return e;
  };
  switch (status) {
    case store::WriteStatus::kOk:
      return Ok{};
    case store::WriteStatus::kDuplicateUsername:
      return with_method(
          domain_error("error-could-not-save-identity", "Could not save user identity"));
    case store::WriteStatus::kDuplicateEmail:
      return domain_error("error-field-unavailable", *email + " is already in use :(");
    case store::WriteStatus::kNotFound:
      return with_method(domain_error("error-invalid-user", "Invalid user"));
    default:
      return internal_error();
  }
}

}  // namespace parley::chat
