#include "ddp/account_methods.hpp"

#include "chat/user_views.hpp"
#include "ddp/frames.hpp"
#include "ddp/method_helpers.hpp"
#include "util/hash.hpp"

namespace parley::ddp {

namespace json = boost::json;

namespace {

chat::Error unrecognized_login() {
  return chat::Error{
      chat::ErrorKind::kInvalidParams, 400, "Unrecognized options for login request", {}};
}

// The user selector: {username}, {email} or {id}; a bare string is a username or email.
std::optional<chat::UserSelector> read_selector(const json::value& v) {
  chat::UserSelector who;
  if (v.is_string()) {
    std::string s(v.get_string());
    (s.find('@') != std::string::npos ? who.email : who.username) = s;
    return who;
  }
  if (!v.is_object()) return std::nullopt;
  const auto& o = v.get_object();
  auto field = [&](const char* key, std::string& out) {
    if (const json::value* f = o.if_contains(key); f && f->is_string()) out = f->get_string();
  };
  field("username", who.username);
  field("email", who.email);
  field("id", who.id);
  if (who.empty()) return std::nullopt;
  return who;
}

MethodResult login_reply(MethodCall& call, chat::LoginResult login) {
  // Meteor also publishes the user's own document; ddp-client reads fields.username from it.
  call.session.send(make_frame({
      {"msg", "added"},
      {"collection", "users"},
      {"id", login.user.id},
      {"fields",
       json::object{
           {"username", login.user.username},
           {"name", login.user.name},
           {"status", login.user.status},
           {"roles", chat::user_public(login.user, chat::DateStyle::kEjson, false).at("roles")}}},
  }));
  json::object result{
      {"id", login.user.id},
      {"token", login.token},
      {"tokenExpires", chat::date_value(login.token_expires_ms, chat::DateStyle::kEjson)},
      {"type", login.type},
  };
  call.session.set_login(std::move(login.user), std::move(login.token));
  return std::optional<json::value>(std::move(result));
}

}  // namespace

MethodResult login_method(MethodCall& call) {
  if (call.params.size() != 1 || !call.params[0].is_object()) return match_failed();
  const json::object& request = call.params[0].get_object();
  chat::Accounts& accounts = call.session.service().accounts();
  const std::string& ip = call.session.remote_ip();

  chat::Result<chat::LoginResult> result = chat::internal_error();
  if (const json::value* resume = request.if_contains("resume")) {
    if (!resume->is_string()) return match_failed();
    result = accounts.login_with_token(resume->get_string());
  } else if (const json::value* user = request.if_contains("user")) {
    auto who = read_selector(*user);
    const json::value* password = request.if_contains("password");
    if (!who || password == nullptr) return match_failed();
    std::string digest;
    if (password->is_string()) {
      // sdk 0.2.9 (Asteroid) sends the plaintext; Meteor accepts both forms.
      digest = util::sha256_hex(password->get_string());
    } else if (password->is_object()) {
      const auto& p = password->get_object();
      const json::value* d = p.if_contains("digest");
      const json::value* algorithm = p.if_contains("algorithm");
      if (d == nullptr || !d->is_string() || algorithm == nullptr || !algorithm->is_string() ||
          algorithm->get_string() != "sha-256" || !chat::looks_like_sha256_hex(d->get_string())) {
        return match_failed();
      }
      digest = chat::normalise_digest(d->get_string());
    } else {
      return match_failed();
    }
    result = accounts.login_with_password(*who, digest, ip);
  } else {
    return unrecognized_login();
  }
  if (!result) return result.error();
  return login_reply(call, std::move(result.value()));
}

MethodResult logout_method(MethodCall& call) {
  std::string token = call.session.clear_login();
  if (!token.empty()) call.session.service().accounts().logout(token);
  return std::optional<boost::json::value>();
}

MethodResult remove_other_tokens_method(MethodCall& call) {
  auto me = call.session.user();
  const std::string token = call.session.login_token();
  if (!me || token.empty()) {
    return chat::domain_error("error-invalid-user", "Invalid user");
  }
  auto kept = call.session.service().accounts().remove_other_tokens(me->id, token);
  if (!kept) return kept.error();
  return std::optional<boost::json::value>();
}

}  // namespace parley::ddp
