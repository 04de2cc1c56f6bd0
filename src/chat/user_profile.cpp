#include "chat/user_profile.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <cctype>

#include "chat/password.hpp"
#include "chat/user_data_events.hpp"
#include "util/hash.hpp"

namespace parley::chat {

namespace json = boost::json;

namespace {

// server/methods/saveUserProfile.ts
constexpr std::size_t kMaxBio = 260;
constexpr std::size_t kMaxNickname = 120;
constexpr std::size_t kMaxStatusText = 120;
// The method RC names in the details of its profile errors.
constexpr std::string_view kProfileMethod = "saveUserProfile";

Error not_allowed_to_edit(std::string what) {
  Error e = domain_error("error-action-not-allowed", "Edit " + what + " is not allowed");
  e.details["method"] = "insertOrUpdateUser";
  e.details["action"] = "Update_user";
  return e;
}

Error profile_error(std::string code, std::string reason) {
  Error e = domain_error(std::move(code), std::move(reason));
  e.details["method"] = kProfileMethod;
  return e;
}

std::string trimmed(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return std::string(s);
}

// Characters as JavaScript's length counts them (UTF-16 units), for RC's size limits.
std::size_t js_length(std::string_view s) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    const std::size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    n += len == 4 ? 2 : 1;
    i += len;
  }
  return n;
}

bool given(const std::optional<std::string>& v) {
  return v && !v->empty();
}

// RC's isEditingField: present and different.
bool editing(const std::optional<std::string>& v, std::string_view current) {
  return v && *v != current;
}

}  // namespace

void read_profile_fields(
    ProfileUpdate& update, std::string_view name_key,
    const std::function<void(std::string_view key, std::optional<std::string>& field)>& read) {
  read("email", update.email);
  read(name_key, update.realname);
  read("username", update.username);
  read("statusText", update.status_text);
  read("newPassword", update.new_password);
  read("nickname", update.nickname);
  read("bio", update.bio);
}

json::object preferences_of(const store::UserRecord& user) {
  if (user.preferences.empty()) return {};
  boost::system::error_code ec;
  json::value v = json::parse(user.preferences, ec);
  if (ec || !v.is_object()) return {};
  return std::move(v.get_object());
}

std::optional<json::object> custom_fields_of(const store::UserRecord& user) {
  if (user.custom_fields.empty()) return std::nullopt;
  boost::system::error_code ec;
  json::value v = json::parse(user.custom_fields, ec);
  if (ec || !v.is_object()) return std::nullopt;
  return std::move(v.get_object());
}

Result<CustomFieldsDefinition> UserProfiles::custom_fields_definition() const {
  return parse_custom_fields_definition(settings_.string("Accounts_CustomFields"));
}

Status UserProfiles::check_custom_fields(const json::object& values) const {
  auto definition = custom_fields_definition();
  if (!definition) return definition.error();
  return validate_custom_fields(*definition, values);
}

Result<store::UserRecord> UserProfiles::save_custom_fields(std::string_view user_id,
                                                           const json::object& values,
                                                           bool validated) {
  auto definition = custom_fields_definition();
  if (!definition) return definition.error();
  if (!definition->enabled) {
    auto user = store_.user_by_id(user_id);
    if (!user) return domain_error("error-invalid-user", "Invalid user");
    return std::move(*user);
  }
  if (!validated) {
    if (auto ok = validate_custom_fields(*definition, values); !ok) return ok.error();
  }
  const std::string text = json::serialize(project_custom_fields(*definition, values));
  store::UserRecord written;
  store::UserRecord before;
  const int64_t now = clock_.now_ms();
  auto status = store_.modify_user(
      user_id,
      [&](store::UserRecord& u) {
        before = u;
        u.custom_fields = text;
        u.updated_at = std::max(u.updated_at, now);
        return true;
      },
      &written);
  if (status == store::WriteStatus::kNotFound) {
    return domain_error("error-invalid-user", "Invalid user");
  }
  if (status != store::WriteStatus::kOk) return internal_error();
  if (before.custom_fields != written.custom_fields) {
    publish_user_data(events_, written.id,
                      json::object{{"customFields", *custom_fields_of(written)}});
  }
  return written;
}

Status UserProfiles::check_editing(const store::UserRecord& me, const ProfileUpdate& data) const {
  // validateUserEditing, editing oneself: the settings apply whatever one's permissions.
  if (editing(data.username, me.username) && !settings_.boolean("Accounts_AllowUsernameChange")) {
    return not_allowed_to_edit("username");
  }
  if (editing(data.status_text, me.status_text) &&
      !settings_.boolean("Accounts_AllowUserStatusMessageChange")) {
    return not_allowed_to_edit("user status");
  }
  if (editing(data.realname, me.name) && !settings_.boolean("Accounts_AllowRealNameChange")) {
    return not_allowed_to_edit("user real name");
  }
  if (!me.emails.empty() && editing(data.email, me.emails[0].address) &&
      !settings_.boolean("Accounts_AllowEmailChange")) {
    return not_allowed_to_edit("user email");
  }
  if (given(data.new_password) && !settings_.boolean("Accounts_AllowPasswordChange")) {
    return not_allowed_to_edit("user password");
  }
  return Ok{};
}

Result<store::UserRecord> UserProfiles::update_own(const store::UserRecord& me,
                                                   const ProfileUpdate& data,
                                                   const json::object* custom_fields,
                                                   const SecondFactor& second,
                                                   std::string_view auth_token) {
  // twoFactorRequired wraps the whole method when the email or the password changes. It is
  // required outright there, so the request's token (bypassTwoFactor) does not matter.
  if (given(data.email) || given(data.new_password)) {
    const auto enabled = settings_.get("Accounts_TwoFactorAuthentication_Enabled");
    SecondFactorPolicy policy{!enabled || !enabled->value.is_bool() || enabled->value.get_bool(),
                              /*require=*/true, std::nullopt};
    if (auto ok = check_second_factor(me, second, policy); !ok) return ok.error();
  }
  if (!settings_.boolean("Accounts_AllowUserProfileChange")) {
    return profile_error("error-not-allowed", "Not allowed");
  }
  if (auto ok = check_editing(me, data); !ok) return ok.error();

  // saveUserIdentity: a bad or taken username cannot be saved.
  if (given(data.username) && *data.username != me.username && !is_valid_username(*data.username)) {
    return profile_error("error-could-not-save-identity", "Could not save user identity");
  }
  if (data.bio && js_length(*data.bio) > kMaxBio) {
    return profile_error("error-bio-size-exceeded",
                         "Bio size exceeds " + std::to_string(kMaxBio) + " characters");
  }
  if (given(data.nickname) && js_length(*data.nickname) > kMaxNickname) {
    return profile_error("error-nickname-size-exceeded",
                         "Nickname size exceeds " + std::to_string(kMaxNickname) + " characters");
  }
  const bool new_email = given(data.email) &&
                         lowercase(*data.email) != (me.emails.empty() ? "" : me.emails[0].address);
  if (new_email && !is_valid_email(*data.email)) {
    Error e = domain_error("error-invalid-email", "Invalid email " + *data.email);
    e.details["function"] = "RocketChat.setEmail";
    return e;
  }
  // Accounts_AllowPasswordChange off was refused above; a user without a password (RC: no
  // bcrypt) keeps none.
  std::string new_hash;
  if (given(data.new_password) && !me.password_hash.empty()) {
    const std::string digest = util::sha256_hex(*data.new_password);
    if (verify_password_digest(digest, me.password_hash)) {
      return profile_error("error-password-same-as-current",
                           "Entered password same as current password");
    }
    new_hash = hash_password_digest(digest, accounts_.hash_cost());
  }
  std::optional<CustomFieldsDefinition> definition;
  if (custom_fields != nullptr && !custom_fields->empty()) {
    auto parsed = custom_fields_definition();
    if (!parsed) return parsed.error();
    if (parsed->enabled) {
      if (auto ok = validate_custom_fields(*parsed, *custom_fields); !ok) return ok.error();
      definition = std::move(*parsed);
    }
  }
  std::optional<std::string> status_text;
  if (data.status_text) status_text = data.status_text->substr(0, kMaxStatusText);

  const int64_t now = clock_.now_ms();
  store::UserRecord written;
  auto status = store_.modify_user(
      me.id,
      [&](store::UserRecord& u) {
        if (given(data.realname)) u.name = trimmed(*data.realname);
        if (given(data.username)) u.username = *data.username;
        if (data.bio) u.bio = trimmed(*data.bio);
        if (given(data.nickname)) u.nickname = trimmed(*data.nickname);
        if (new_email) u.emails = {{lowercase(*data.email), false}};
        if (!new_hash.empty()) u.password_hash = new_hash;
        if (definition) {
          u.custom_fields = json::serialize(project_custom_fields(*definition, *custom_fields));
        }
        u.updated_at = std::max(u.updated_at, now);
        return true;
      },
      &written);
  if (auto ok = user_write_status(status, data.email, kProfileMethod); !ok) return ok.error();
  // The status text goes through presence, which stores and announces it with the status.
  if (status_text && *status_text != me.status_text) {
    if (presence_ != nullptr) {
      if (auto ok = presence_->set_default(written, written.status_default, *status_text); !ok) {
        return ok.error();
      }
    }
    written.status_text = *status_text;
  }
  // RC's removeOtherTokens after setPasswordAsync(logout: false): the caller stays in.
  if (!new_hash.empty()) {
    if (auth_token.empty() || !accounts_.remove_other_tokens(me.id, auth_token)) {
      accounts_.revoke_all_tokens(me.id);  // RC's fallback: _clearAllLoginTokens
    }
  }
  json::object diff = user_data_diff(me, written);
  if (written.nickname != me.nickname) diff["nickname"] = written.nickname;
  if (written.bio != me.bio) diff["bio"] = written.bio;
  if (written.custom_fields != me.custom_fields) {
    if (auto fields = custom_fields_of(written)) diff["customFields"] = std::move(*fields);
  }
  publish_user_data(events_, written.id, std::move(diff));
  if (written.username != me.username || written.name != me.name) {
    events_.logged_event(
        "Users:NameChanged",
        json::array{json::object{
            {"_id", written.id}, {"name", written.name}, {"username", written.username}}});
  }
  return written;
}

}  // namespace parley::chat
