#include "chat/personal_tokens.hpp"

#include <limits>

#include "chat/permissions.hpp"
#include "util/hash.hpp"
#include "util/ids.hpp"

namespace parley::chat {

namespace {

constexpr std::string_view kPermission = "create-personal-access-tokens";
// Never expires: housekeeping removes tokens whose expiry has passed.
constexpr int64_t kNever = std::numeric_limits<int64_t>::max();

Error not_authorized() {
  return domain_error("not-authorized", "Not Authorized");
}
Error no_such_token() {
  return domain_error("error-token-does-not-exists", "Token does not exist");
}

}  // namespace

std::optional<store::LoginTokenRecord> PersonalAccessTokens::find(const store::UserRecord& me,
                                                                  std::string_view name) {
  for (auto& token : store_.personal_access_tokens(me.id)) {
    if (token.name == name) return std::move(token);
  }
  return std::nullopt;
}

Result<std::vector<store::LoginTokenRecord>> PersonalAccessTokens::list(
    const store::UserRecord& me) {
  if (!has_permission(me, kPermission)) return not_authorized();
  return store_.personal_access_tokens(me.id);
}

Result<std::string> PersonalAccessTokens::generate(const store::UserRecord& me,
                                                   std::string_view name, bool bypass_two_factor) {
  if (!has_permission(me, kPermission)) return not_authorized();
  const std::string token = util::random_secret(43);
  store::LoginTokenRecord record;
  record.hashed_token = util::sha256_base64(token);
  record.user_id = me.id;
  record.created_at = clock_.now_ms();
  record.expires_at = kNever;
  record.name = std::string(name);
  record.last_token_part = token.substr(token.size() - 6);
  record.bypass_two_factor = bypass_two_factor;
  switch (store_.add_login_token(record)) {
    case store::WriteStatus::kOk:
      return token;
    case store::WriteStatus::kDuplicateName:
      return domain_error("error-token-already-exists", "A token with this name already exists");
    default:
      return internal_error();
  }
}

Result<std::string> PersonalAccessTokens::regenerate(const store::UserRecord& me,
                                                     std::string_view name) {
  if (!has_permission(me, kPermission)) return not_authorized();
  auto existing = find(me, name);
  if (!existing) return no_such_token();
  if (auto removed = remove(me, name); !removed) return removed.error();
  return generate(me, name, existing->bypass_two_factor);
}

Status PersonalAccessTokens::remove(const store::UserRecord& me, std::string_view name) {
  if (!has_permission(me, kPermission)) return not_authorized();
  auto existing = find(me, name);
  if (!existing) return no_such_token();
  if (store_.remove_login_token(existing->hashed_token) != store::WriteStatus::kOk) {
    return no_such_token();  // removed meanwhile
  }
  // Sessions resumed with it end, as with any removed login token.
  if (events_ != nullptr) events_->tokens_revoked(me.id, {existing->hashed_token});
  return Ok{};
}

}  // namespace parley::chat
