// UserProfiles' preferences (users.setPreferences) and usernames (getUsernameSuggestion,
// checkUsernameAvailability). See user_profile.hpp.
#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>
#include <cctype>
#include <map>

#include "chat/permissions.hpp"
#include "chat/user_data_events.hpp"
#include "chat/user_profile.hpp"
#include "util/ids.hpp"

namespace parley::chat {

namespace json = boost::json;

namespace {

enum class Kind { kBool, kNumber, kString, kStrings, kArray };

// RC 7's UsersSetPreferencesParamsPOST (packages/rest-typings): every key it accepts, with
// its type. Anything else is refused, as its schema (additionalProperties: false) refuses it.
const std::map<std::string, Kind, std::less<>>& preference_kinds() {
  static const std::map<std::string, Kind, std::less<>> kinds{
      {"newRoomNotification", Kind::kString},
      {"newMessageNotification", Kind::kString},
      {"clockMode", Kind::kNumber},
      {"useEmojis", Kind::kBool},
      {"convertAsciiEmoji", Kind::kBool},
      {"saveMobileBandwidth", Kind::kBool},
      {"collapseMediaByDefault", Kind::kBool},
      {"autoImageLoad", Kind::kBool},
      {"emailNotificationMode", Kind::kString},
      {"unreadAlert", Kind::kBool},
      {"notificationsSoundVolume", Kind::kNumber},
      {"desktopNotifications", Kind::kString},
      {"pushNotifications", Kind::kString},
      {"enableAutoAway", Kind::kBool},
      {"highlights", Kind::kStrings},
      {"alsoSendThreadToChannel", Kind::kString},
      {"desktopNotificationRequireInteraction", Kind::kBool},
      {"hideUsernames", Kind::kBool},
      {"hideRoles", Kind::kBool},
      {"displayAvatars", Kind::kBool},
      {"hideFlexTab", Kind::kBool},
      {"sendOnEnter", Kind::kString},
      {"idleTimeLimit", Kind::kNumber},
      {"sidebarShowFavorites", Kind::kBool},
      {"sidebarShowUnread", Kind::kBool},
      {"sidebarSortby", Kind::kString},
      {"sidebarViewMode", Kind::kString},
      {"sidebarDisplayAvatar", Kind::kBool},
      {"sidebarGroupByType", Kind::kBool},
      {"muteFocusedConversations", Kind::kBool},
      {"dontAskAgainList", Kind::kArray},
      {"themeAppearence", Kind::kString},
      {"fontSize", Kind::kString},
      {"omnichannelTranscriptEmail", Kind::kBool},
      {"omnichannelTranscriptPDF", Kind::kBool},
      {"notifyCalendarEvents", Kind::kBool},
      {"enableMobileRinging", Kind::kBool},
      {"mentionsWithSymbol", Kind::kBool},
      {"masterVolume", Kind::kNumber},
      {"featuresPreview", Kind::kArray},
      {"receiveLoginDetectionEmail", Kind::kBool},
      {"language", Kind::kString},
  };
  return kinds;
}

bool fits(Kind kind, const json::value& v) {
  switch (kind) {
    case Kind::kBool:
      return v.is_bool();
    case Kind::kNumber:
      return v.is_number();
    case Kind::kString:
      return v.is_string();
    case Kind::kArray:
      return v.is_array();
    case Kind::kStrings:
      if (!v.is_array()) return false;
      for (const auto& item : v.get_array()) {
        if (!item.is_string()) return false;
      }
      return true;
  }
  return false;
}

// limax's slug as RC uses it for suggestions: lowercase, spaces as dots, only [0-9a-z-_.].
std::string slug(std::string_view text) {
  std::string out;
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isspace(u)) {
      if (!out.empty() && out.back() != '.') out += '.';
    } else if (std::isalnum(u) || c == '-' || c == '_' || c == '.') {
      out += static_cast<char>(std::tolower(u));
    }
  }
  while (!out.empty() && out.back() == '.') out.pop_back();
  return out;
}

}  // namespace

Result<store::UserRecord> UserProfiles::set_preferences(const store::UserRecord& actor,
                                                        std::string_view user_id,
                                                        const json::object& data) {
  if (!user_id.empty() && user_id != actor.id && !has_permission(actor, "edit-other-user-info")) {
    return domain_error("error-action-not-allowed", "Editing user is not allowed");
  }
  for (const auto& [key, value] : data) {
    auto it = preference_kinds().find(key);
    if (it == preference_kinds().end()) {
      return invalid_params("must NOT have additional properties");
    }
    if (!fits(it->second, value)) {
      return invalid_params("The preference \"" + std::string(key) + "\" has the wrong type");
    }
  }
  const std::string target = user_id.empty() ? actor.id : std::string(user_id);
  store::UserRecord written;
  json::object merged;
  auto status = store_.modify_user(
      target,
      [&](store::UserRecord& u) {
        merged = preferences_of(u);
        for (const auto& [key, value] : data) merged[key] = value;
        u.preferences = json::serialize(merged);
        return true;
      },
      &written);
  if (status == store::WriteStatus::kNotFound) {
    return domain_error("error-invalid-user",
                        "The optional \"userId\" param provided does not match any users");
  }
  if (status != store::WriteStatus::kOk) return internal_error();
  // RC 7's client keeps settings.preferences from userData.
  publish_user_data(events_, written.id,
                    json::object{{"settings", json::object{{"preferences", merged}}}});
  return written;
}

std::string UserProfiles::username_suggestion(const store::UserRecord& me) {
  std::vector<std::string> candidates;
  if (!me.name.empty()) {
    candidates.push_back(slug(me.name));
    std::vector<std::string> parts;
    std::string part;
    for (char c : me.name + " ") {
      if (c == ' ') {
        if (!part.empty()) parts.push_back(part);
        part.clear();
      } else {
        part += c;
      }
    }
    if (parts.size() > 1) {
      candidates.push_back(slug(parts.front().substr(0, 1) + parts.back()));
      candidates.push_back(slug(parts.front() + parts.back().substr(0, 1)));
    }
  }
  for (const auto& email : me.emails) {
    if (!email.verified) continue;
    candidates.push_back(slug(email.address.substr(0, email.address.find('@'))));
  }
  auto available = [&](const std::string& name) {
    return !name.empty() && name != "all" && is_valid_username(name) &&
           !store_.user_by_username(name);
  };
  for (const auto& candidate : candidates) {
    if (available(candidate)) return candidate;
  }
  // RC then numbers the first candidate (or Accounts_DefaultUsernamePrefixSuggestion, "user").
  std::string base;
  for (const auto& candidate : candidates) {
    if (!candidate.empty()) {
      base = candidate;
      break;
    }
  }
  if (base.empty()) base = "user";
  base = base.substr(0, 48);  // room for "-<n>" within the 64 characters a username may have
  for (int64_t i = 0; i < 10'000; ++i) {
    std::string name = base + "-" + std::to_string(i);
    if (available(name)) return name;
  }
  return base + "-" + util::random_id(8);  // never in practice: ten thousand namesakes
}

Result<bool> UserProfiles::username_available(const store::UserRecord& me,
                                              std::string_view username) {
  if (username.empty()) return domain_error("error-invalid-username", "Invalid username");
  if (!settings_.boolean("Accounts_AllowUsernameChange")) {
    return domain_error("error-not-allowed", "Not allowed");
  }
  if (username == me.username) return true;
  // RC's blocked list always holds "all" and "here"; a name that fails validation is
  // "blocked" too.
  const std::string lower = lowercase(username);
  if (lower == "all" || lower == "here" || !is_valid_username(username)) {
    return domain_error("error-blocked-username",
                        std::string(username) + " is blocked and can't be used!");
  }
  return !store_.user_by_username(username).has_value();
}

}  // namespace parley::chat
