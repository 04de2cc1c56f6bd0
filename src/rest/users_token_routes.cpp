// Personal access tokens (users.getPersonalAccessTokens, users.generatePersonalAccessToken,
// users.regeneratePersonalAccessToken, users.removePersonalAccessToken), in Rocket.Chat's
// shapes. RC marks the three writes `twoFactorRequired`: the caller proves it is them with the
// X-2fa-Code header (the SHA-256 hex of the password) and X-2fa-Method: password, or gets
// totp-required (chat/two_factor.hpp).
#include "chat/user_views.hpp"
#include "rest/response.hpp"
#include "rest/room_helpers.hpp"
#include "rest/routes.hpp"
#include "util/hash.hpp"

namespace parley::rest::handlers {

namespace json = boost::json;

namespace {

chat::Status second_factor(Services& s, RestRequest& r) {
  chat::SecondFactor given{std::string(r.http.header("x-2fa-code")),
                           std::string(r.http.header("x-2fa-method"))};
  chat::SecondFactorPolicy policy;
  // The setting belongs to the settings catalogue; until it exists the check is on, as RC's
  // default.
  if (auto enabled = s.settings.get("Accounts_TwoFactorAuthentication_Enabled");
      enabled && enabled->value.is_bool()) {
    policy.enabled = enabled->value.get_bool();
  }
  policy.token = s.store.login_token(util::sha256_base64(r.auth_token));
  return chat::check_second_factor(r.me(), given, policy);
}

// {tokenName} as RC reads it: missing or empty is a plain failure.
std::optional<std::string> token_name(RestRequest& r) {
  const json::value* v = r.body.if_contains("tokenName");
  if (v == nullptr || !v->is_string() || v->get_string().empty()) return std::nullopt;
  return std::string(v->get_string());
}

const char* const kNameRequired = "The 'tokenName' param is required";

}  // namespace

// -> {tokens: [{name, createdAt, lastTokenPart, bypassTwoFactor}]}
net::HttpResponse users_get_personal_access_tokens(Services& s, RestRequest& r) {
  if (s.personal_tokens == nullptr) return failure(chat::internal_error());
  auto tokens = s.personal_tokens->list(r.me());
  if (!tokens) return failure(tokens.error());
  json::array out;
  for (const auto& t : tokens.value()) {
    out.emplace_back(
        json::object{{"name", t.name},
                     {"createdAt", chat::date_value(t.created_at, chat::DateStyle::kIso)},
                     {"lastTokenPart", t.last_token_part},
                     {"bypassTwoFactor", t.bypass_two_factor}});
  }
  return success({{"tokens", std::move(out)}});
}

// {tokenName, bypassTwoFactor?} -> {token}
net::HttpResponse users_generate_personal_access_token(Services& s, RestRequest& r) {
  if (s.personal_tokens == nullptr) return failure(chat::internal_error());
  if (auto ok = second_factor(s, r); !ok) return failure(ok.error());
  auto name = token_name(r);
  if (!name) return plain_failure(kNameRequired);
  Reader p(r.body);
  const bool bypass = p.optional_bool("bypassTwoFactor").value_or(false);
  if (p.error()) return failure(*p.error());
  auto token = s.personal_tokens->generate(r.me(), *name, bypass);
  if (!token) return failure(token.error());
  return success({{"token", token.value()}});
}

// {tokenName} -> {token}
net::HttpResponse users_regenerate_personal_access_token(Services& s, RestRequest& r) {
  if (s.personal_tokens == nullptr) return failure(chat::internal_error());
  if (auto ok = second_factor(s, r); !ok) return failure(ok.error());
  auto name = token_name(r);
  if (!name) return plain_failure(kNameRequired);
  auto token = s.personal_tokens->regenerate(r.me(), *name);
  if (!token) return failure(token.error());
  return success({{"token", token.value()}});
}

// {tokenName} -> {}
net::HttpResponse users_remove_personal_access_token(Services& s, RestRequest& r) {
  if (s.personal_tokens == nullptr) return failure(chat::internal_error());
  if (auto ok = second_factor(s, r); !ok) return failure(ok.error());
  auto name = token_name(r);
  if (!name) return plain_failure(kNameRequired);
  auto removed = s.personal_tokens->remove(r.me(), *name);
  if (!removed) return failure(removed.error());
  return success();
}

}  // namespace parley::rest::handlers
