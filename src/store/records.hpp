#pragma once
// Plain rows as the store hands them to chat/. No SQL types leak past this header.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace parley::store {

struct EmailRecord {
  std::string address;  // stored lowercase
  bool verified = false;
};

// An uploaded avatar (users.setAvatar). Its bytes live in the BlobStore under a key chat/ chooses;
// the row says which image is current, so a reader never sees a half-replaced one.
struct AvatarRecord {
  std::string etag;          // avatarETag: new with every upload; clients cache by it
  std::string content_type;  // the image type sniffed from the bytes
  std::string origin;        // avatarOrigin: "rest" for an upload
  int64_t uploaded_at = 0;   // ms since epoch: Last-Modified
};

struct UserRecord {
  std::string id;        // 17-char Meteor id
  std::string username;  // unique, compared case-insensitively
  std::string name;
  std::vector<EmailRecord> emails;  // each address unique across users
  std::vector<std::string> roles;   // "admin", "user", "bot"
  std::string type = "user";        // "user" | "bot" | "app"
  bool active = true;
  std::string status = "offline";  // online | away | busy | offline
  std::string status_text;
  std::string status_default = "online";
  std::string password_hash;  // argon2id encoded string of sha256-hex(password); empty = none
  bool require_password_change = false;
  int64_t created_at = 0;  // ms since epoch
  int64_t updated_at = 0;
  std::optional<int64_t> last_login;
  double utc_offset = 0;
  std::optional<AvatarRecord> avatar;  // none: the generated initials avatar
  // Profile (migration 0011): what users.updateOwnBasicInfo / saveUserProfile change.
  std::string nickname;
  std::string bio;
  // JSON object text of the Accounts_CustomFields values; empty: never saved (RC leaves the
  // field out of the document then).
  std::string custom_fields;
  // JSON object text of settings.preferences (users.setPreferences); empty means {}.
  std::string preferences;
};

// Changes a user (modify_user); returns false to leave the row as it was.
using UserMutation = std::function<bool(UserRecord&)>;

// A user's presence as stored: the status shown now, its text, and the chosen default.
struct UserStatusRecord {
  std::string user_id;
  std::string status;  // online | away | busy | offline
  std::string status_text;
  std::string status_default;  // what the user chose ("online" = follow the connections)
  int64_t changed_at = 0;      // becomes the user's updated_at (users.presence?from=)
};

// A login token is never stored in clear: only base64(sha256(token)).
struct LoginTokenRecord {
  std::string hashed_token;
  std::string user_id;
  int64_t created_at = 0;
  int64_t expires_at = 0;
  // A personal access token (users.generatePersonalAccessToken) has a name, unique per user;
  // an ordinary login token has none.
  // (Default member initializers keep the older four-field aggregate form warning-free.)
  std::string name{};
  std::string last_token_part{};   // the token's last 6 characters, what lists show
  bool bypass_two_factor = false;  // requests made with it skip the second factor
};

// A setting's stored value. Only chosen values are stored; definitions and defaults are code.
struct SettingRecord {
  std::string id;     // Rocket.Chat's id: "Site_Name"
  std::string value;  // JSON text: true, 10, "Public"
  int64_t updated_at = 0;
};

// One snapshot of the statistics object (GET statistics, statistics.list).
struct StatisticsRecord {
  std::string id;
  int64_t created_at = 0;
  std::string doc;  // the whole object as JSON text
};

struct StatisticsPage {
  std::vector<StatisticsRecord> statistics;
  int64_t total = 0;
};

struct UserPage {
  std::vector<UserRecord> users;
  int64_t total = 0;
};

}  // namespace parley::store
