// The settings parley honours: Rocket.Chat's ids, types and defaults (its settings registry,
// apps/meteor/server/settings/*.ts), whether anonymous clients may read them, and the bounds
// parley holds them to. A setting is listed here only when parley acts on it, or when its value
// describes what parley does anyway (a client reads it to decide what to show). Every other id
// Rocket.Chat registers comes from the catalogue (settings_catalogue.tsv) and is stored and
// served without effect; setting_definitions() joins the two.
#include <algorithm>
#include <map>

#include "chat/settings.hpp"
#include "chat/settings_catalogue.hpp"

namespace parley::chat {
namespace {

using T = SettingType;

SettingDefinition boolean(std::string id, bool value, bool is_public, std::string group) {
  return {std::move(id), T::kBoolean, value, is_public, std::move(group), {}};
}

SettingDefinition integer(std::string id, int64_t value, bool is_public, std::string group,
                          int64_t min, int64_t max) {
  SettingDefinition d{std::move(id), T::kInt, value, is_public, std::move(group), {}};
  d.min = min;
  d.max = max;
  return d;
}

SettingDefinition text(std::string id, std::string value, bool is_public, std::string group) {
  return {std::move(id), T::kString, boost::json::value(value), is_public, std::move(group), {}};
}

SettingDefinition select(std::string id, std::string value, bool is_public, std::string group,
                         std::vector<std::string> choices) {
  return {std::move(id), T::kSelect,       boost::json::value(value),
          is_public,     std::move(group), std::move(choices)};
}

constexpr int64_t kMillion = 1'000'000;

std::vector<SettingDefinition> build() {
  std::vector<SettingDefinition> d{
      // General
      text("Site_Name", "parley", true, "General"),
      // This installation's id (statistics' uniqueId): app/ sets it once, on the first start.
      text("uniqueID", "", false, "General"),
      // The default is ROOT_URL: app/ seeds it through the `Site_Url` environment lookup.
      text("Site_Url", "http://localhost:3000", true, "General"),
      text("Language", "", true, "General"),
      // parley has no setup wizard; clients that check this skip theirs.
      select("Show_Setup_Wizard", "completed", true, "General",
             {"pending", "in_progress", "completed"}),

      // Accounts
      select("Accounts_RegistrationForm", "Public", true, "Accounts",
             {"Public", "Disabled", "Secret URL"}),
      integer("Accounts_LoginExpiration", 90, true, "Accounts", 1, 36500),
      // Seconds without client activity after which a connection counts as away.
      integer("Accounts_Default_User_Preferences_idleTimeLimit", 300, true, "Accounts", 0,
              kMillion),
      boolean("Accounts_AllowAnonymousRead", false, true, "Accounts"),
      boolean("Accounts_ShowFormLogin", true, true, "Accounts"),
      // What users may change about themselves (saveUserProfile, users.updateOwnBasicInfo).
      boolean("Accounts_AllowUserProfileChange", true, true, "Accounts"),
      boolean("Accounts_AllowRealNameChange", true, true, "Accounts"),
      boolean("Accounts_AllowUsernameChange", true, true, "Accounts"),
      boolean("Accounts_AllowEmailChange", true, true, "Accounts"),
      boolean("Accounts_AllowPasswordChange", true, true, "Accounts"),
      boolean("Accounts_AllowUserStatusMessageChange", true, true, "Accounts"),
      // users.deleteOwnAccount; off by default, as in RC.
      boolean("Accounts_AllowDeleteOwnAccount", false, true, "Accounts"),
      // The users' custom fields, as JSON (chat/custom_fields.hpp); blank: none. RC's type is
      // "code"; the registration form reads it, so it is public.
      text("Accounts_CustomFields", "", true, "Accounts"),
      // How many users spotlight answers (RC: Layout > User Interface).
      integer("Number_of_users_autocomplete_suggestions", 5, true, "Layout", 0, 1000),
      // Room names (chat/room_names.hpp): RC's getValidRoomName reads these three.
      boolean("UI_Allow_room_names_with_special_chars", false, true, "Layout"),
      text("UTF8_Channel_Names_Validation", "[0-9a-zA-Z-_.]+", true, "General"),
      text("Accounts_SystemBlockedUsernameList", "admin,administrator,system,user", false,
           "Accounts"),
      boolean("Block_Multiple_Failed_Logins_Enabled", true, false, "Accounts"),
      boolean("Block_Multiple_Failed_Logins_By_User", true, false, "Accounts"),
      boolean("Block_Multiple_Failed_Logins_By_Ip", true, false, "Accounts"),
      integer("Block_Multiple_Failed_Logins_Attempts_Until_Block_by_User", 10, false, "Accounts", 1,
              kMillion),
      integer("Block_Multiple_Failed_Logins_Time_To_Unblock_By_User_In_Minutes", 5, false,
              "Accounts", 0, kMillion),
      integer("Block_Multiple_Failed_Logins_Attempts_Until_Block_By_Ip", 50, false, "Accounts", 1,
              kMillion),
      integer("Block_Multiple_Failed_Logins_Time_To_Unblock_By_Ip_In_Minutes", 5, false, "Accounts",
              0, kMillion),

      // Messages
      integer("Message_MaxAllowedSize", 5000, true, "Message", 1, 10 * kMillion),
      boolean("Threads_enabled", true, true, "Threads"),
      // createDiscussion refuses every call while off (app/discussion/server/config.ts).
      boolean("Discussion_enabled", true, true, "Discussion"),
      // messageSearch without a room searches every room of the user only when this is on
      // (RC: Search > the default provider); off by default, as in Rocket.Chat.
      boolean("Search.defaultProvider.GlobalSearchEnabled", false, true, "Search"),
      // Off-the-record DMs (server/settings/otr.ts): while off, stream-notify-user relays no
      // `otr` handshake between users.
      boolean("OTR_Enable", true, true, "OTR"),

      // Avatars (server/settings/accounts.ts, layout.ts): how long clients may cache one, and
      // whether a user's initials come from the real name instead of the username.
      boolean("Accounts_AllowUserAvatarChange", true, true, "Accounts"),
      integer("Accounts_AvatarCacheTime", 3600, false, "Accounts", 0, 365LL * 86'400),
      boolean("UI_Use_Name_Avatar", false, true, "Layout"),

      // File uploads: the limits an upload is checked against.
      boolean("FileUpload_Enabled", true, true, "FileUpload"),
      integer("FileUpload_MaxFileSize", 104'857'600, true, "FileUpload", -1,
              std::numeric_limits<int64_t>::max()),
      text("FileUpload_MediaTypeWhiteList", "", true, "FileUpload"),
      text("FileUpload_MediaTypeBlackList", "image/svg+xml", true, "FileUpload"),
      // DMs need this too (error-direct-message-file-upload-not-allowed).
      boolean("FileUpload_Enabled_Direct", true, true, "FileUpload"),
      // Downloads (/file-upload): credentials required, and whose. Restrict_to_room_members and
      // Restrict_to_users_who_can_access_room are RC's two mutually exclusive rules.
      boolean("FileUpload_ProtectFiles", true, true, "FileUpload"),
      boolean("FileUpload_Restrict_to_room_members", true, false, "FileUpload"),
      boolean("FileUpload_Restrict_to_users_who_can_access_room", false, false, "FileUpload"),
      // parley keeps files in its BlobStore on the filesystem; statistics fileStoreType reads it.
      select("FileUpload_Storage_Type", "FileSystem", true, "FileUpload", {"FileSystem"}),

      // Message (server/settings/message.ts): the thumbnail an image upload gets when it is
      // larger than Width x Height; the message's image_url then points at it.
      boolean("Message_Attachments_Thumbnails_Enabled", true, true, "Message"),
      integer("Message_Attachments_Thumbnails_Width", 480, true, "Message", 1, 10'000),
      integer("Message_Attachments_Thumbnails_Height", 360, true, "Message", 1, 10'000),

      // Troubleshoot (server/settings/troubleshoot.ts): while on, status changes are stored
      // but not broadcast, and users.presence answers no one (chat/presence.hpp). Rocket.Chat
      // CE sets it by itself past 200 connections; parley only when an admin does.
      boolean("Presence_broadcast_disabled", false, true, "Troubleshoot"),

      // REST API
      integer("API_Default_Count", 50, false, "General", 1, kMillion),
      integer("API_Upper_Count_Limit", 100, false, "General", 1, kMillion),
      boolean("API_Allow_Infinite_Count", true, false, "General"),
      boolean("API_Enable_Rate_Limiter", true, false, "Rate Limiter"),
      // 0 calls or 0 ms turns the limiter off, as in Rocket.Chat.
      integer("API_Enable_Rate_Limiter_Limit_Calls_Default", 10, false, "Rate Limiter", 0,
              kMillion),
      integer("API_Enable_Rate_Limiter_Limit_Time_Default", 60'000, false, "Rate Limiter", 0,
              86'400'000),
      // users.register's own allowance per interval and client address.
      integer("Rate_Limiter_Limit_RegisterUser", 1, false, "Rate Limiter", 0, kMillion),
  };
  for (auto& definition : d) definition.honoured = true;
  return d;
}

// The catalogue, with each honoured entry in place of the catalogue's. An honoured entry keeps
// its type, default, public flag, choices and bounds (parley's behaviour), and takes where
// Rocket.Chat files it (group, section) and its flags from the catalogue.
std::vector<SettingDefinition> merge() {
  std::map<std::string, SettingDefinition, std::less<>> all;
  for (auto& entry : parse_settings_catalogue(settings_catalogue_text())) {
    all.emplace(entry.id, std::move(entry));
  }
  for (auto& entry : build()) {
    auto it = all.find(entry.id);
    if (it != all.end()) {
      entry.group = it->second.group;
      entry.section = it->second.section;
      entry.hidden = it->second.hidden;
      entry.enterprise = it->second.enterprise;
      entry.secret = it->second.secret;
      entry.readonly = it->second.readonly;
    }
    all.insert_or_assign(entry.id, std::move(entry));
  }
  std::vector<SettingDefinition> out;
  out.reserve(all.size());
  for (auto& [id, entry] : all) out.push_back(std::move(entry));
  return out;  // in id order: the map's
}

}  // namespace

const std::vector<SettingDefinition>& honoured_setting_definitions() {
  static const std::vector<SettingDefinition> definitions = [] {
    auto d = build();
    std::ranges::sort(d, {}, &SettingDefinition::id);
    return d;
  }();
  return definitions;
}

const std::vector<SettingDefinition>& setting_definitions() {
  static const std::vector<SettingDefinition> definitions = merge();
  return definitions;
}

}  // namespace parley::chat
