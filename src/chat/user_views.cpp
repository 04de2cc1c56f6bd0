#include "chat/user_views.hpp"

#include <boost/json/array.hpp>

#include "chat/permissions.hpp"
#include "chat/user_profile.hpp"
#include "util/clock.hpp"

namespace parley::chat {

namespace json = boost::json;

json::value date_value(int64_t ms, DateStyle style) {
  if (style == DateStyle::kEjson) return json::object{{"$date", ms}};
  return json::value(util::iso8601(ms));
}

namespace {
// Whole-hour offsets are written as integers (8, not 8.0E0), as JavaScript would.
json::value utc_offset_value(double offset) {
  auto whole = static_cast<int64_t>(offset);
  if (static_cast<double>(whole) == offset) return json::value(whole);
  return json::value(offset);
}
}  // namespace

json::object user_public(const store::UserRecord& user, DateStyle style, bool with_emails) {
  json::array roles;
  for (const auto& r : user.roles) roles.emplace_back(r);
  json::object out{
      {"_id", user.id},
      {"username", user.username},
      {"name", user.name},
      {"status", user.status},
      {"statusText", user.status_text},
      {"active", user.active},
      {"type", user.type},
      {"roles", std::move(roles)},
      {"utcOffset", utc_offset_value(user.utc_offset)},
      {"createdAt", date_value(user.created_at, style)},
      {"_updatedAt", date_value(user.updated_at, style)},
  };
  if (user.last_login) out["lastLogin"] = date_value(*user.last_login, style);
  // Only users who uploaded one have it, as in RC; clients add it to /avatar URLs to bust caches.
  if (user.avatar) out["avatarETag"] = user.avatar->etag;
  // Like RC's documents, fields never set are absent rather than empty.
  if (!user.nickname.empty()) out["nickname"] = user.nickname;
  if (!user.bio.empty()) out["bio"] = user.bio;
  if (auto fields = custom_fields_of(user)) out["customFields"] = std::move(*fields);
  if (with_emails) {
    json::array emails;
    for (const auto& e : user.emails) {
      emails.emplace_back(json::object{{"address", e.address}, {"verified", e.verified}});
    }
    out["emails"] = std::move(emails);
  }
  return out;
}

json::object user_seen_by(const store::UserRecord& user, const store::UserRecord& viewer,
                          const CustomFieldsDefinition& custom_fields, DateStyle style) {
  const bool see_all = viewer.id == user.id || has_permission(viewer, "view-full-other-user-info");
  json::object out = user_public(user, style, see_all);
  out.erase("customFields");
  if (auto stored = custom_fields_of(user)) {
    json::object shown = visible_custom_fields(custom_fields, *stored, see_all);
    if (!shown.empty()) out["customFields"] = std::move(shown);
  }
  return out;
}

json::object user_me(const store::UserRecord& user, DateStyle style, const std::string& root_url) {
  json::object out = user_public(user, style, /*with_emails=*/true);
  for (const auto& e : user.emails) {
    if (e.verified) {
      out["email"] = e.address;
      break;
    }
  }
  out["statusConnection"] = user.status;
  out["statusDefault"] = user.status_default;
  out["requirePasswordChange"] = user.require_password_change;
  out["avatarUrl"] = root_url + "/avatar/" + user.username;
  out["settings"] =
      json::object{{"profile", json::object{}}, {"preferences", preferences_of(user)}};
  if (!out.contains("customFields")) out["customFields"] = json::object{};
  out["services"] = json::object{
      {"password", json::object{{"exists", !user.password_hash.empty()}}},
      {"totp", json::object{{"enabled", false}}},
      {"email2fa", json::object{{"enabled", false}}},
  };
  return out;
}

}  // namespace parley::chat
